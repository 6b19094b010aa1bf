import DKMCore
/// The methods `dkm` runs. Baselines and DKM variants share one pipeline.
public enum ClusteringMethod: String, Codable, CaseIterable, Sendable {
    /// k-means++ on the input.
    case km = "km"
    /// k-means++ on the embedding of a pretrained auto-encoder.
    case aeKMeans = "ae-km"
    /// DKMp: pretraining, k-means++ initialization, constant alpha.
    case dkmPretrained = "dkm-p"
    /// DKMa: no pretraining, random representatives, annealed alpha.
    case dkmAnnealed = "dkm-a"
    /// DCN with pretraining: k-means++ initialization, 50 fine-tuning epochs.
    case dcnPretrained = "dcn-p"
    /// DCN without pretraining: U(-1, 1) representatives, 200 epochs.
    case dcnNonPretrained = "dcn-np"
    /// IDEC with pretraining: centers from k-means++, 50 epochs; lambda plays gamma.
    case idecPretrained = "idec-p"
    /// IDEC without pretraining, 200 epochs.
    case idecNonPretrained = "idec-np"

    public var displayName: String {
        switch self {
        case .km: "KM"
        case .aeKMeans: "AE-KM"
        case .dkmPretrained: "DKMp"
        case .dkmAnnealed: "DKMa"
        case .dcnPretrained: "DCNp"
        case .dcnNonPretrained: "DCNnp"
        case .idecPretrained: "IDECp"
        case .idecNonPretrained: "IDECnp"
        }
    }

    /// Starts from a pretrained auto-encoder (the paper's "with pretraining" group).
    public var usesPretraining: Bool { [.aeKMeans, .dkmPretrained, .dcnPretrained, .idecPretrained].contains(self) }

    /// Has a weight between reconstruction and clustering (lambda; gamma for IDEC) to tune.
    public var hasLambda: Bool { self != .km && self != .aeKMeans }

    /// The name of that weight in the paper.
    public var lambdaName: String { self == .idecPretrained || self == .idecNonPretrained ? "gamma" : "lambda" }

    /// The paper's settings for this method (`settings(.paper, clusterCount:)`).
    public func defaultSettings(clusterCount: Int) -> DeepKMeansSettings {
        var settings = DeepKMeansSettings(clusterCount: clusterCount)
        switch self {
        case .km, .aeKMeans, .dkmPretrained:
            settings.pretrainEpochs = 50
            settings.alphaSchedule = .constant(1000, epochs: 100)
        case .dkmAnnealed:
            settings.pretrainEpochs = 0
            settings.alphaSchedule = .annealing()
        case .dcnPretrained, .idecPretrained:
            settings.pretrainEpochs = 50
            settings.baselineEpochs = 50
        case .dcnNonPretrained, .idecNonPretrained:
            settings.pretrainEpochs = 0
            settings.baselineEpochs = 200
        }
        return settings
    }
}
