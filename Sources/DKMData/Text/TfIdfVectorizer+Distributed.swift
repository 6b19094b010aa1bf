import Foundation
import DKMCore

extension TfIdfVectorizer {
    /// The vocabulary and idf of a corpus whose documents are spread over processes, each
    /// holding the term counts of its own documents: rank 0 merges the processes' term
    /// statistics, chooses the vocabulary once and sends it to every process. Counts and
    /// document frequencies are integers, so the result equals the single-process one exactly.
    /// The tf-idf selection needs a second round: the candidates' summed weights, summed over
    /// the processes (Double sums, so a tie between two terms could in principle break differently).
    public static func fitted(
        _ counts: TermCounts, settings: VectorizerSettings,
        communicator: Communicator
    ) throws -> TfIdfVectorizer {
        guard communicator.size > 1 else { return try TfIdfVectorizer(fitting: counts, settings: settings) }
        let parts = try communicator.gather(bytes: TermStatistics(counts).encoded(), root: 0)
        var merged: TermStatistics?
        if communicator.isRoot {
            merged = TermStatistics(
                merging: try parts.enumerated().map { rank, bytes in
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
        var failure: Error?  // rank 0's own, which it reports (the others only stop)
        if communicator.isRoot {
            do {
                let vectorizer = try TfIdfVectorizer(fitting: merged!, settings: settings) { _, candidates in
                    var score = [Double](repeating: 0, count: merged!.terms.count)
                    for (position, id) in candidates.enumerated() { score[id] = summed![position] }
                    return score
                }
                outcome = [1] + Array(try JSONEncoder().encode(vectorizer))
            } catch {
                failure = error
                outcome = [0] + Array("\(error)".utf8)
            }
        }
        outcome = try communicator.broadcast(bytes: outcome, root: 0)
        if let failure { throw failure }
        guard outcome.first == 1 else {
            throw DistributedError.failedElsewhere(rank: 0, message: String(decoding: outcome.dropFirst(), as: UTF8.self))
        }
        return try JSONDecoder().decode(TfIdfVectorizer.self, from: Data(outcome.dropFirst()))
    }

    /// The tf-idf selection's scores of the candidate terms (in rank 0's candidate order),
    /// summed over every process's documents. Rank 0 sends the candidates with their global
    /// document frequencies; each process scores its documents with the global idf.
    private static func candidateWeights(
        _ counts: TermCounts, merged: TermStatistics?, settings: VectorizerSettings,
        communicator: Communicator
    ) throws -> [Double] {
        var plan: [UInt8] = []
        if let merged, let (candidates, _) = try? TfIdfVectorizer.candidates(merged, settings: settings) {
            var chosen = TermStatistics()
            chosen.terms = candidates.map { merged.terms[$0] }
            chosen.corpusCounts = candidates.map { merged.corpusCounts[$0] }
            chosen.documentFrequencies = candidates.map { merged.documentFrequencies[$0] }
            chosen.documentCount = merged.documentCount
            plan = chosen.encoded()
        }
        let candidates = TermStatistics(encoded: try communicator.broadcast(bytes: plan, root: 0)) ?? TermStatistics()
        let position = Dictionary(uniqueKeysWithValues: candidates.terms.enumerated().map { ($1, $0) })
        var idf = [Double](repeating: 0, count: counts.terms.count)
        var local: [Int] = []
        for (id, term) in counts.terms.enumerated() {
            guard let slot = position[term] else { continue }
            local.append(id)
            idf[id] = inverseDocumentFrequency(
                documents: candidates.documentCount,
                containing: candidates.documentFrequencies[slot])
        }
        let scores = summedWeights(counts, idf: idf, candidates: local, sublinear: settings.sublinearTF)
        var sums = [Double](repeating: 0, count: candidates.terms.count)
        for id in local { sums[position[counts.terms[id]]!] = scores[id] }
        try communicator.sum(&sums)
        return sums
    }
}
