import DKMClustering

/// The method a clustering job trains: one named, or `automatic`, which trains the deep model
/// (DKMp) unless the corpus is too small for it.
///
/// A corpus of fewer than `smallestCorpusForDeepModel` documents is clustered with k-means: on
/// newsgroup and software-description corpora of 150 to 2,000 documents the deep model, an
/// auto-encoder of several million weights, was at or below k-means on the same vectors; from
/// 3,000 it was above (docs/experiments). Images are not affected: on MNIST samples of
/// 1,000 and 3,000 the deep model was at or above k-means.
///
/// A sentence encoder's embeddings are clustered with k-means: on them the deep model, with
/// every embedding size, lambda and network tried, was below k-means on the 20 Newsgroups
/// subject lines, and above it on comp.* and Debian descriptions on some seeds only
/// (docs/experiments/round-14.md); k-means takes seconds.
public enum MethodChoice: Equatable, Sendable {
    case automatic
    case method(ClusteringMethod)

    public static let smallestCorpusForDeepModel = 3000

    /// The method for `points` rows of `kind`.
    public func resolved(points: Int, kind: FeatureKind) -> ClusteringMethod {
        switch self {
        case .method(let method):
            return method
        case .automatic:
            if kind == .sentenceEmbeddings { return .km }
            return kind.isText && points < Self.smallestCorpusForDeepModel ? .km : .dkmPretrained
        }
    }
}

extension MethodChoice: LosslessStringConvertible {
    /// "auto" or a method's name.
    public init?(_ description: String) {
        if description == "auto" {
            self = .automatic
        } else if let method = ClusteringMethod(rawValue: description) {
            self = .method(method)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .automatic: return "auto"
        case .method(let method): return method.rawValue
        }
    }
}
