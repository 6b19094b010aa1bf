/// The stages of a run, as progress and the epoch history name them.
public enum TrainingPhase: String, Codable, Sendable, CustomStringConvertible {
    /// Documents through a sentence encoder (or from its cache), before any training.
    case embed
    /// The auto-encoder on the reconstruction loss alone.
    case pretrain
    /// A pretraining restored from the cache.
    case cachedPretraining = "pretrain (cached)"
    /// DKMp: the joint loss at a constant alpha, from a k-means start.
    case fineTune = "fine-tune"
    /// DKMa: the joint loss over the annealed alpha values, from scratch.
    case anneal
    case kMeans = "k-means"
    /// Choosing K by silhouette.
    case chooseK = "choose K"
    case dcn
    case idec
    /// k-means on the same vectors, to compare the result with.
    case compare = "compare with k-means"
    /// The report's 2-D map and the output files.
    case report = "map and outputs"

    public var description: String { rawValue }
}
