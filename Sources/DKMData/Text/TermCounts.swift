import DKMCore
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
        var run = TermRun()
        for token in tokens { run.count(token) }
        run.endDocument()
        add(run)
    }

    /// Adds a run of documents counted together; new terms get ids in the order they first
    /// appear, as if the run's documents were added one by one.
    public mutating func add(_ run: TermRun) { add(runs: [run]) }

    /// Adds runs of consecutive documents, in order. The terms get their ids here, on the
    /// calling thread (each distinct term of a run is looked up once); rewriting each
    /// document's pairs with those ids, sorted by id, runs on every core.
    public mutating func add(runs: [TermRun]) {
        let corpusIds = runs.map { run in
            run.terms.map { term -> Int32 in
                if let known = ids[term] { return known }
                let id = Int32(terms.count)
                ids[term] = id
                terms.append(term)
                corpusCounts.append(0)
                documentFrequencies.append(0)
                return id
            }
        }
        // Each run's pairs land at its offset in the new entries, so runs write disjoint ranges.
        var offsets = [entryTerms.count]
        for run in runs { offsets.append(offsets.last! + run.entryTerms.count) }
        entryTerms.append(contentsOf: repeatElement(0, count: offsets.last! - offsets[0]))
        entryCounts.append(contentsOf: repeatElement(0, count: offsets.last! - offsets[0]))
        entryTerms.withUnsafeMutableBufferPointer { entryTerms in
            entryCounts.withUnsafeMutableBufferPointer { entryCounts in
                Parallel.forEachChunk(runs.count, chunk: 1) { range in
                    for r in range {
                        Self.writeSortedPairs(of: runs[r], ids: corpusIds[r], terms: entryTerms, counts: entryCounts, at: offsets[r])
                    }
                }
            }
        }
        for (r, run) in runs.enumerated() { entryStarts += run.entryStarts.dropFirst().map { offsets[r] + $0 } }
        for e in offsets[0]..<offsets.last! {
            corpusCounts[Int(entryTerms[e])] += Int(entryCounts[e])
            documentFrequencies[Int(entryTerms[e])] += 1
        }
    }

    /// Writes each document of `run` as its (corpus id, count) pairs sorted by id, from `base` on.
    private static func writeSortedPairs(
        of run: TermRun, ids: [Int32], terms: UnsafeMutableBufferPointer<Int32>,
        counts: UnsafeMutableBufferPointer<Int32>, at base: Int
    ) {
        var pairs: [(id: Int32, count: Int32)] = []
        for d in 0..<run.documentCount {
            pairs.removeAll(keepingCapacity: true)
            for e in run.entryStarts[d]..<run.entryStarts[d + 1] { pairs.append((ids[Int(run.entryTerms[e])], run.entryCounts[e])) }
            pairs.sort { $0.id < $1.id }
            for (k, pair) in pairs.enumerated() {
                terms[base + run.entryStarts[d] + k] = pair.id
                counts[base + run.entryStarts[d] + k] = pair.count
            }
        }
    }
}

/// What choosing a vocabulary needs from a corpus: each term's corpus count and document
/// frequency, and the number of documents. Distributed, each process's statistics are merged.
public struct TermStatistics: Equatable, Sendable {
    public var terms: [String] = []
    public var corpusCounts: [Int] = []
    public var documentFrequencies: [Int] = []
    public var documentCount = 0

    public init() {}

    public init(_ counts: TermCounts) {
        terms = counts.terms
        corpusCounts = counts.corpusCounts
        documentFrequencies = counts.documentFrequencies
        documentCount = counts.documentCount
    }

    /// The statistics of several parts of one corpus, as if counted together (terms in order of
    /// first appearance over the parts).
    public init(merging parts: [TermStatistics]) {
        var index: [String: Int] = [:]
        for part in parts {
            documentCount += part.documentCount
            for (i, term) in part.terms.enumerated() {
                if let known = index[term] {
                    corpusCounts[known] += part.corpusCounts[i]
                    documentFrequencies[known] += part.documentFrequencies[i]
                } else {
                    index[term] = terms.count
                    terms.append(term)
                    corpusCounts.append(part.corpusCounts[i])
                    documentFrequencies.append(part.documentFrequencies[i])
                }
            }
        }
    }

    /// A compact binary form: counts as 64-bit integers, then each term as its UTF-8 length and bytes.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) } }
        append(documentCount)
        append(terms.count)
        for i in terms.indices {
            append(corpusCounts[i])
            append(documentFrequencies[i])
            let utf8 = Array(terms[i].utf8)
            append(utf8.count)
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// Reads `encoded()`'s form; nil if the bytes are not in it.
    public init?(encoded bytes: [UInt8]) {
        var position = 0
        func next() -> Int? {
            guard position + 8 <= bytes.count else { return nil }
            var value: Int64 = 0
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[position..<position + 8]) }
            position += 8
            return Int(Int64(littleEndian: value))
        }
        guard let documents = next(), let count = next(), count >= 0 else { return nil }
        documentCount = documents
        for _ in 0..<count {
            guard let corpusCount = next(), let frequency = next(), let length = next(),
                length >= 0, position + length <= bytes.count
            else { return nil }
            corpusCounts.append(corpusCount)
            documentFrequencies.append(frequency)
            terms.append(String(decoding: bytes[position..<position + length], as: UTF8.self))
            position += length
        }
    }
}
