import DKMCore
/// The Deep Clustering Network (Yang et al., ICML 2017) as the paper compares it: per minibatch,
/// one Adam step on mean g + lambda * mean ||h - r_s(x)||^2 with the current hard assignments
/// s; then every sample of the batch is reassigned to its nearest representative and that
/// representative moves by the count-based step r_k <- r_k - (1 / c_k)(r_k - h), counts
/// starting at 100. (The reference TensorFlow code applied these updates to the last sample of
/// each minibatch only, a bug not copied here.)
public enum DCNUpdate {
    /// Reassigns the `batch` points (rows of `embedding`, in batch order) and moves the
    /// representatives, one sample after another.
    public static func apply(
        embedding: Matrix, batch: [Int], assignments: inout [Int], representatives: inout Matrix,
        counts: inout [Double]
    ) {
        apply(embedding: embedding, rowCount: batch.count, representatives: &representatives, counts: &counts) { row, cluster in
            assignments[batch[row]] = cluster
        }
    }

    /// The same for the first `rowCount` rows of `embedding`, reporting each row's new cluster
    /// to `assign(row, cluster)`.
    static func apply(
        embedding: Matrix, rowCount: Int, representatives: inout Matrix, counts: inout [Double],
        assign: (Int, Int) -> Void
    ) {
        let p = embedding.columns
        for row in 0..<rowCount {
            var best = 0, bestDistance = Float.infinity
            for k in 0..<representatives.rows {
                var d: Float = 0
                for j in 0..<p { let t = embedding[row, j] - representatives[k, j]; d += t * t }
                if d < bestDistance { bestDistance = d; best = k }
            }
            assign(row, best)
            counts[best] += 1
            let rate = Float(1 / counts[best])
            for j in 0..<p { representatives[best, j] -= rate * (representatives[best, j] - embedding[row, j]) }
        }
    }
}

/// DCN's term: ||h - r_s(x)||^2 with the current hard assignment s of each point; after each
/// step the batch is reassigned and the representatives move by `DCNUpdate`. Distributed, every
/// process moves the representatives alike from the whole batch and keeps the clusters of its rows.
final class DCNObjective: ClusteringObjective {
    let phase = TrainingPhase.dcn
    /// The clusters of this process's points.
    private(set) var assignments: [Int]
    /// The global indices of this process's points.
    private let rows: Range<Int>
    private var counts: [Double]
    private let lambda: Float

    init(assignments: [Int], rows: Range<Int>, settings: DeepKMeansSettings) {
        self.assignments = assignments
        self.rows = rows
        counts = [Double](repeating: 100, count: settings.clusterCount)
        lambda = settings.lambda
    }

    var trainsRepresentatives: Bool { false }

    func evaluate(
        batch: [Int], embedding: Matrix, representatives: Matrix, epoch: Int,
        embeddingGradient: inout Matrix, representativeGradient: inout Matrix
    ) -> Double {
        let scale = 2 * lambda / Float(batch.count)
        var clustering = 0.0
        for (row, point) in batch.enumerated() {
            let k = assignments[point]
            for j in 0..<embedding.columns {
                let difference = embedding[row, j] - representatives[k, j]
                clustering += Double(difference * difference)
                embeddingGradient[row, j] = scale * difference
            }
        }
        return clustering / Double(batch.count)
    }

    func checkpointState(communicator: Communicator) throws -> ObjectiveState {
        var state = ObjectiveState()
        state.integers["clusters"] = try communicator.allGatherConcatenated(assignments)
        state.reals["counts"] = counts
        return state
    }

    func restore(_ state: ObjectiveState, rows: Range<Int>, pointCount: Int, file: String) throws {
        let k = counts.count
        guard let clusters = try state.integers("clusters", count: pointCount, in: 0...(k - 1), file: file) else {
            throw DataFileError(file: file, .mismatch("the checkpoint has no DCN clusters to continue from"))
        }
        assignments = Array(clusters[rows])
        if let saved = try state.reals("counts", count: k, file: file) { counts = saved }
    }

    func afterStep(batch: [Int], embedding: Matrix, representatives: inout Matrix) {
        DCNUpdate.apply(embedding: embedding, rowCount: batch.count, representatives: &representatives, counts: &counts) { row, cluster in
            if rows.contains(batch[row]) { assignments[batch[row] - rows.lowerBound] = cluster }
        }
    }
}
