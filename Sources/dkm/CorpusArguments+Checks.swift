import ArgumentParser
import DeepKMeans
import Foundation

/// The checks and conversions of the corpus options that are more than a type.
extension CorpusArguments {
    func validate() throws {
        guard vocabSize >= 1 else { throw ValidationError("--vocab-size must be at least 1") }
        if let maxDf { guard (0...1).contains(maxDf), maxDf > 0 else { throw ValidationError("--max-df is a fraction in (0, 1]") } }
        guard VectorizerSettings.idfPowers.contains(idfPower) else { throw ValidationError("--idf-power takes a number from 0 to 8") }
        _ = try minimumDocuments()
        _ = try ngramLength()
        guard TokenizerSettings.minimumLengths.contains(minLength) else {
            throw ValidationError(
                "--min-length must be from \(TokenizerSettings.minimumLengths.lowerBound) to \(TokenizerSettings.minimumLengths.upperBound)"
            )
        }
        try checkStopWords()
    }

    /// A --stop-words that is neither a shipped list nor a file is a mistyped name more often
    /// than a missing file: the message lists the names, with the closest first.
    func checkStopWords() throws {
        guard let stopWords, !FileManager.default.fileExists(atPath: stopWords) else { return }
        let names = [StopWords.automatic, "none"] + StopWords.builtIn
        guard !names.contains(stopWords) else { return }
        let closest = names.min { DKM.editDistance($0, stopWords) < DKM.editDistance($1, stopWords) }!
        let hint = DKM.editDistance(closest, stopWords) <= max(2, stopWords.count / 3) ? "did you mean '\(closest)'? " : ""
        throw ValidationError(
            "--stop-words: '\(stopWords)' is neither a list dkm ships nor a file; \(hint)(lists: \(names.joined(separator: ", ")))")
    }

    /// --min-df as (count, fraction): a whole number is a count, a decimal a fraction of the documents.
    func minimumDocuments() throws -> (count: Int, fraction: Double) {
        if let count = Int(minDf), count >= 1 { return (count, 0) }
        if minDf.contains("."), let fraction = Double(minDf), (0...1).contains(fraction) { return (1, fraction) }
        throw ValidationError("--min-df takes a count of documents (5) or a fraction between 0 and 1 (0.01), not '\(minDf)'")
    }

    /// --ngrams 1-N as N.
    func ngramLength() throws -> Int {
        let parts = ngrams.split(separator: "-").map { Int($0) }
        guard parts.count == 2, parts[0] == 1, let high = parts[1], TokenizerSettings.ngramLengths.contains(high) else {
            throw ValidationError("--ngrams takes 1-1, 1-2 or 1-3, not '\(ngrams)'")
        }
        return high
    }
}
