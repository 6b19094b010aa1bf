import Foundation
import DKMCore

/// Everything that says how a collection becomes tf-idf rows: how to read it, how to split its
/// text into tokens and how to choose the vocabulary. `load` reads, tokenizes and vectorizes.
public struct CorpusSettings {
    public var reading = CorpusOptions()
    public var tokenizer = TokenizerSettings()
    public var vectorizer = VectorizerSettings()
    /// A vocabulary and idf already chosen (a saved model's): the rows are built with them, and
    /// no stop words are chosen (the tokenizer's are the model's).
    public var fittedVectorizer: TfIdfVectorizer?
    /// Hears of each document cut at `reading.maximumDocumentBytes`.
    public var onTruncate: ((Document) -> Void)?
    /// Hears the documents and bytes read so far while reading (for progress).
    public var onProgress: ((_ documents: Int, _ bytes: Int) -> Void)?
    /// Choose the stop words from the corpus (`StopWords.choose` on its first documents), in
    /// addition to the tokenizer's; `onStopWordsChosen` hears the choice (nil: none fitted).
    public var choosesStopWords = false
    public var onStopWordsChosen: ((_ name: String?, _ share: Double) -> Void)?
    /// A sentence encoder's tokenizer: each document's tokens for it are kept too
    /// (`TextCorpus.encoderTokens`), made while the corpus is read.
    public var encoderTokenizer: (@Sendable (String) -> [Int32])?
    /// Decides from the texts of the corpus's first block whether `encoderTokenizer`'s tokens
    /// are made at all (nil: they are).
    public var keepsEncoderTokens: ((_ firstTexts: [String]) -> Bool)?
    /// Sees the texts of the corpus's first block, once (per process).
    public var onFirstTexts: ((_ firstTexts: [String]) -> Void)?
    /// The documents (per process) the stop-word choice reads: the first of the corpus's own
    /// first block (see `TextCorpus.init`), so the corpus is read once.
    public static let stopWordSampleSize = 1000

    public init() {}

    /// The paper's 20NEWS featurization (the reference code's scikit-learn `TfidfVectorizer`):
    /// `\b\w\w+\b` tokens lowercased, the top 2,000 terms by corpus count.
    public static var referenceCode: CorpusSettings {
        var settings = CorpusSettings()
        settings.tokenizer = TokenizerSettings(splitting: .scikitLearn)
        return settings
    }

    /// How `dkm cluster` reads a user's documents: the shipped stop-word list that fits them, and
    /// the vectorizer's `clustering` settings. The defaults of `CorpusSettings()` are the paper's.
    public static var clustering: CorpusSettings {
        var settings = CorpusSettings()
        settings.choosesStopWords = true
        settings.vectorizer = .clustering
        return settings
    }

    /// This process's part of the corpus at `path` (all of it without distribution), in
    /// `format` when given, else in the reading options' format, else detected.
    public func load(
        _ path: String, format: CorpusFormat? = nil, sample: (count: Int, seed: UInt64)? = nil,
        communicator: Communicator = SingleProcess.shared
    ) throws -> TextCorpus {
        var reading = self.reading
        reading.shard = Shard(index: communicator.rank, count: communicator.size)
        if let format { reading.format = format }
        try reading.checkOptionsApply(to: path)
        func source(_ reading: CorpusOptions) throws -> DocumentSource {
            let source = try reading.source(for: path)
            guard let sample else { return source }
            guard !communicator.isDistributed else {
                throw DataFileError(file: path, .mismatch("a sample of the documents cannot be drawn in a distributed run"))
            }
            return SampledSource(source, count: sample.count, seed: sample.seed)
        }
        do {
            return try load(source(reading), communicator: communicator)
        } catch VectorizerError.emptyVocabulary(documents: 0) {
            // Said of the input, not of a vocabulary: a header-only table, blank standard input.
            let name = path == JSONLinesReader.standardInput ? "standard input" : path
            let format = (try? reading.format ?? CorpusFormat.detect(path)).map { " (read as \($0.rawValue))" } ?? ""
            throw DataFileError(file: name, .mismatch("it holds no documents\(format)"))
        }
    }

    /// The corpus of `source`; with `choosesStopWords`, the list is chosen from its first documents.
    public func load(_ source: DocumentSource, communicator: Communicator = SingleProcess.shared) throws -> TextCorpus {
        let choice: (([String]) throws -> Set<String>)? =
            choosesStopWords && fittedVectorizer == nil
            ? { texts in
                let chosen = try chooseStopWords(texts.prefix(Self.stopWordSampleSize), communicator: communicator)
                onStopWordsChosen?(chosen?.name, chosen?.share ?? 0)
                return try chosen.map { try StopWords.load($0.name) } ?? []
            } : nil
        return try TextCorpus(
            source: source, tokenizer: tokenizer, vectorizer: vectorizer, fitted: fittedVectorizer,
            maximumDocumentBytes: reading.maximumDocumentBytes, onTruncate: onTruncate,
            onProgress: onProgress, extraStopWords: choice, encoderTokenizer: encoderTokenizer,
            keepsEncoderTokens: keepsEncoderTokens, onFirstTexts: onFirstTexts,
            communicator: communicator)
    }

    /// The shipped stop-word list that fits `texts` (this process's first documents) and the
    /// first documents of every other process best.
    private func chooseStopWords(_ texts: ArraySlice<String>, communicator: Communicator) throws -> (name: String, share: Double)? {
        var sampling = tokenizer
        sampling.minimumLength = 1
        sampling.stopWords = []
        sampling.ngrams = 1
        let counter = Tokenizer(settings: sampling)
        // Counted on every core, a run of texts per dictionary, then merged.
        let runLength = 32
        var runs = [[String: Int]](repeating: [:], count: (texts.count + runLength - 1) / runLength)
        runs.withUnsafeMutableBufferPointer { runs in
            Parallel.forEachChunk(runs.count, chunk: 1) { range in
                for r in range {
                    for text in texts.dropFirst(r * runLength).prefix(runLength) {
                        counter.forEachToken(in: text) { runs[r][$0, default: 0] += 1 }
                    }
                }
            }
        }
        var counts = runs.first ?? [:]
        for run in runs.dropFirst() { counts.merge(run, uniquingKeysWith: +) }
        var tallies = try StopWords.matches(counts) + [counts.values.reduce(0, +)]
        try communicator.sum(&tallies)
        return StopWords.choose(matches: Array(tallies.dropLast()), total: tallies.last!)
    }
}
