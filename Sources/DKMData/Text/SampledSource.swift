import DKMCore
/// A uniform random sample of `count` documents of another source (reservoir sampling with the
/// project's seeded generator), delivered in the source's order. Only the sample is held.
public struct SampledSource: DocumentSource {
    public let source: DocumentSource
    public let count: Int
    public let seed: UInt64

    public init(_ source: DocumentSource, count: Int, seed: UInt64) {
        self.source = source
        self.count = count
        self.seed = seed
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        var random = RandomGenerator(seed: seed)
        var reservoir: [(Int, Document)] = []
        var seen = 0
        try source.forEachDocument { document in
            if reservoir.count < count {
                reservoir.append((seen, document))
            } else {
                let slot = random.index(below: seen + 1)
                if slot < count { reservoir[slot] = (seen, document) }
            }
            seen += 1
        }
        for (_, document) in reservoir.sorted(by: { $0.0 < $1.0 }) { try body(document) }
    }
}
