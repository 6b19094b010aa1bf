import DKMCore
/// What a long computation reports while it runs (rendered by `ProgressBar`).
public struct TrainingProgress: Sendable {
    public var phase: TrainingPhase
    /// Epochs done in this phase, fractional within an epoch.
    public var completed: Double
    public var total: Int
    /// Mean loss of the batches so far in the current epoch.
    public var loss: Double?
    public var alpha: Float?

    public init(phase: TrainingPhase, completed: Double, total: Int, loss: Double? = nil, alpha: Float? = nil) {
        self.phase = phase
        self.completed = completed
        self.total = total
        self.loss = loss
        self.alpha = alpha
    }
}

public typealias ProgressHandler = (TrainingProgress) -> Void

/// One epoch's mean losses, for training curves.
public struct EpochRecord: Codable, Equatable, Sendable {
    public var phase: TrainingPhase
    public var epoch: Int
    public var alpha: Float?
    public var reconstructionLoss: Double
    public var clusteringLoss: Double?
    /// Representatives moved onto a point at the epoch's end because no point was nearest to
    /// them (with `DeepKMeansSettings.reseedsEmptyClusters`); nil when none moved.
    public var reseeded: Int? = nil

    public init(
        phase: TrainingPhase, epoch: Int, alpha: Float?, reconstructionLoss: Double, clusteringLoss: Double?,
        reseeded: Int? = nil
    ) {
        self.phase = phase
        self.epoch = epoch
        self.alpha = alpha
        self.reconstructionLoss = reconstructionLoss
        self.clusteringLoss = clusteringLoss
        self.reseeded = reseeded
    }
}
