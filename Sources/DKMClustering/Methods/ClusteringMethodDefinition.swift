import DKMCore

/// Everything that makes a method itself: its names, its paper settings, how its clusters start
/// and the clustering term it fine-tunes with. `TrainingSession` runs every deep method the same
/// way (pretrain, start, fine-tune, assign) and asks the definition at each step; adding a
/// method is one type conforming to this and one line in `MethodRegistry` (docs/ARCHITECTURE.md).
public protocol ClusteringMethodDefinition: Sendable {
    /// The name on the command line and in stored results ("dkm-p"); never changed once released.
    var name: String { get }
    /// The name in tables and reports ("DKMp").
    var displayName: String { get }
    /// Starts from a pretrained auto-encoder: the paper's "with pretraining" group.
    var usesPretraining: Bool { get }
    /// The paper's name for the weight between reconstruction and clustering (λ is
    /// `DeepKMeansSettings.lambda`; IDEC calls it gamma), nil for a method without one.
    var weightName: String? { get }
    /// The paper's settings (`TrainingPreset.paper`).
    func paperSettings(clusterCount: Int) -> DeepKMeansSettings

    /// Whether it trains an auto-encoder (all but KM).
    var trainsNetwork: Bool { get }
    /// The pretraining epochs a run with `settings` trains.
    func pretrainingEpochs(_ settings: DeepKMeansSettings) -> Int
    /// The fine-tuning epochs a run with `settings` trains.
    func fineTuningEpochs(_ settings: DeepKMeansSettings) -> Int
    /// f, the dissimilarity its clusters are made by, by which new points are placed.
    func distance(_ settings: DeepKMeansSettings) -> Distance
    /// `settings` with the fine-tuning a user asked for (nil keeps the setting): `epochs` of
    /// fine-tuning, and for DKM the constant `alpha`, or the annealing's `alphaCount` values of
    /// `epochsPerAlpha` epochs each.
    func fineTuning(
        _ settings: DeepKMeansSettings, epochs: Int?, alpha: Float?, alphaCount: Int?, epochsPerAlpha: Int?
    ) -> DeepKMeansSettings

    /// Places the representatives and returns the clusters fine-tuning starts from (this
    /// process's points; empty when the method starts from its representatives alone).
    func startingClusters(_ trainer: DeepKMeansTrainer, pretrained: Bool) throws -> [Int]
    /// The result right after pretraining, for a method that does not fine-tune (AE-KM); nil
    /// for the others.
    func clustersWithoutFineTuning(_ trainer: DeepKMeansTrainer) throws -> (assignment: Assignment, centers: Matrix)?
    /// The clustering term of fine-tuning, from `startingClusters`' clusters (empty when the run
    /// resumes: the term's state then comes from the checkpoint).
    func objective(_ trainer: DeepKMeansTrainer, startingClusters: [Int]) -> ClusteringObjective

    /// Runs the method (resolved and validated `settings`); deep methods by `TrainingSession`.
    func run(on features: Features, settings: DeepKMeansSettings, seed: UInt64, context: MethodRunContext) throws -> ClusteringRun
}

/// Where a run reports, caches, checkpoints and communicates.
public struct MethodRunContext {
    public var pretrainingCache: String?
    public var checkpointing: Checkpointing?
    public var progress: ProgressHandler?
    public var communicator: Communicator
}

extension ClusteringMethodDefinition {
    public var usesPretraining: Bool { true }
    public var weightName: String? { "lambda" }
    public var trainsNetwork: Bool { true }
    public func pretrainingEpochs(_ settings: DeepKMeansSettings) -> Int { settings.pretrainEpochs }
    public func fineTuningEpochs(_ settings: DeepKMeansSettings) -> Int { settings.baselineEpochs }
    public func distance(_ settings: DeepKMeansSettings) -> Distance { .euclidean }

    /// `epochs` of fine-tuning (DCN, IDEC); alpha does not apply.
    public func fineTuning(
        _ settings: DeepKMeansSettings, epochs: Int?, alpha: Float?, alphaCount: Int?, epochsPerAlpha: Int?
    ) -> DeepKMeansSettings {
        var settings = settings
        if let epochs { settings.baselineEpochs = epochs }
        return settings
    }

    /// k-means++ on the embedding, which places the representatives.
    public func startingClusters(_ trainer: DeepKMeansTrainer, pretrained: Bool) throws -> [Int] {
        try trainer.initializeRepresentativesWithKMeans().assignments
    }

    public func clustersWithoutFineTuning(_ trainer: DeepKMeansTrainer) throws -> (assignment: Assignment, centers: Matrix)? { nil }

    public func run(on features: Features, settings: DeepKMeansSettings, seed: UInt64, context: MethodRunContext) throws -> ClusteringRun {
        try TrainingSession.run(self, on: features, settings: settings, seed: seed, context: context)
    }
}
