import Foundation
import DKMClustering
import DKMCore
import DKMData

/// The documents of a clustering with no term of the vocabulary (empty files, stop words
/// only): an all-zero row has nothing to place it by, so it is kept out of training, as
/// `dkm assign` keeps such a document out of every cluster, and reported instead.
public struct UnassignedDocuments: Codable, Equatable, Sendable {
    /// How many, over every process.
    public var count: Int
    /// Their ids, every process's, in order.
    public var ids: [String]
    /// Their true labels' names, when the corpus has labels.
    public var labels: [String]?

    /// Splits the rows of `data` and `corpus` without a non-zero from the rest. Returns the rest
    /// and, when any process had such rows, what identifies them (nil when none had).
    /// `byEncoderTokens`: a document is left out only when a sentence encoder has nothing of it
    /// to read (no token besides `[CLS]` and `[SEP]`), as it embeds every other.
    static func separate(
        _ data: Dataset, corpus: TextCorpus, byEncoderTokens: Bool = false, communicator: Communicator
    ) throws
        -> (data: Dataset, corpus: TextCorpus, unassigned: UnassignedDocuments?)
    {
        guard case .sparse(let rows) = data.features else { return (data, corpus, nil) }
        let empty =
            byEncoderTokens
            ? corpus.encoderTokens.indices.filter { corpus.encoderTokens[$0].count <= 2 }
            : (0..<rows.rows).filter { rows.rowStarts[$0 + 1] == rows.rowStarts[$0] }
        let count = try communicator.sum(empty.count)
        guard count > 0 else { return (data, corpus, nil) }
        let emptySet = Set(empty)
        let kept = (0..<rows.rows).filter { !emptySet.contains($0) }
        let ids = try communicator.allGatherEncoded(empty.map { corpus.ids[$0] })
        let labels = try data.labels.map { labels in
            try communicator.allGatherEncoded(empty.map { data.labelNames[labels[$0]] })
        }
        return (data.subset(kept), corpus.subset(kept), UnassignedDocuments(count: count, ids: ids, labels: labels))
    }

    /// The line the summary prints.
    public var line: String {
        let shown = ids.prefix(5).joined(separator: ", ")
        return "\(count) document(s) with no term of the vocabulary are in no cluster (unassigned in assignments.csv): "
            + shown + (count > 5 ? ", ..." : "")
    }
}
