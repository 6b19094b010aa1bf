/// The counted terms of a run of consecutive documents, counted on one thread: terms get
/// run-local ids in order of first appearance in the run, and `TermCounts.add(_:)` then looks
/// each distinct term of the run up once to give it its corpus-wide id. A dictionary per run,
/// not per document, so counting allocates little and the serial merge hashes each term of
/// the run once rather than once per document it appears in.
public struct TermRun: Sendable {
    /// Term text by run-local id.
    public private(set) var terms: [String] = []
    private var ids: [String: Int32] = [:]
    /// Per document: `entryStarts[d] ..< entryStarts[d + 1]` index `entryTerms` (run-local
    /// ids, in order of first appearance in the document) and `entryCounts`.
    public private(set) var entryStarts: [Int] = [0]
    public private(set) var entryTerms: [Int32] = []
    public private(set) var entryCounts: [Int32] = []
    /// Occurrences in the open document, by run-local id (0 for every term it has not used).
    private var openCounts: [Int32] = []

    public init() {}

    public var documentCount: Int { entryStarts.count - 1 }

    /// Counts one occurrence of `term` in the open document.
    public mutating func count(_ term: String) {
        let id: Int32
        if let known = ids[term] {
            id = known
        } else {
            id = Int32(terms.count)
            ids[term] = id
            terms.append(term)
            openCounts.append(0)
        }
        if openCounts[Int(id)] == 0 { entryTerms.append(id) }
        openCounts[Int(id)] += 1
    }

    /// Closes the open document (one with no term is an empty document) and opens the next.
    public mutating func endDocument() {
        let start = entryStarts[entryStarts.count - 1]
        for e in start..<entryTerms.count {
            let id = Int(entryTerms[e])
            entryCounts.append(openCounts[id])
            openCounts[id] = 0
        }
        entryStarts.append(entryTerms.count)
    }
}
