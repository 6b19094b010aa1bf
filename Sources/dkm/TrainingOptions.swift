import ArgumentParser
import DeepKMeans

/// Options of the commands that train one method: the method, lambda, the model options and
/// where training state is kept.
struct TrainingOptions: ParsableArguments {
    @Option(
        help:
            "Method: auto (cluster's default: dkm-p, or km for text of fewer than \(MethodChoice.smallestCorpusForDeepModel) documents), \(ClusteringMethod.allCases.map(\.rawValue).joined(separator: ", ")) (evaluate's default: dkm-p)."
    )
    var method: MethodChoice?

    @Option(help: "Weight lambda of the clustering term (gamma for IDEC; default 0.1 with the recommended preset, 1 with the paper's).")
    var lambda: Float?

    @OptionGroup var model: ModelOptions

    @Option(
        help:
            "Folder to keep pretrained auto-encoders in, per data set, settings and seed; later runs reuse them (same results, no second pretraining)."
    )
    var pretrainedCache: String?

    @Option(help: "Save the training state here (cluster: a file; evaluate: a folder, a file per run) for --resume.")
    var checkpoint: String?

    @Option(help: "At most this many seconds of training between checkpoints.")
    var checkpointSeconds: Double = 60

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func validate() throws {
        try OptionRanges.check(lambda, "lambda", in: 0...Float.infinity)
        try OptionRanges.check(checkpointSeconds, "checkpoint-seconds", in: 0...Double.infinity)
    }

    /// `cluster`'s choice: the method named, else automatic, or DKMp with the paper's preset.
    var methodChoice: MethodChoice {
        method ?? (model.preset == .paper ? .method(.dkmPretrained) : .automatic)
    }

    /// The one method `evaluate` trains: the method named, else DKMp.
    func namedMethod() throws -> ClusteringMethod {
        switch method ?? .method(.dkmPretrained) {
        case .method(let method): return method
        case .automatic: throw ValidationError("--method auto is for dkm cluster; name the method to evaluate")
        }
    }

    func settings(
        for method: ClusteringMethod, clusterCount: Int, defaultPreset: TrainingPreset,
        kind: FeatureKind = .numeric
    ) throws -> DeepKMeansSettings {
        try model.settings(for: method, clusterCount: clusterCount, lambda: lambda, defaultPreset: defaultPreset, kind: kind)
    }
}

extension ClusteringMethod: ExpressibleByArgument {}
extension MethodChoice: ExpressibleByArgument {}
extension TrainingPreset: ExpressibleByArgument {}
extension Distance: ExpressibleByArgument {}
extension ProductPrecision: ExpressibleByArgument {}
extension ImageDatasetName: ExpressibleByArgument {}
