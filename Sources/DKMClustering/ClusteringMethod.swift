import DKMCore

/// A method `dkm` runs, by the name its `ClusteringMethodDefinition` has in `MethodRegistry`.
/// Baselines and DKM variants share one pipeline.
public struct ClusteringMethod: RawRepresentable, Hashable, CaseIterable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The registered method called `rawValue`; nil for an unknown name.
    public init?(rawValue: String) {
        guard MethodRegistry.definition(named: rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    init(registered name: String) { rawValue = name }

    /// k-means++ on the input.
    public static let km = ClusteringMethod(registered: "km")
    /// k-means++ on the embedding of a pretrained auto-encoder.
    public static let aeKMeans = ClusteringMethod(registered: "ae-km")
    /// DKMp: pretraining, k-means++ initialization, constant alpha.
    public static let dkmPretrained = ClusteringMethod(registered: "dkm-p")
    /// DKMa: no pretraining, random representatives, annealed alpha.
    public static let dkmAnnealed = ClusteringMethod(registered: "dkm-a")
    /// DCN with pretraining: k-means++ initialization, 50 fine-tuning epochs.
    public static let dcnPretrained = ClusteringMethod(registered: "dcn-p")
    /// DCN without pretraining: U(-1, 1) representatives, 200 epochs.
    public static let dcnNonPretrained = ClusteringMethod(registered: "dcn-np")
    /// IDEC with pretraining: centers from k-means++, 50 epochs; lambda plays gamma.
    public static let idecPretrained = ClusteringMethod(registered: "idec-p")
    /// IDEC without pretraining, 200 epochs.
    public static let idecNonPretrained = ClusteringMethod(registered: "idec-np")

    /// Every registered method, in the registry's order.
    public static var allCases: [ClusteringMethod] { MethodRegistry.definitions.map { ClusteringMethod(registered: $0.name) } }

    /// What the method does.
    public var definition: any ClusteringMethodDefinition {
        guard let definition = MethodRegistry.definition(named: rawValue) else {
            preconditionFailure("method '\(rawValue)' is not registered")
        }
        return definition
    }

    public var description: String { rawValue }
    public var displayName: String { definition.displayName }

    /// Starts from a pretrained auto-encoder (the paper's "with pretraining" group).
    public var usesPretraining: Bool { definition.usesPretraining }

    /// Has a weight between reconstruction and clustering (lambda; gamma for IDEC) to tune.
    public var hasLambda: Bool { definition.weightName != nil }

    /// The name of that weight in the paper.
    public var lambdaName: String { definition.weightName ?? "lambda" }

    /// The paper's settings for this method (`settings(.paper, clusterCount:)`).
    public func defaultSettings(clusterCount: Int) -> DeepKMeansSettings { definition.paperSettings(clusterCount: clusterCount) }
}

extension ClusteringMethod: Codable {
    /// Stored as its name, as the enum it once was.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let method = ClusteringMethod(rawValue: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown method '\(name)'")
        }
        self = method
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
