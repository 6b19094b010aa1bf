import Foundation

extension TfIdfVectorizer {
    /// The vocabulary and idf of a corpus whose documents are spread over processes, each
    /// holding the term counts of its own documents: rank 0 merges the processes' term
    /// statistics, chooses the vocabulary once and sends it to every process. Counts and
    /// document frequencies are integers, so the result equals the single-process one exactly.
    /// The tf-idf selection needs a second round: the candidates' summed weights, summed over
    /// the processes (Double sums, so a tie between two terms could in principle break differently).
    public static func fitted(_ counts: TermCounts, settings: VectorizerSettings,
                              communicator: Communicator) throws -> TfIdfVectorizer {
        guard communicator.size > 1 else { return try TfIdfVectorizer(fitting: counts, settings: settings) }
        let parts = try communicator.gather(bytes: TermStatistics(counts).encoded(), root: 0)
        var merged: TermStatistics?
        if communicator.isRoot {
            merged = TermStatistics(merging: try parts.enumerated().map { rank, bytes in
                guard let part = TermStatistics(encoded: bytes) else {
                    throw DistributedError.mpi(operation: "vocabulary", rank: rank, message: "garbled term statistics")
                }
                return part
            })
        }
        var summed: [Double]?
        if settings.selection == .tfidf {
            summed = try candidateWeights(counts, merged: merged, settings: settings, communicator: communicator)
        }
        var outcome: [UInt8] = []
        if communicator.isRoot {
            do {
                let vectorizer = try TfIdfVectorizer(fitting: merged!, settings: settings) { _, candidates in
                    var score = [Double](repeating: 0, count: merged!.terms.count)
                    for (position, id) in candidates.enumerated() { score[id] = summed![position] }
                    return score
                }
                outcome = [1] + Array(try JSONEncoder().encode(vectorizer))
            } catch {
                outcome = [0] + Array("\(error)".utf8)
            }
        }
        outcome = try communicator.broadcast(bytes: outcome, root: 0)
        guard outcome.first == 1 else {
            throw DistributedError.failedElsewhere(rank: 0, message: String(decoding: outcome.dropFirst(), as: UTF8.self))
        }
        return try JSONDecoder().decode(TfIdfVectorizer.self, from: Data(outcome.dropFirst()))
    }

    /// The tf-idf selection's scores of the candidate terms (in rank 0's candidate order),
    /// summed over every process's documents: rank 0 sends the candidates and their idf.
    private static func candidateWeights(_ counts: TermCounts, merged: TermStatistics?, settings: VectorizerSettings,
                                         communicator: Communicator) throws -> [Double] {
        var plan: [UInt8] = []
        if let merged, let (candidates, idf) = try? TfIdfVectorizer.candidates(merged, settings: settings) {
            var statistics = TermStatistics(TermCounts())
            statistics.terms = candidates.map { merged.terms[$0] }
            // The idf travels bit for bit in the corpus-count slot.
            statistics.corpusCounts = candidates.map { Int(Int64(bitPattern: idf[$0].bitPattern)) }
            statistics.documentFrequencies = candidates.map { _ in 0 }
            plan = statistics.encoded()
        }
        plan = try communicator.broadcast(bytes: plan, root: 0)
        let candidates = TermStatistics(encoded: plan) ?? TermStatistics(TermCounts())
        let position = Dictionary(uniqueKeysWithValues: candidates.terms.enumerated().map { ($1, $0) })
        let localID = counts.terms.map { position[$0] }
        var sums = [Double](repeating: 0, count: candidates.terms.count)
        for d in 0..<counts.documentCount {
            var weights: [(Int, Double)] = []
            for e in counts.entryStarts[d] ..< counts.entryStarts[d + 1] {
                guard let slot = localID[Int(counts.entryTerms[e])] else { continue }
                let count = Double(counts.entryCounts[e])
                let idf = Double(bitPattern: UInt64(bitPattern: Int64(candidates.corpusCounts[slot])))
                weights.append((slot, (settings.sublinearTF ? 1 + log(count) : count) * idf))
            }
            let norm = weights.reduce(0.0) { $0 + $1.1 * $1.1 }.squareRoot()
            guard norm > 0 else { continue }
            for (slot, w) in weights { sums[slot] += w / norm }
        }
        try communicator.sum(&sums)
        return sums
    }
}
