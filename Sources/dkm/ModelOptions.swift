import ArgumentParser
import DeepKMeans

/// How each method is trained: they map one-to-one onto DeepKMeansSettings (the defaults are
/// the paper's). Shared by every command that trains, `reproduce` included.
struct ModelOptions: ParsableArguments {
    // The defaults the help prints: the paper's, and the recommended preset's for text.
    private static let paper = ClusteringMethod.dkmPretrained.settings(.paper, clusterCount: 1)
    private static let annealed = ClusteringMethod.dkmAnnealed.settings(.paper, clusterCount: 1)
    private static let text = ClusteringMethod.dkmPretrained.settings(.recommended, clusterCount: 1, for: .tfidf)
    private static func sizes(_ sizes: [Int]) -> String { sizes.map(String.init).joined(separator: ",") }

    @Option(
        help:
            "Settings to start from: recommended (cluster's default: the paper's with the changes measured in docs/experiments) or paper (the paper's exactly; evaluate's and reproduce's default)."
    )
    var preset: TrainingPreset?

    @Option(help: "Distance for both f and g: euclidean or cosine.")
    var distance: Distance?

    @Option(
        help:
            "Pretraining epochs (default: the method's; \(Self.paper.pretrainEpochs) for ae-km and dkm-p; for text with the recommended preset at most \(Self.text.pretrainEpochs) and those covering \(ClusteringMethod.recommendedTextPretrainingSteps) steps)."
    )
    var pretrainEpochs: Int?

    @Option(
        help:
            "Fine-tuning epochs: DKMp at constant alpha (default \(Self.paper.alphaSchedule.epochsPerValue); for text with the recommended preset at most \(Self.text.alphaSchedule.epochsPerValue) and those covering \(ClusteringMethod.recommendedTextTrainingSteps) steps), DCN and IDEC (default \(ClusteringMethod.dcnPretrained.defaultSettings(clusterCount: 1).baselineEpochs) with pretraining, \(ClusteringMethod.dcnNonPretrained.defaultSettings(clusterCount: 1).baselineEpochs) without)."
    )
    var epochs: Int?

    @Option(help: "IDEC: batches between recomputations of the target distribution (default \(Self.paper.targetInterval)).")
    var targetInterval: Int?

    @Option(help: "DKMp's constant alpha (default \(Int(Self.paper.alphaSchedule.values[0]))).")
    var alpha: Float?

    @Option(help: "DKMa: epochs per alpha value (default \(Self.annealed.alphaSchedule.epochsPerValue)).")
    var epochsPerAlpha: Int?

    @Option(help: "DKMa: number of alpha values (default \(Self.annealed.alphaSchedule.values.count)).")
    var alphaCount: Int?

    @Option(help: "Minibatch size (default \(Self.paper.batchSize)).")
    var batchSize: Int?

    @Option(
        help:
            "Adam learning rate (default \(Self.paper.optimizer.learningRate); \(Self.text.optimizer.learningRate) for text with the recommended preset)."
    )
    var learningRate: Float?

    @Option(
        help:
            "Hidden encoder layer sizes, comma-separated; the decoder mirrors them (default \(Self.sizes(paper.hiddenSizes)); \(Self.sizes(text.hiddenSizes)) for text with the recommended preset)."
    )
    var hidden: String?

    @Option(help: "Embedding size (default: the number of clusters, as in the paper).")
    var embeddingSize: Int?

    @Option(help: "k-means++ restarts (default \(Self.paper.kmeans.restarts)).")
    var kmeansRestarts: Int?

    @Option(help: "Pretrain for at least this many minibatch steps (more epochs on small data sets).")
    var pretrainSteps: Int?

    @Option(help: "Fine-tune for at least this many minibatch steps (per alpha value for dkm-a).")
    var trainSteps: Int?

    @Option(help: "Pretrain a denoising auto-encoder: drop each input value with this probability (0: the paper's).")
    var denoise: Float?

    @Option(help: "Training products in fp32, or in bf16 with fp32 accumulation (needs AVX-512).")
    var precision: ProductPrecision?

    @Option(help: "Stop fine-tuning once under 0.1% of points change cluster for 3 epochs: true or false.")
    var stopWhenSettled: Bool?

    @Option(help: "Move a representative that no point was nearest to in an epoch onto a far point: true or false.")
    var reseedEmptyClusters: Bool?

    @Flag(
        name: .customLong("spherical-kmeans"),
        help:
            "Spherical k-means (the cosine distance, on unit-length rows) for KM and for the k-means that starts AE-KM, DKMp, DCNp and IDECp (default: Euclidean, as the paper; KM with --distance cosine is always spherical)."
    )
    var sphericalKMeans = false

    func validate() throws {
        for (value, name) in [
            (pretrainEpochs, "pretrain-epochs"), (epochs, "epochs"), (pretrainSteps, "pretrain-steps"),
            (trainSteps, "train-steps"),
        ] {
            try OptionRanges.check(value, name, in: OptionRanges.counts)
        }
        try OptionRanges.check(kmeansRestarts, "kmeans-restarts", in: 1...OptionRanges.counts.upperBound)
        try OptionRanges.check(epochsPerAlpha, "epochs-per-alpha", in: 1...OptionRanges.counts.upperBound)
        try OptionRanges.check(alphaCount, "alpha-count", in: 1...10_000)
        try OptionRanges.check(targetInterval, "target-interval", in: 1...OptionRanges.counts.upperBound)
        try OptionRanges.check(batchSize, "batch-size", in: OptionRanges.sizes)
        try OptionRanges.check(embeddingSize, "embedding-size", in: OptionRanges.sizes)
        try OptionRanges.check(alpha, "alpha", in: 0...Float.infinity)
        try OptionRanges.check(learningRate, "learning-rate", in: 0...Float.infinity, aboveLowerBound: true)
        try OptionRanges.check(denoise, "denoise", in: 0...1)
        if denoise == 1 { throw ValidationError("--denoise must be below 1 (1 would drop every input value)") }
        if let hidden {
            let sizes = hidden.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.contains(nil) else { throw ValidationError("--hidden takes comma-separated whole numbers, got '\(hidden)'") }
            guard sizes.count <= 32 else { throw ValidationError("--hidden takes at most 32 layers, got \(sizes.count)") }
            for size in sizes { try OptionRanges.check(size, "hidden", in: OptionRanges.sizes) }
        }
    }
}
