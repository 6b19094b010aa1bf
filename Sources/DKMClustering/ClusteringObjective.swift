import DKMCore

/// The clustering term of the joint loss, mean g + lambda * (clustering term): the only part in
/// which DKM, DCN and IDEC differ. The trainer runs one loop for all of them (sampling, loading,
/// forward pass, reconstruction, NaN guard, backward pass, Adam, progress, history, checkpoints
/// and interruption) and asks the objective for its term.
///
/// lambda (the paper's λ; IDEC's γ) is `DeepKMeansSettings.lambda`. A method's definition
/// (`ClusteringMethodDefinition`) makes its objective.
public protocol ClusteringObjective: AnyObject {
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
    func evaluate(
        batch: [Int], embedding: Matrix, representatives: Matrix, epoch: Int,
        embeddingGradient: inout Matrix, representativeGradient: inout Matrix
    ) -> Double

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

    /// Continues from the state a checkpoint at `file` kept, over `pointCount` points in all;
    /// `rows` are this process's points in the global order. Throws, naming `file`, when the
    /// state is missing or does not fit.
    func restore(_ state: ObjectiveState, rows: Range<Int>, pointCount: Int, file: String) throws

    /// The clusters when training ends, from a clean pass: `embedding` holds this process's
    /// rows, `representatives` the trained ones.
    func finalAssignment(embedding: Matrix, representatives: Matrix, trainer: DeepKMeansTrainer) -> Assignment
}

extension ClusteringObjective {
    public func alpha(epoch: Int) -> Float? { nil }
    public func shouldStop(before iteration: Int, trainer: DeepKMeansTrainer) throws -> Bool { false }
    public var trainsRepresentatives: Bool { true }
    public func afterStep(batch: [Int], embedding: Matrix, representatives: inout Matrix) {}
    public func endEpoch(trainer: DeepKMeansTrainer) throws -> Int { 0 }
    public func checkpointState(communicator: Communicator) throws -> ObjectiveState { ObjectiveState() }
    public func restore(_ state: ObjectiveState, rows: Range<Int>, pointCount: Int, file: String) throws {}

    /// Each point in the cluster of its nearest representative by the squared Euclidean
    /// distance, with weight 1 (DCN, and the default).
    public func finalAssignment(embedding: Matrix, representatives: Matrix, trainer: DeepKMeansTrainer) -> Assignment {
        let (nearest, distances) = KMeans.assign(embedding, norms: embedding.rowSquaredNorms(), centers: representatives)
        return Assignment(
            clusters: nearest, distances: distances.map(Float.init),
            weights: [Float](repeating: 1, count: embedding.rows))
    }
}
