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
    /// The hard assignments at the last target refresh.
    private(set) var labels: [Int] = []
    /// Whether training stopped because the labels settled (`labels` are then current).
    private(set) var converged = false

    init(settings: DeepKMeansSettings, batchSize: Int) {
        targetInterval = settings.targetInterval
        lambda = settings.lambda
        batchTarget = Matrix(rows: batchSize, columns: settings.clusterCount)
    }

    /// Recomputes the target every `targetInterval` batches from all points; stops once fewer
    /// than `tolerance` of the labels changed since the last refresh.
    func shouldStop(before iteration: Int, trainer: DeepKMeansTrainer) -> Bool {
        guard iteration % max(targetInterval, 1) == 0 else { return false }
        let q = IDECLoss.softAssignments(trainer.embed(), centers: trainer.representatives.value)
        target = IDECLoss.target(q)
        let newLabels = IDECLoss.hardAssignments(q)
        let changed = labels.isEmpty ? q.rows : zip(labels, newLabels).filter { $0 != $1 }.count
        labels = newLabels
        converged = iteration > 0 && Double(changed) / Double(q.rows) < Self.tolerance
        return converged
    }

    /// The clusters when training ends: the labels just computed on an early stop, else those
    /// of the final `embedding`.
    func finalClusters(embedding: Matrix, centers: Matrix) -> [Int] {
        converged ? labels : IDECLoss.hardAssignments(IDECLoss.softAssignments(embedding, centers: centers))
    }

    func checkpointState(communicator: Communicator) throws -> ObjectiveState {
        var state = ObjectiveState()
        state.clusters = labels.isEmpty ? nil : labels
        state.target = target.rows == 0 ? nil : target
        return state
    }

    func restore(_ state: ObjectiveState, rows: Range<Int>) {
        if let clusters = state.clusters { labels = Array(clusters[rows]) }
        if let saved = state.target { target = saved.gatheringRows(Array(rows)) }
    }

    func evaluate(batch: [Int], embedding: Matrix, representatives: Matrix, epoch: Int,
                  embeddingGradient: inout Matrix, representativeGradient: inout Matrix) -> Double {
        target.gatherRows(batch, into: &batchTarget)
        return IDECLoss.evaluate(embedding: embedding, centers: representatives, target: batchTarget, scale: lambda,
                                 embeddingGradient: &embeddingGradient, centerGradient: &representativeGradient)
    }
}

