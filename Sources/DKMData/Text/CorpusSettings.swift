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
    /// The documents (per process) the stop-word choice reads.
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
    public func load(_ path: String, format: CorpusFormat? = nil, sample: (count: Int, seed: UInt64)? = nil,
                     communicator: Communicator = SingleProcess.shared) throws -> TextCorpus {
        var reading = self.reading
        reading.shard = Shard(index: communicator.rank, count: communicator.size)
        if let format { reading.format = format }
        try reading.checkOptionsApply(to: path)
        func source(_ reading: CorpusOptions, sampled: Bool = true) throws -> DocumentSource {
            let source = try reading.source(for: path)
            guard let sample, sampled else { return source }
            guard !communicator.isDistributed else {
                throw DataFileError(file: path, .mismatch("a sample of the documents cannot be drawn in a distributed run"))
            }
            return SampledSource(source, count: sample.count, seed: sample.seed)
        }
        // The stop-word choice reads quietly (the corpus's own pass reports what it skips) the
        // first documents of the whole corpus: a sample would be drawn from every document first.
        var quiet = reading
        quiet.onSkip = nil
        quiet.badDocuments = .skip
        do {
            return try load(source(reading), sampling: choosesStopWords && fittedVectorizer == nil ? try source(quiet, sampled: false) : nil,
                            communicator: communicator)
        } catch VectorizerError.emptyVocabulary(documents: 0) {
            // Said of the input, not of a vocabulary: a header-only table, blank standard input.
            let name = path == JSONLinesReader.standardInput ? "standard input" : path
            let format = (try? reading.format ?? CorpusFormat.detect(path)).map { " (read as \($0.rawValue))" } ?? ""
            throw DataFileError(file: name, .mismatch("it holds no documents\(format)"))
        }
    }

    /// The corpus of `source`; with `choosesStopWords`, the choice reads the first documents
    /// of `sampling` (by default `source` itself).
    public func load(_ source: DocumentSource, sampling: DocumentSource? = nil,
                     communicator: Communicator = SingleProcess.shared) throws -> TextCorpus {
        var tokenizer = self.tokenizer
        if choosesStopWords, fittedVectorizer == nil {
            let chosen = try chooseStopWords(sampling ?? source, communicator: communicator)
            onStopWordsChosen?(chosen?.name, chosen?.share ?? 0)
            if let chosen { tokenizer.stopWords.formUnion(try StopWords.load(chosen.name)) }
        }
        return try TextCorpus(source: source, tokenizer: tokenizer, vectorizer: vectorizer, fitted: fittedVectorizer,
                              maximumDocumentBytes: reading.maximumDocumentBytes, onTruncate: onTruncate,
                              onProgress: onProgress, communicator: communicator)
    }

    /// The shipped stop-word list that fits the first documents of every process best.
    private func chooseStopWords(_ source: DocumentSource, communicator: Communicator) throws -> (name: String, share: Double)? {
        struct Enough: Error {}
        var sampling = tokenizer
        sampling.minimumLength = 1
        sampling.stopWords = []
        sampling.ngrams = 1
        let counter = Tokenizer(settings: sampling)
        var counts: [String: Int] = [:], documents = 0
        do {
            try source.forEachDocument { document in
                // Cut first, as the corpus's own pass does: a 1 GB field is tokenized up to the limit only.
                let text = document.textCut(toBytes: reading.maximumDocumentBytes) ?? document.text
                counter.forEachToken(in: text) { counts[$0, default: 0] += 1 }
                documents += 1
                if documents >= Self.stopWordSampleSize { throw Enough() }
            }
        } catch is Enough {}
        var tallies = try StopWords.matches(counts) + [counts.values.reduce(0, +)]
        try communicator.sum(&tallies)
        return StopWords.choose(matches: Array(tallies.dropLast()), total: tallies.last!)
    }
}
