import Foundation
import DKMEncoder
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

    @Test(.slow) func embeddingsMatchSentenceTransformers() throws {
        let fixture = Self.fixture
        let embeddings = try Self.loaded.get().embed(fixture.texts)
        for (i, expected) in fixture.embeddings.enumerated() {
            let row = Array(embeddings.row(i))
            var dot = 0.0, rowSquares = 0.0, expectedSquares = 0.0
            var largest: Float = 0
            for (value, reference) in zip(row, expected) {
                dot += Double(value) * Double(reference)
                rowSquares += Double(value) * Double(value)
                expectedSquares += Double(reference) * Double(reference)
                largest = max(largest, abs(value - reference))
            }
            let cosine = dot / (rowSquares * expectedSquares).squareRoot()
            #expect(
                cosine >= 0.99999 && largest <= 1e-4,
                "\(fixture.texts[i].prefix(40).debugDescription): cosine \(cosine), largest difference \(largest)")
        }
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
