import ArgumentParser
import DKMTerminal
import DeepKMeans
import Foundation

extension CorpusFormat: ExpressibleByArgument {}
extension TokenizerSettings.Splitting: ExpressibleByArgument {}
extension Projection.Method: ExpressibleByArgument {}
extension VectorizerSettings.Selection: ExpressibleByArgument {}

extension CorpusArguments {
    /// With `progress`, reading shows documents, megabytes and documents per second (rank 0);
    /// `quiet` also keeps the stop-word choice to itself (warnings are always shown).
    /// With `sample`, a random sample of that many documents (drawn from `seed`) is vectorized:
    /// the vocabulary is the sample's, as `evaluate --sample` draws it.
    /// With `encoder`, each document's tokens for it are made too; with `choosesEncoder` only
    /// when the first documents are short texts (`EncoderChoice`). With `notesShortTexts` (no
    /// encoder is installed to choose), says when the first documents are short texts, which
    /// the encoder would cluster better.
    func load(
        _ path: String, progress: Bool = false, quiet: Bool = false, sample: Int? = nil, seed: UInt64 = 0,
        encoder: EncoderFolder? = nil, choosesEncoder: Bool = false, notesShortTexts: Bool = false,
        communicator: Communicator = SingleProcess.shared
    ) throws -> TextCorpus {
        let skipped = SkipCounter()
        defer { skipped.report() }
        var settings = try settings(skipped: skipped, from: .clustering)
        settings.encoderTokenizer = encoder?.tokenize
        if let encoder, choosesEncoder {
            settings.keepsEncoderTokens = { EncoderChoice.suitsEncoder($0, encoder: encoder) }
        }
        var medianWords: Int?
        if notesShortTexts, !quiet, communicator.isRoot { settings.onFirstTexts = { medianWords = EncoderChoice.medianWordCount($0) } }
        if quiet || !communicator.isRoot { settings.onStopWordsChosen = nil }
        let corpus = try settings.load(
            path, progress: progress && !quiet && communicator.isRoot, sample: sample.map { ($0, seed) },
            communicator: communicator)
        if let medianWords, medianWords <= EncoderChoice.longestShortMedianWords {
            Terminal.error(
                "dkm: these are short texts (a median of \(medianWords) words): \(SentenceEncoder.defaultName) embeddings cluster "
                    + "them better than tf-idf (docs/encoder.md), and it is not installed; scripts/fetch-encoder installs it\n")
        }
        return corpus
    }
}

extension CorpusSettings {
    /// Loads `path`, with `progress` showing documents, megabytes and documents per second.
    func load(
        _ path: String, progress: Bool, sample: (count: Int, seed: UInt64)? = nil,
        communicator: Communicator = SingleProcess.shared
    ) throws -> TextCorpus {
        var settings = self
        let reading = progress ? ReadingProgress() : nil
        settings.onProgress = reading.map { bar in { bar.update(documents: $0, bytes: $1) } }
        defer { reading?.finish() }
        return try settings.load(path, sample: sample, communicator: communicator)
    }
}

/// Documents passed over while reading: reported as they happen, counted for a closing line.
final class SkipCounter: @unchecked Sendable {
    var count = 0

    /// Which stop words `--stop-words auto` chose.
    static func reportStopWords(_ name: String?, share: Double) {
        let line =
            name.map { String(format: "stop words: %@ (%.0f%% of the words of the first documents)", $0, share * 100) }
            ?? "stop words: none (no shipped list fits the first documents; see --stop-words)"
        Terminal.error("dkm: \(line)\n")
    }

    /// A closing line when documents were passed over.
    func report() {
        if count > 0 { Terminal.error("dkm: \(count) document(s) skipped\n") }
    }
}
