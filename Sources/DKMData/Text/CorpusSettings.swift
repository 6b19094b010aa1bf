import Foundation
import DKMCore

/// Everything that says how a collection becomes tf-idf rows: how to read it, how to split its
/// text into tokens and how to choose the vocabulary. `load` reads, tokenizes and vectorizes.
public struct CorpusSettings {
    public var reading = CorpusOptions()
    public var tokenizer = TokenizerSettings()
    public var vectorizer = VectorizerSettings()
    /// Hears of each document cut at `reading.maximumDocumentBytes`.
    public var onTruncate: ((Document) -> Void)?

    public init() {}

    /// The paper's 20NEWS featurization (the reference code's scikit-learn `TfidfVectorizer`):
    /// `\b\w\w+\b` tokens lowercased, the top 2,000 terms by corpus count.
    public static var referenceCode: CorpusSettings {
        var settings = CorpusSettings()
        settings.tokenizer = TokenizerSettings(splitting: .scikitLearn)
        return settings
    }

    /// This process's part of the corpus at `path` (all of it without distribution), in
    /// `format` when given, else in the reading options' format, else detected.
    public func load(_ path: String, format: CorpusFormat? = nil, sample: (count: Int, seed: UInt64)? = nil,
                     communicator: Communicator = SingleProcess.shared) throws -> TextCorpus {
        var reading = self.reading
        reading.shard = Shard(index: communicator.rank, count: communicator.size)
        if let format { reading.format = format }
        var source = try reading.source(for: path)
        if let sample {
            guard !communicator.isDistributed else {
                throw DataFileError(file: path, .mismatch("a sample of the documents cannot be drawn in a distributed run"))
            }
            source = SampledSource(source, count: sample.count, seed: sample.seed)
        }
        return try load(source, communicator: communicator)
    }

    public func load(_ source: DocumentSource, communicator: Communicator = SingleProcess.shared) throws -> TextCorpus {
        try TextCorpus(source: source, tokenizer: tokenizer, vectorizer: vectorizer,
                       maximumDocumentBytes: reading.maximumDocumentBytes, onTruncate: onTruncate, communicator: communicator)
    }
}
