import Foundation
import DKMCore

/// Everything that defines a training run; the defaults are the paper's.
public struct DeepKMeansSettings: Codable, Equatable, Sendable {
    public var clusterCount: Int
    /// Hidden encoder sizes (the decoder mirrors them).
    public var hiddenSizes: [Int] = [500, 500, 2000]
    /// Embedding dimension p; the paper uses p = K.
    public var embeddingSize: Int?
    public var batchSize: Int = 256
    public var optimizer = Adam()
    public var pretrainEpochs: Int = 50
    /// The weight of the clustering term against the reconstruction term: λ in the paper's
    /// loss, mean g + λ · mean clustering term; the same weight is γ in the IDEC paper and
    /// DCN's λ. The one name for it everywhere in dkm.
    public var lambda: Float = 1
    public var alphaSchedule: AlphaSchedule = .constant()
    /// g, the reconstruction dissimilarity.
    public var reconstructionDistance: Distance = .euclidean
    /// f, the clustering dissimilarity.
    public var clusteringDistance: Distance = .euclidean
    /// Fine-tuning epochs of the baselines DCN and IDEC (the paper: 50 pretrained, 200 not).
    public var baselineEpochs: Int = 50
    /// IDEC: batches between recomputations of the target distribution.
    public var targetInterval: Int = 140
    /// Move a representative that no point was nearest to during an epoch onto a far point
    /// (not in the paper, where a representative can end with no cluster).
    public var reseedsEmptyClusters = false
    /// Pretrain for at least this many minibatch steps, more epochs than `pretrainEpochs` on a
    /// small data set (the paper counts epochs only: 50 epochs of 120 points are 50 steps).
    public var minimumPretrainingSteps = 0
    /// Train after pretraining (each alpha value of the schedule; DCN, IDEC) for at least this
    /// many steps.
    public var minimumTrainingSteps = 0
    /// Pretrain for at most about this many minibatch steps: the whole epochs that cover the
    /// budget, when they are fewer than `pretrainEpochs` (nil: every epoch, as the paper). An
    /// auto-encoder learns from a number of steps more than from a number of passes, so a large
    /// corpus needs fewer epochs than a small one.
    public var pretrainingStepBudget: Int?
    /// The same for training after pretraining (each alpha value of the schedule; DCN, IDEC).
    public var trainingStepBudget: Int?
    /// Stop fine-tuning once the clusters have settled (`AssignmentStability`: under 0.1% of
    /// points changing cluster for 3 epochs in a row); the paper trains every epoch.
    public var stopsWhenSettled = false
    /// End pretraining before `pretrainEpochs` once the reconstruction loss stops improving
    /// (nil: the paper's fixed number of epochs).
    public var pretrainingPlateau: LossPlateau?
    /// Pretrain as a denoising auto-encoder: each input entry is dropped with this probability
    /// (0: the paper's plain auto-encoder; DEC and IDEC pretrain with 0.2).
    public var pretrainingInputDropout: Float = 0
    /// The number format of the network's products during training (weights, gradients and
    /// Adam's state stay single precision; the saved model assigns in single precision).
    public var productPrecision: ProductPrecision = .fp32
    /// k-means on the pretrained embedding (DKMp, AE-KM) or on the input (KM).
    public var kmeans: KMeansSettings

    public init(clusterCount: Int) {
        self.clusterCount = clusterCount
        self.kmeans = KMeansSettings(clusterCount: clusterCount)
    }

    private enum CodingKeys: String, CodingKey {
        case clusterCount, hiddenSizes, embeddingSize, batchSize, optimizer, pretrainEpochs, lambda, alphaSchedule
        case reconstructionDistance, clusteringDistance, baselineEpochs, targetInterval, kmeans, reseedsEmptyClusters
        case minimumPretrainingSteps, minimumTrainingSteps, pretrainingInputDropout, stopsWhenSettled, productPrecision
        case pretrainingPlateau, pretrainingStepBudget, trainingStepBudget
    }

    /// Reports, checkpoints and models written before a setting existed read it as its default.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(clusterCount: try container.decode(Int.self, forKey: .clusterCount))
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try container.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.hiddenSizes, into: &hiddenSizes)
        embeddingSize = try container.decodeIfPresent(Int.self, forKey: .embeddingSize)
        try read(.batchSize, into: &batchSize)
        try read(.optimizer, into: &optimizer)
        try read(.pretrainEpochs, into: &pretrainEpochs)
        try read(.lambda, into: &lambda)
        try read(.alphaSchedule, into: &alphaSchedule)
        try read(.reconstructionDistance, into: &reconstructionDistance)
        try read(.clusteringDistance, into: &clusteringDistance)
        try read(.baselineEpochs, into: &baselineEpochs)
        try read(.targetInterval, into: &targetInterval)
        try read(.kmeans, into: &kmeans)
        try read(.reseedsEmptyClusters, into: &reseedsEmptyClusters)
        try read(.minimumPretrainingSteps, into: &minimumPretrainingSteps)
        try read(.minimumTrainingSteps, into: &minimumTrainingSteps)
        try read(.pretrainingInputDropout, into: &pretrainingInputDropout)
        try read(.stopsWhenSettled, into: &stopsWhenSettled)
        try read(.productPrecision, into: &productPrecision)
        pretrainingPlateau = try container.decodeIfPresent(LossPlateau.self, forKey: .pretrainingPlateau)
        pretrainingStepBudget = try container.decodeIfPresent(Int.self, forKey: .pretrainingStepBudget)
        trainingStepBudget = try container.decodeIfPresent(Int.self, forKey: .trainingStepBudget)
    }

    /// Settings beyond the paper's are written only when they differ from it, so the paper's
    /// settings encode as they always did (stored reports, cache and checkpoint keys stay valid).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clusterCount, forKey: .clusterCount)
        try container.encode(hiddenSizes, forKey: .hiddenSizes)
        try container.encodeIfPresent(embeddingSize, forKey: .embeddingSize)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(optimizer, forKey: .optimizer)
        try container.encode(pretrainEpochs, forKey: .pretrainEpochs)
        try container.encode(lambda, forKey: .lambda)
        try container.encode(alphaSchedule, forKey: .alphaSchedule)
        try container.encode(reconstructionDistance, forKey: .reconstructionDistance)
        try container.encode(clusteringDistance, forKey: .clusteringDistance)
        try container.encode(baselineEpochs, forKey: .baselineEpochs)
        try container.encode(targetInterval, forKey: .targetInterval)
        try container.encode(kmeans, forKey: .kmeans)
        if reseedsEmptyClusters { try container.encode(true, forKey: .reseedsEmptyClusters) }
        if minimumPretrainingSteps != 0 { try container.encode(minimumPretrainingSteps, forKey: .minimumPretrainingSteps) }
        if minimumTrainingSteps != 0 { try container.encode(minimumTrainingSteps, forKey: .minimumTrainingSteps) }
        if pretrainingInputDropout != 0 { try container.encode(pretrainingInputDropout, forKey: .pretrainingInputDropout) }
        if stopsWhenSettled { try container.encode(true, forKey: .stopsWhenSettled) }
        if productPrecision != .fp32 { try container.encode(productPrecision, forKey: .productPrecision) }
        try container.encodeIfPresent(pretrainingPlateau, forKey: .pretrainingPlateau)
        try container.encodeIfPresent(pretrainingStepBudget, forKey: .pretrainingStepBudget)
        try container.encodeIfPresent(trainingStepBudget, forKey: .trainingStepBudget)
    }

    /// The settings with the step budgets and minimums turned into epochs for `pointCount`
    /// points: what a run on that many points trains with. A minimum wins over a budget.
    public func resolved(pointCount: Int) -> DeepKMeansSettings {
        let batches = BatchSampler(pointCount: max(pointCount, 1), batchSize: max(batchSize, 1)).batchesPerEpoch
        func epochs(_ given: Int, budget: Int?, minimum: Int) -> Int {
            guard given > 0 else { return 0 }
            let budgeted = budget.map { min(given, max(1, ($0 + batches - 1) / batches)) } ?? given
            return max(budgeted, (minimum + batches - 1) / batches)
        }
        var resolved = self
        resolved.pretrainEpochs = epochs(pretrainEpochs, budget: pretrainingStepBudget, minimum: minimumPretrainingSteps)
        resolved.alphaSchedule.epochsPerValue = epochs(
            alphaSchedule.epochsPerValue, budget: trainingStepBudget, minimum: minimumTrainingSteps)
        resolved.baselineEpochs = epochs(baselineEpochs, budget: trainingStepBudget, minimum: minimumTrainingSteps)
        resolved.minimumPretrainingSteps = 0
        resolved.minimumTrainingSteps = 0
        resolved.pretrainingStepBudget = nil
        resolved.trainingStepBudget = nil
        return resolved
    }

    public func architecture(inputSize: Int) -> AutoencoderArchitecture {
        AutoencoderArchitecture(
            inputSize: inputSize, hiddenSizes: hiddenSizes,
            embeddingSize: embeddingSize ?? clusterCount)
    }

    /// Checks the settings against the data (`pointCount` points of `inputSize` features) and
    /// the machine's memory, before anything is allocated.
    public func validate(pointCount: Int, inputSize: Int, trainsNetwork: Bool = true) throws {
        guard inputSize >= 1 else { throw ClusteringError.invalidSetting("the input has no features (0 values per point)") }
        guard clusterCount >= 1 else { throw ClusteringError.invalidSetting("the number of clusters must be at least 1") }
        guard pointCount >= clusterCount else { throw ClusteringError.tooFewPoints(points: pointCount, clusters: clusterCount) }
        guard batchSize >= 1 else { throw ClusteringError.invalidSetting("the batch size must be at least 1") }
        guard hiddenSizes.allSatisfy({ $0 >= 1 }), (embeddingSize ?? clusterCount) >= 1 else {
            throw ClusteringError.invalidSetting("layer sizes must be at least 1")
        }
        guard lambda.isFinite, lambda >= 0 else { throw ClusteringError.invalidSetting("lambda must be a finite number >= 0") }
        guard alphaSchedule.values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw ClusteringError.invalidSetting("alpha values must be finite and >= 0")
        }
        guard pretrainEpochs >= 0, alphaSchedule.epochsPerValue >= 0 else {
            throw ClusteringError.invalidSetting("epoch counts must be >= 0")
        }
        if let plateau = pretrainingPlateau {
            guard plateau.window >= 1, plateau.minimumImprovement.isFinite, plateau.minimumImprovement >= 0 else {
                throw ClusteringError.invalidSetting("the pretraining plateau needs a window of at least 1 epoch and an improvement >= 0")
            }
        }
        guard pretrainingInputDropout >= 0, pretrainingInputDropout < 1 else {
            throw ClusteringError.invalidSetting("the input dropout must be in [0, 1)")
        }
        guard !trainsNetwork || productPrecision.isSupported else {
            throw ClusteringError.invalidSetting(
                "this CPU cannot multiply in \(productPrecision.rawValue): oneDNN's bf16 products need AVX-512 (use --precision fp32)")
        }
        guard optimizer.learningRate.isFinite, optimizer.learningRate > 0 else {
            throw ClusteringError.invalidSetting("the learning rate must be a finite number > 0")
        }
        let needed = trainsNetwork ? trainingBytes(inputSize: inputSize) : 0
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        guard needed <= available else {
            throw ClusteringError.invalidSetting(
                String(
                    format:
                        "the network would need about %.3g GB of memory for training; this machine has %.3g GB (check the layer sizes, embedding size and batch size)",
                    needed / 1e9, available / 1e9))
        }
    }

    /// A lower bound on the memory training takes, in bytes (as a Double, so nothing overflows):
    /// every weight with its gradient and two Adam moments, and each layer's activations and
    /// their gradients for one batch.
    public func trainingBytes(inputSize: Int) -> Double {
        let sizes = architecture(inputSize: inputSize).layerSizes.map(Double.init)
        let weights = zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + ($1.0 + 1) * $1.1 }
        let activations = sizes.reduce(0, +) * Double(batchSize)
        return 4 * (4 * weights + 2 * activations)
    }
}
