import ArgumentParser
import DeepKMeans

/// How each method is trained: they map one-to-one onto DeepKMeansSettings (the defaults are
/// the paper's). Shared by every command that trains, `reproduce` included.
struct ModelOptions: ParsableArguments {
    @Option(help: "Distance for both f and g: euclidean or cosine.")
    var distance: Distance?

    @Option(help: "Pretraining epochs (default: the method's; 50 for ae-km and dkm-p).")
    var pretrainEpochs: Int?

    @Option(help: "Fine-tuning epochs: DKMp at constant alpha (default 100), DCN and IDEC (default 50 with pretraining, 200 without).")
    var epochs: Int?

    @Option(help: "IDEC: batches between recomputations of the target distribution.")
    var targetInterval: Int = 140

    @Option(help: "DKMp's constant alpha (default 1000).")
    var alpha: Float?

    @Option(help: "DKMa: epochs per alpha value (default 5).")
    var epochsPerAlpha: Int?

    @Option(help: "DKMa: number of alpha values (default 40).")
    var alphaCount: Int?

    @Option(help: "Minibatch size.")
    var batchSize: Int = 256

    @Option(help: "Adam learning rate.")
    var learningRate: Float = 1e-3

    @Option(help: "Hidden encoder layer sizes, comma-separated (the decoder mirrors them).")
    var hidden: String = "500,500,2000"

    @Option(help: "Embedding size (default: the number of clusters, as in the paper).")
    var embeddingSize: Int?

    @Option(help: "k-means++ restarts.")
    var kmeansRestarts: Int = 10

    @Flag(name: .customLong("spherical-kmeans"), help: "Spherical k-means (the cosine distance, on unit-length rows) for KM and for the k-means that starts AE-KM, DKMp, DCNp and IDECp (default: Euclidean, as the paper; KM with --distance cosine is always spherical).")
    var sphericalKMeans = false

    func settings(for method: ClusteringMethod, clusterCount: Int, lambda: Float) throws -> DeepKMeansSettings {
        var settings = method.defaultSettings(clusterCount: clusterCount)
        settings.lambda = lambda
        if let distance {
            settings.reconstructionDistance = distance
            settings.clusteringDistance = distance
        }
        if let pretrainEpochs { settings.pretrainEpochs = pretrainEpochs }
        switch method {
        case .dkmAnnealed:
            settings.alphaSchedule = .annealing(count: alphaCount ?? 40, epochsPerValue: epochsPerAlpha ?? 5)
        case .dcnPretrained, .dcnNonPretrained, .idecPretrained, .idecNonPretrained:
            if let epochs { settings.baselineEpochs = epochs }
            settings.targetInterval = targetInterval
        default:
            settings.alphaSchedule = .constant(alpha ?? 1000, epochs: epochs ?? 100)
        }
        settings.batchSize = batchSize
        settings.optimizer.learningRate = learningRate
        let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.contains(nil) else { throw ValidationError("--hidden takes comma-separated whole numbers, got '\(hidden)'") }
        settings.hiddenSizes = sizes.compactMap { $0 }
        settings.embeddingSize = embeddingSize
        settings.kmeans.restarts = kmeansRestarts
        settings.kmeans.spherical = sphericalKMeans
        return settings
    }
}

/// Options of the commands that train one method: the method, lambda, the model options and
/// where training state is kept.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Method: \(ClusteringMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: ClusteringMethod = .dkmPretrained

    @Option(help: "Weight lambda of the clustering term (gamma for IDEC).")
    var lambda: Float = 1

    @OptionGroup var model: ModelOptions

    @Option(help: "Folder to keep pretrained auto-encoders in, per data set, settings and seed; later runs reuse them (same results, no second pretraining).")
    var pretrainedCache: String?

    @Option(help: "Save the training state here (cluster: a file; evaluate: a folder, a file per run) for --resume.")
    var checkpoint: String?

    @Option(help: "At most this many seconds of training between checkpoints.")
    var checkpointSeconds: Double = 60

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func settings(clusterCount: Int) throws -> DeepKMeansSettings {
        try model.settings(for: method, clusterCount: clusterCount, lambda: lambda)
    }
}

extension ClusteringMethod: ExpressibleByArgument {}
extension Distance: ExpressibleByArgument {}
extension ImageDatasetName: ExpressibleByArgument {}
