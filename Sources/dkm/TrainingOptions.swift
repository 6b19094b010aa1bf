import ArgumentParser
import DeepKMeans

/// Options of the commands that train one method: the method, lambda, the model options and
/// where training state is kept.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Method: \(ClusteringMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: ClusteringMethod = .dkmPretrained

    @Option(help: "Weight lambda of the clustering term (gamma for IDEC; default 1).")
    var lambda: Float?

    @OptionGroup var model: ModelOptions

    @Option(help: "Folder to keep pretrained auto-encoders in, per data set, settings and seed; later runs reuse them (same results, no second pretraining).")
    var pretrainedCache: String?

    @Option(help: "Save the training state here (cluster: a file; evaluate: a folder, a file per run) for --resume.")
    var checkpoint: String?

    @Option(help: "At most this many seconds of training between checkpoints.")
    var checkpointSeconds: Double = 60

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func settings(clusterCount: Int, defaultPreset: TrainingPreset, text: Bool = false) throws -> DeepKMeansSettings {
        try model.settings(for: method, clusterCount: clusterCount, lambda: lambda, defaultPreset: defaultPreset, text: text)
    }
}

extension ClusteringMethod: ExpressibleByArgument {}
extension TrainingPreset: ExpressibleByArgument {}
extension Distance: ExpressibleByArgument {}
extension ProductPrecision: ExpressibleByArgument {}
extension ImageDatasetName: ExpressibleByArgument {}
