import Foundation
import DKMCore

/// Periodic checkpoints of a training run, for resuming after a crash, a kill or a signal.
public struct Checkpointing: Sendable {
    /// The checkpoint file (a safetensors file with the training state in its metadata).
    public var path: String
    /// Seconds of work at most between checkpoints (written at epoch ends).
    public var interval: TimeInterval
    /// Continue from `path` when it exists.
    public var resume: Bool

    public init(path: String, interval: TimeInterval = 60, resume: Bool = false) {
        self.path = path
        self.interval = interval
        self.resume = resume
    }

    /// Refuses a path where writing a checkpoint would replace something dkm did not write:
    /// anything but a missing file or an earlier dkm checkpoint (or pretraining snapshot).
    public func checkPath() throws {
        guard !path.isEmpty else { throw OutputError.emptyPath }
        guard let type = try OutputPath.existingType(path) else { return }
        guard type == S_IFREG, TrainingSnapshot.isSnapshot(path) else { throw OutputError.notACheckpoint(path) }
    }

    /// Checks the path for a run that will write checkpoints there, and locks it for the run
    /// (release it when the run ends): another run with the same checkpoint is refused as busy,
    /// and without `resume` an earlier run's checkpoint is refused rather than replaced.
    public func claim() throws -> FileLock {
        try checkPath()
        if !resume, FileManager.default.fileExists(atPath: path) { throw OutputError.checkpointExists(path) }
        return try FileLock(forOutputAt: path)
    }
}
