import DKMCore
/// IDEC fine-tuning: mean g + gamma * mean KL(P || Q) by Adam over the auto-encoder and the
/// centers; the target P is recomputed from all points every `targetInterval` batches, and
/// training stops early once fewer than `tolerance` of the labels change between two targets.
final class IDECObjective: ClusteringObjective {
    let phase = TrainingPhase.idec
    /// Training stops once fewer than this share of the labels change between two targets.
    static let tolerance = 0.001
    private let targetInterval: Int
    private let lambda: Float
    private var target = Matrix(rows: 0, columns: 0)
    private var batchTarget: Matrix
    /// The hard assignments of this process's points at the last target refresh.
    private(set) var labels: [Int] = []
    /// Whether the target has been computed (at the first batch, or restored).
    private var refreshed = false
    /// Whether training stopped because the labels settled (`labels` are then current).
    private(set) var converged = false

    init(settings: DeepKMeansSettings, batchSize: Int) {
        targetInterval = settings.targetInterval
        lambda = settings.lambda
        batchTarget = Matrix(rows: batchSize, columns: settings.clusterCount)
    }

    /// Recomputes the target every `targetInterval` batches from all points; stops once fewer
    /// than `tolerance` of the labels changed since the last refresh. Distributed, each process
    /// refreshes its rows' target with the cluster frequencies f_j and the count of changed
    /// labels summed over every process.
    func shouldStop(before iteration: Int, trainer: DeepKMeansTrainer) throws -> Bool {
        guard iteration % max(targetInterval, 1) == 0 else { return false }
        let communicator = trainer.communicator
        let q = IDECLoss.softAssignments(trainer.embed(), centers: trainer.representatives.value)
        var frequencies = IDECLoss.frequencies(q)
        try communicator.sum(&frequencies)
        target = IDECLoss.target(q, frequencies: frequencies)
        let newLabels = IDECLoss.hardAssignments(q)
        let changed = try communicator.sum(refreshed ? zip(labels, newLabels).filter { $0 != $1 }.count : q.rows)
        labels = newLabels
        refreshed = true
        converged = iteration > 0 && Double(changed) / Double(trainer.layout.globalCount) < Self.tolerance
        return converged
    }

    /// The clusters when training ends: the labels just computed on an early stop, else those
    /// of the final `embedding`.
    func finalClusters(embedding: Matrix, centers: Matrix) -> [Int] {
        converged ? labels : IDECLoss.hardAssignments(IDECLoss.softAssignments(embedding, centers: centers))
    }

    func checkpointState(communicator: Communicator) throws -> ObjectiveState {
        var state = ObjectiveState()
        guard refreshed else { return state }
        state.integers["clusters"] = try communicator.allGatherConcatenated(labels)
        let values = try communicator.allGatherConcatenated(target.values)
        state.matrices["target"] = Matrix(rows: values.count / target.columns, columns: target.columns, values: values)
        return state
    }

    /// A state without a target is one from before the first refresh, which comes next.
    func restore(_ state: ObjectiveState, rows: Range<Int>, pointCount: Int, file: String) throws {
        let k = batchTarget.columns
        guard let clusters = try state.integers("clusters", count: pointCount, in: 0...(k - 1), file: file),
            let saved = try state.matrix("target", rows: pointCount, columns: k, file: file)
        else { return }
        labels = Array(clusters[rows])
        target = saved.gatheringRows(Array(rows))
        refreshed = true
    }

    func finalAssignment(embedding: Matrix, representatives: Matrix, trainer: DeepKMeansTrainer) -> Assignment {
        let (_, distances) = KMeans.assign(embedding, norms: embedding.rowSquaredNorms(), centers: representatives)
        return Assignment(
            clusters: finalClusters(embedding: embedding, centers: representatives),
            distances: distances.map(Float.init), weights: [Float](repeating: 1, count: embedding.rows))
    }

    func evaluate(
        batch: [Int], embedding: Matrix, representatives: Matrix, epoch: Int,
        embeddingGradient: inout Matrix, representativeGradient: inout Matrix
    ) -> Double {
        target.gatherRows(batch, into: &batchTarget)
        return IDECLoss.evaluate(
            embedding: embedding, centers: representatives, target: batchTarget, scale: lambda,
            embeddingGradient: &embeddingGradient, centerGradient: &representativeGradient)
    }
}
