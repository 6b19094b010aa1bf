import DKMCore

/// Tells when fine-tuning has stopped changing the clusters: over each epoch it counts the batch
/// points whose nearest representative differs from the one they had when last seen, and
/// after `patience` epochs in a row with fewer than `threshold` of them changed, the clusters
/// have settled and training can stop. (Not in the paper, which trains a fixed number of
/// epochs.) Checkpoints keep its state.
final class AssignmentStability {
    static let threshold = 0.001
    static let patience = 3

    /// Each local point's last nearest representative (-1: not seen yet).
    private var last: [Int32]
    private var changed = 0, seen = 0, calmEpochs = 0
    var isSettled: Bool { calmEpochs >= Self.patience }

    init(localCount: Int) {
        last = [Int32](repeating: -1, count: localCount)
    }

    /// Takes note of a batch: `batch` holds its points' local rows, `distances` f to every
    /// representative (a row per point).
    func observe(batch: [Int], distances: Matrix) {
        for i in 0..<distances.rows {
            var nearest = 0
            for k in 1..<distances.columns where distances[i, k] < distances[i, nearest] { nearest = k }
            let previous = last[batch[i]]
            if previous >= 0 {
                seen += 1
                if previous != Int32(nearest) { changed += 1 }
            }
            last[batch[i]] = Int32(nearest)
        }
    }

    /// The state over every process's points (a collective).
    func checkpointState(communicator: Communicator) throws -> ObjectiveState {
        var state = ObjectiveState()
        state.integers["lastNearest"] = try communicator.allGatherConcatenated(last).map(Int.init)
        state.integers["calmEpochs"] = [calmEpochs]
        return state
    }

    /// Continues from a checkpoint's state; `rows` are this process's points.
    func restore(_ state: ObjectiveState, rows: Range<Int>, pointCount: Int, clusterCount: Int, file: String) throws {
        if let nearest = try state.integers("lastNearest", count: pointCount, in: -1...(clusterCount - 1), file: file) {
            last = nearest[rows].map(Int32.init)
        }
        calmEpochs = try state.integers("calmEpochs", count: 1, in: 0...Int.max, file: file)?[0] ?? 0
    }

    /// Closes an epoch (every process together) and decides whether the clusters have settled.
    func endEpoch(communicator: Communicator) throws {
        var counts = [changed, seen]
        try communicator.sum(&counts)
        changed = 0
        seen = 0
        guard counts[1] > 0 else { return }
        calmEpochs = Double(counts[0]) < Self.threshold * Double(counts[1]) ? calmEpochs + 1 : 0
    }
}
