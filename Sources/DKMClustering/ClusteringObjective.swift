import DKMCore

/// The clustering term of the joint loss, mean g + lambda * (clustering term): the only part in
/// which DKM, DCN and IDEC differ. The trainer runs one loop for all of them (sampling, loading,
/// forward pass, reconstruction, NaN guard, backward pass, Adam, progress, history, checkpoints
/// and interruption) and asks the objective for its term.
///
/// lambda (the paper's λ; IDEC's γ) is `DeepKMeansSettings.lambda`.
protocol ClusteringObjective: AnyObject {
    var phase: TrainingPhase { get }

    /// DKM's alpha in `epoch` (0-based), reported with progress and history; nil for the others.
    func alpha(epoch: Int) -> Float?

    /// Called before each batch, `iteration` counting batches from the start of the phase;
    /// true ends training there (IDEC, once its labels have settled). Every process calls it at
    /// the same iteration and gets the same answer (a collective where the term needs one).
    func shouldStop(before iteration: Int, trainer: DeepKMeansTrainer) throws -> Bool

    /// The term's mean over the batch (without lambda); writes lambda times its gradient with
    /// respect to the batch's embedding and, when the representatives are trained by Adam, to
    /// the representatives.
    func evaluate(batch: [Int], embedding: Matrix, representatives: Matrix, epoch: Int,
                  embeddingGradient: inout Matrix, representativeGradient: inout Matrix) -> Double

    /// Whether Adam trains the representatives (DKM, IDEC); DCN moves them by its own rule in
    /// `afterStep`, which then sees the whole batch.
    var trainsRepresentatives: Bool { get }

    /// After the step, when Adam does not train the representatives (DCN reassigns the batch
    /// and moves its representatives): `batch` holds global indices and `embedding` their rows
    /// in batch order, every process's rows on every process.
    func afterStep(batch: [Int], embedding: Matrix, representatives: inout Matrix)

    /// At the end of each epoch, before its checkpoint; returns how many representatives were
    /// moved (DKM's reseeding of empty clusters).
    func endEpoch(trainer: DeepKMeansTrainer) throws -> Int

    /// What the term carries to the next epoch, over every process's points (a collective).
    func checkpointState(communicator: Communicator) throws -> ObjectiveState

    /// Continues from a checkpoint's state; `rows` are this process's points in the global order.
    func restore(_ state: ObjectiveState, rows: Range<Int>)
}

extension ClusteringObjective {
    func alpha(epoch: Int) -> Float? { nil }
    func shouldStop(before iteration: Int, trainer: DeepKMeansTrainer) throws -> Bool { false }
    var trainsRepresentatives: Bool { true }
    func afterStep(batch: [Int], embedding: Matrix, representatives: inout Matrix) {}
    func endEpoch(trainer: DeepKMeansTrainer) throws -> Int { 0 }
    func checkpointState(communicator: Communicator) throws -> ObjectiveState { ObjectiveState() }
    func restore(_ state: ObjectiveState, rows: Range<Int>) {}
}
