/// Term counts of a corpus, gathered one document at a time: each document is kept as its
/// (term id, count) pairs, which is far smaller than its text, so one pass over the text suffices.
public struct TermCounts: Sendable {
    /// Term text by id, in order of first appearance.
    public private(set) var terms: [String] = []
    private var ids: [String: Int32] = [:]
    /// Occurrences of each term in the whole corpus.
    public private(set) var corpusCounts: [Int] = []
    /// Number of documents containing each term.
    public private(set) var documentFrequencies: [Int] = []
    /// Per document: `entryStarts[d] ..< entryStarts[d + 1]` index `entryTerms` / `entryCounts`.
    public private(set) var entryStarts: [Int] = [0]
    public private(set) var entryTerms: [Int32] = []
    public private(set) var entryCounts: [Int32] = []

    public init() {}

    public var documentCount: Int { entryStarts.count - 1 }

    /// Adds one document's tokens.
    public mutating func add<S: Sequence>(_ tokens: S) where S.Element == String {
        var counts: [Int32: Int32] = [:]
        for token in tokens {
            let id: Int32
            if let known = ids[token] {
                id = known
            } else {
                id = Int32(terms.count)
                ids[token] = id
                terms.append(token)
                corpusCounts.append(0)
                documentFrequencies.append(0)
            }
            counts[id, default: 0] += 1
        }
        for (id, count) in counts.sorted(by: { $0.key < $1.key }) {
            entryTerms.append(id)
            entryCounts.append(count)
            corpusCounts[Int(id)] += Int(count)
            documentFrequencies[Int(id)] += 1
        }
        entryStarts.append(entryTerms.count)
    }
}
