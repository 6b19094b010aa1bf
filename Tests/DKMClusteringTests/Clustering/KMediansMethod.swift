import DeepKMeans

/// A method the library does not ship, written once by the recipe of docs/ARCHITECTURE.md to
/// show that a method is one file: k-medians in the embedding. After pretraining, k-means++
/// places the representatives; fine-tuning adds lambda times the mean L1 distance of each point
/// to the representative of its cluster, and at each epoch's end every point joins its nearest
/// representative by that distance. The clusters are the term's state, kept in checkpoints.
struct KMediansMethod: ClusteringMethodDefinition {
    let name = "k-medians"
    let displayName = "AE-KMedians"

    /// Registers the method (the one registry line) and returns it.
    static func registered() -> ClusteringMethod { MethodRegistry.register(KMediansMethod()) }

    func paperSettings(clusterCount: Int) -> DeepKMeansSettings {
        var settings = DeepKMeansSettings(clusterCount: clusterCount)
        settings.baselineEpochs = 50
        return settings
    }

    func objective(_ trainer: DeepKMeansTrainer, startingClusters: [Int]) -> ClusteringObjective {
        KMediansObjective(clusters: startingClusters, clusterCount: trainer.settings.clusterCount, lambda: trainer.settings.lambda)
    }
}

final class KMediansObjective: ClusteringObjective {
    let phase = TrainingPhase.fineTune
    /// The cluster of each of this process's points, refreshed at each epoch's end.
    private(set) var clusters: [Int]
    private let clusterCount: Int
    private let lambda: Float

    init(clusters: [Int], clusterCount: Int, lambda: Float) {
        self.clusters = clusters
        self.clusterCount = clusterCount
        self.lambda = lambda
    }

    /// sum_j |h_j - r_sj| averaged over the batch: d/dh = sign(h - r) / n, d/dr = -sign(h - r) / n.
    func evaluate(
        batch: [Int], embedding: Matrix, representatives: Matrix, epoch: Int,
        embeddingGradient: inout Matrix, representativeGradient: inout Matrix
    ) -> Double {
        let scale = lambda / Float(batch.count)
        representativeGradient.values.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        var total = 0.0
        for (row, point) in batch.enumerated() {
            let k = clusters[point]
            for j in 0..<embedding.columns {
                let difference = embedding[row, j] - representatives[k, j]
                total += Double(abs(difference))
                let sign: Float = difference > 0 ? 1 : difference < 0 ? -1 : 0
                embeddingGradient[row, j] = scale * sign
                representativeGradient[k, j] -= scale * sign
            }
        }
        return total / Double(batch.count)
    }

    func endEpoch(trainer: DeepKMeansTrainer) throws -> Int {
        clusters = Self.nearest(trainer.embed(), representatives: trainer.representatives.value).clusters
        return 0
    }

    func checkpointState(communicator: Communicator) throws -> ObjectiveState {
        var state = ObjectiveState()
        state.integers["clusters"] = try communicator.allGatherConcatenated(clusters)
        return state
    }

    func restore(_ state: ObjectiveState, rows: Range<Int>, pointCount: Int, file: String) throws {
        guard let saved = try state.integers("clusters", count: pointCount, in: 0...(clusterCount - 1), file: file) else {
            throw DataFileError(file: file, .mismatch("the checkpoint has no k-medians clusters"))
        }
        clusters = Array(saved[rows])
    }

    func finalAssignment(embedding: Matrix, representatives: Matrix, trainer: DeepKMeansTrainer) -> Assignment {
        Self.nearest(embedding, representatives: representatives)
    }

    /// Each row's nearest representative by the L1 distance, with that distance.
    static func nearest(_ embedding: Matrix, representatives: Matrix) -> Assignment {
        var clusters: [Int] = [], distances: [Float] = []
        for row in 0..<embedding.rows {
            let l1 = (0..<representatives.rows).map { k in
                (0..<embedding.columns).reduce(Float(0)) { $0 + abs(embedding[row, $1] - representatives[k, $1]) }
            }
            let best = l1.indices.min { l1[$0] < l1[$1] }!
            clusters.append(best)
            distances.append(l1[best])
        }
        return Assignment(clusters: clusters, distances: distances, weights: [Float](repeating: 1, count: embedding.rows))
    }
}
