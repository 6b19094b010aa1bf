import DKMCore

/// Deep k-Means' term: sum_k f(h, r_k) G_k with G = softmax(-alpha (f - min f)), alpha following
/// the schedule (constant for DKMp, annealed for DKMa); gradients flow through G too.
final class DeepKMeansObjective: ClusteringObjective {
    let phase: TrainingPhase
    private let schedule: AlphaSchedule
    private let loss: SoftKMeansLoss
    private let lambda: Float
    private let reseeding: EmptyClusterReseeding?
    private let stability: AssignmentStability?

    init(settings: DeepKMeansSettings, schedule: AlphaSchedule, loss: SoftKMeansLoss, firstRow: Int, localCount: Int) {
        phase = settings.pretrainEpochs > 0 ? .fineTune : .anneal
        self.schedule = schedule
        self.loss = loss
        lambda = settings.lambda
        reseeding = settings.reseedsEmptyClusters ? EmptyClusterReseeding(clusterCount: settings.clusterCount, firstRow: firstRow) : nil
        stability = settings.stopsWhenSettled ? AssignmentStability(localCount: localCount) : nil
    }

    func shouldStop(before iteration: Int, trainer: DeepKMeansTrainer) -> Bool { stability?.isSettled ?? false }

    func alpha(epoch: Int) -> Float? { schedule.values[epoch / max(schedule.epochsPerValue, 1)] }

    func evaluate(
        batch: [Int], embedding: Matrix, representatives: Matrix, epoch: Int,
        embeddingGradient: inout Matrix, representativeGradient: inout Matrix
    ) -> Double {
        let term = loss.evaluate(
            embedding: embedding, representatives: representatives, alpha: alpha(epoch: epoch)!,
            scale: lambda, embeddingGradient: &embeddingGradient,
            representativeGradient: &representativeGradient)
        reseeding?.observe(batch: batch, embedding: embedding, distances: loss.distances)
        stability?.observe(batch: batch, distances: loss.distances)
        return term
    }

    func checkpointState(communicator: Communicator) throws -> ObjectiveState {
        try stability?.checkpointState(communicator: communicator) ?? ObjectiveState()
    }

    func restore(_ state: ObjectiveState, rows: Range<Int>, pointCount: Int, file: String) throws {
        try stability?.restore(state, rows: rows, pointCount: pointCount, clusterCount: loss.distances.columns, file: file)
    }

    /// Argmin_k f with the softmax weight of the chosen cluster at the schedule's last alpha.
    func finalAssignment(embedding: Matrix, representatives: Matrix, trainer: DeepKMeansTrainer) -> Assignment {
        trainer.assign(embedding: embedding)
    }

    func endEpoch(trainer: DeepKMeansTrainer) throws -> Int {
        try stability?.endEpoch(communicator: trainer.communicator)
        return try reseeding?.endEpoch(trainer.representatives, communicator: trainer.communicator) ?? 0
    }
}
