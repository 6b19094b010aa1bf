/// One document's distinct terms in order of first appearance, with their counts: counted
/// on any thread, then given corpus-wide ids by `TermCounts.add`.
public struct DocumentTerms: Sendable {
    public private(set) var terms: [String] = []
    public private(set) var counts: [Int32] = []
    private var positions: [String: Int] = [:]

    public init() {}

    public mutating func count(_ term: String) {
        if let position = positions[term] {
            counts[position] += 1
        } else {
            positions[term] = terms.count
            terms.append(term)
            counts.append(1)
        }
    }
}
