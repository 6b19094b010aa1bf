import DKMCore
/// The outcome of running one method once.
public struct ClusteringRun {
    public var method: ClusteringMethod
    public var seed: UInt64
    public var assignment: Assignment
    /// The final embedding of every point (nil for KM, which clusters the input).
    public var embedding: Matrix?
    /// Representatives (DKM) or k-means centers, in the space the points were clustered in.
    public var representatives: Matrix
    /// The representatives in the input space: decoded by the auto-encoder (KM: the centers);
    /// under the cosine distance, each at its members' mean length (`representativeNorms`).
    public var decodedRepresentatives: Matrix
    public var history: [EpochRecord]
    /// The trained auto-encoder (nil for KM).
    public var network: Autoencoder? = nil
    /// The settings the run trained with.
    public var settings: DeepKMeansSettings? = nil
    /// DKMp only: the k-means++ clusters of the pretrained embedding that initialized the
    /// representatives. With the same seed this is exactly what AE-KM returns.
    public var pretrainedClusters: [Int]? = nil
    /// Deep methods under the cosine distance: the length each representative is decoded at,
    /// its members' mean embedding norm (`MemberNorms`); nil where a representative is a point.
    public var representativeNorms: [Float]? = nil
    /// Seconds the run had already trained in earlier processes when it resumed from a
    /// checkpoint (0 when it ran in one go); add the time of this call for the run's total.
    public var secondsBeforeResume: Double = 0

    /// f, the dissimilarity the method clustered with, by which points are placed.
    public var distance: Distance {
        method.definition.distance(settings ?? method.defaultSettings(clusterCount: representatives.rows))
    }

    /// Epochs trained after pretraining, counted in the history (IDEC's last one is partial when
    /// it stopped early between two epochs' ends); nil for KM, which has no epochs.
    public var fineTuningEpochs: Int? {
        method.definition.trainsNetwork ? history.filter { $0.phase != DeepKMeansTrainer.pretrainingPhase }.count : nil
    }
}

extension ClusteringRun {
    /// A run made outside training (a saved model's clusters merged, say).
    public init(
        method: ClusteringMethod, seed: UInt64, assignment: Assignment, embedding: Matrix?, representatives: Matrix,
        decodedRepresentatives: Matrix, history: [EpochRecord], network: Autoencoder?, settings: DeepKMeansSettings?,
        representativeNorms: [Float]?
    ) {
        self.init(
            method: method, seed: seed, assignment: assignment, embedding: embedding, representatives: representatives,
            decodedRepresentatives: decodedRepresentatives, history: history, network: network, settings: settings,
            pretrainedClusters: nil, representativeNorms: representativeNorms, secondsBeforeResume: 0)
    }
}

extension ClusteringMethod {
    /// Runs this method on `features` with everything drawn from `seed`.
    ///
    /// With the same seed, AE-KM and DKMp see the same initial weights, the same pretraining
    /// batches and the same k-means++ draws, as in the paper's protocol.
    ///
    /// With `pretrainingCache` (a folder), the state right after pretraining is saved there per
    /// (data, settings, seed) and later runs start from it instead of pretraining again; the
    /// results are identical either way.
    ///
    /// Distributed (`communicator.isDistributed`), `features` are this process's rows and the
    /// returned run, on every process, covers all rows in the global order.
    public func run(
        on features: Features, settings: DeepKMeansSettings, seed: UInt64,
        pretrainingCache: String? = nil, checkpointing: Checkpointing? = nil,
        progress: ProgressHandler? = nil, communicator: Communicator = SingleProcess.shared
    ) throws -> ClusteringRun {
        let settings = settings.resolved(pointCount: try communicator.sum(features.rows))
        let run = try runLocally(
            on: features, settings: settings, seed: seed, pretrainingCache: pretrainingCache,
            checkpointing: checkpointing, progress: progress, communicator: communicator)
        return communicator.isDistributed ? try run.gathered(communicator) : run
    }

    /// The run on this process's rows (all rows without distribution).
    private func runLocally(
        on features: Features, settings: DeepKMeansSettings, seed: UInt64, pretrainingCache: String?,
        checkpointing: Checkpointing?, progress: ProgressHandler?,
        communicator: Communicator
    ) throws -> ClusteringRun {
        try settings.validate(
            pointCount: try communicator.sum(features.rows), inputSize: features.columns,
            trainsNetwork: definition.trainsNetwork)
        let context = MethodRunContext(
            pretrainingCache: pretrainingCache, checkpointing: checkpointing, progress: progress,
            communicator: communicator)
        return try definition.run(on: features, settings: settings, seed: seed, context: context)
    }
}

extension ClusteringRun {
    /// The run of every process's rows, concatenated in rank order (the global order), on every
    /// process: assignments, distances, weights and embeddings are gathered, nothing else differs
    /// (`pretrainedClusters` are global already: they are kept in checkpoints).
    func gathered(_ communicator: Communicator) throws -> ClusteringRun {
        var run = self
        run.assignment = Assignment(
            clusters: try communicator.allGatherConcatenated(assignment.clusters),
            distances: try communicator.allGatherConcatenated(assignment.distances),
            weights: try communicator.allGatherConcatenated(assignment.weights))
        if let embedding {
            let values = try communicator.allGatherConcatenated(embedding.values)
            run.embedding = Matrix(rows: values.count / max(embedding.columns, 1), columns: embedding.columns, values: values)
        }
        return run
    }
}
