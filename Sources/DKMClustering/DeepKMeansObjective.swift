import DKMCore

/// Deep k-Means' term: sum_k f(h, r_k) G_k with G = softmax(-alpha (f - min f)), alpha following
/// the schedule (constant for DKMp, annealed for DKMa); gradients flow through G too.
final class DeepKMeansObjective: ClusteringObjective {
    let phase: TrainingPhase
    private let schedule: AlphaSchedule
    private let loss: SoftKMeansLoss
    private let lambda: Float

    init(settings: DeepKMeansSettings, schedule: AlphaSchedule, loss: SoftKMeansLoss) {
        phase = settings.pretrainEpochs > 0 ? .fineTune : .anneal
        self.schedule = schedule
        self.loss = loss
        lambda = settings.lambda
    }

    func alpha(epoch: Int) -> Float? { schedule.values[epoch / max(schedule.epochsPerValue, 1)] }

    func evaluate(batch: [Int], embedding: Matrix, representatives: Matrix, epoch: Int,
                  embeddingGradient: inout Matrix, representativeGradient: inout Matrix) -> Double {
        loss.evaluate(embedding: embedding, representatives: representatives, alpha: alpha(epoch: epoch)!, scale: lambda,
                      embeddingGradient: &embeddingGradient, representativeGradient: &representativeGradient)
    }
}
