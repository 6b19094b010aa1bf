import Foundation
import DKMEncoder
import DKMCore
import DKMData
import DKMTestSupport
import Testing

/// dkm's encoder against the reference made by `bench/encoder_reference.py` with the Hugging
/// Face tokenizer and sentence-transformers: the same token ids for every text, and embeddings
/// within a cosine of 0.99999 and 1e-4 per value. Needs the model `scripts/bootstrap` fetches.
@Suite struct ReferenceTests {
    struct Fixture: Decodable {
        var texts: [String]
        var ids: [[Int32]]
        var embeddings: [[Float]]
        var max_seq_length: Int
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "all-MiniLM-L6-v2-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    struct ModelMissing: Error, CustomStringConvertible {
        var description: String
    }

    /// Loaded once for the suite; a missing model fails each test with the way to fetch it.
    nonisolated(unsafe) static let loaded: Result<SentenceEncoder, ModelMissing> = {
        do {
            return .success(try SentenceEncoder(path: SentenceEncoder.locate("all-MiniLM-L6-v2")))
        } catch {
            return .failure(ModelMissing(description: "\(error) (scripts/fetch-encoder, part of scripts/bootstrap, fetches the model)"))
        }
    }()

    @Test(.slow) func tokenIdsEqualTheHuggingFaceTokenizers() throws {
        let fixture = Self.fixture, encoder = try Self.loaded.get()
        #expect(encoder.folder.maximumLength == fixture.max_seq_length)
        for (text, expected) in zip(fixture.texts, fixture.ids) {
            #expect(encoder.tokens(text) == expected, "\(text.debugDescription)")
        }
    }

    /// Each fixture text's cosine to sentence-transformers' embedding, and the largest difference.
    static func agreement(of embeddings: DKMCore.Matrix) -> [(cosine: Double, largest: Float)] {
        fixture.embeddings.enumerated().map { i, expected in
            var dot = 0.0, rowSquares = 0.0, expectedSquares = 0.0
            var largest: Float = 0
            for (value, reference) in zip(embeddings.row(i), expected) {
                dot += Double(value) * Double(reference)
                rowSquares += Double(value) * Double(value)
                expectedSquares += Double(reference) * Double(reference)
                largest = max(largest, abs(value - reference))
            }
            return (dot / (rowSquares * expectedSquares).squareRoot(), largest)
        }
    }

    @Test(.slow) func embeddingsMatchSentenceTransformers() throws {
        let agreement = Self.agreement(of: try Self.loaded.get().embed(Self.fixture.texts))
        for (text, (cosine, largest)) in zip(Self.fixture.texts, agreement) {
            #expect(
                cosine >= 0.99999 && largest <= 1e-4,
                "\(text.prefix(40).debugDescription): cosine \(cosine), largest difference \(largest)")
        }
    }

    /// The 8-bit products stay near the reference. On these texts: a mean cosine of 0.998 (lowest
    /// 0.992, the empty text) with VNNI's 8-bit activations, 0.994 (lowest 0.980) with AVX2's 7.
    @Test(.slow) func int8EmbeddingsStayNearSentenceTransformers() throws {
        let encoder = try SentenceEncoder(path: SentenceEncoder.locate("all-MiniLM-L6-v2"), precision: .int8)
        let fp32Key = try Self.loaded.get().embeddingsKey
        #expect(encoder.precision == .int8 && encoder.embeddingsKey == fp32Key + "-int8")
        let agreement = Self.agreement(of: encoder.embed(Self.fixture.texts))
        for (text, (cosine, _)) in zip(Self.fixture.texts, agreement) {
            #expect(cosine >= 0.975, "\(text.prefix(40).debugDescription): cosine \(cosine)")
        }
        let mean = agreement.map(\.cosine).reduce(0, +) / Double(agreement.count)
        #expect(mean >= 0.99 && mean < 0.99999, "mean cosine \(mean)")
    }
}

extension ReferenceTests {
    /// A corpus read with the encoder's tokenizer keeps each document's tokens, and embedding
    /// them gives what embedding the texts does.
    @Test func tokensKeptWhileReadingEmbedLikeTheTexts() throws {
        let encoder = try Self.loaded.get()
        let texts = Array(Self.fixture.texts.filter { !$0.isEmpty }.prefix(12))
        var settings = CorpusSettings()
        settings.encoderTokenizer = encoder.tokenizer
        let corpus = try settings.load(InMemorySource(documents: texts.enumerated().map { Document(id: "\($0)", text: $1) }))
        #expect(corpus.encoderTokens == texts.map { encoder.tokens($0) })
        #expect(encoder.embed(tokenized: corpus.encoderTokens) == encoder.embed(texts))
    }
}
