import Foundation
import DKMCore

/// The checkpoints of one training run, as a watcher of its steps: the session tells it where
/// the run stands after each epoch and stage, and it writes a snapshot when the interval has
/// passed, when forced, or when a signal asked the run to stop (then it stops the run).
/// Without `Checkpointing` it does nothing.
final class RunCheckpoints {
    private let checkpointing: Checkpointing?
    /// The run's key: a snapshot resumes only a run with the same data, settings and seed.
    let key: String
    private let communicator: Communicator
    /// Seconds the run had trained in earlier processes (from the snapshot it resumed).
    var secondsBeforeResume = 0.0
    private let started = Date()
    private var lastWrite = Date()

    init(_ checkpointing: Checkpointing?, key: String, communicator: Communicator) {
        self.checkpointing = checkpointing
        self.key = key
        self.communicator = communicator
    }

    /// The checkpoint file ("" without checkpointing).
    var path: String { checkpointing?.path ?? "" }

    /// The snapshot to continue from, when resuming and the checkpoint (`path`) exists.
    func snapshotToResume() throws -> TrainingSnapshot? {
        guard let checkpointing, checkpointing.resume else { return nil }
        return try TrainingSnapshot.readIfPresent(from: checkpointing.path, communicator: communicator)
    }

    /// Writes the trainer's state at `position` (with the clustering term's, once fine-tuning
    /// has started) if due, and stops the run if a signal asked for it.
    func save(
        _ trainer: DeepKMeansTrainer, position: TrainingPosition, objective: ClusteringObjective? = nil,
        force: Bool = false
    ) throws {
        guard let checkpointing else { return }
        // Every rank takes the same decisions, from one sum of both flags (the objective's
        // state is gathered); rank 0 writes.
        var flags = [Interruption.requested != 0 ? 1 : 0, force || Date().timeIntervalSince(lastWrite) >= checkpointing.interval ? 1 : 0]
        try communicator.sum(&flags)
        let stop = flags[0] > 0
        if stop || flags[1] > 0 {
            var position = position
            position.seconds = secondsBeforeResume + Date().timeIntervalSince(started)
            let state = try objective?.checkpointState(communicator: communicator)
            try trainer.snapshot(key: key, position: position, objective: state).write(to: checkpointing.path, communicator: communicator)
            lastWrite = Date()
        }
        if stop { throw ClusteringError.interrupted(checkpoint: checkpointing.path) }
    }

    /// The run is done: its checkpoint goes.
    func remove() {
        guard communicator.isRoot, let path = checkpointing?.path else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
