import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// `--encoder auto`: short texts (a median document in half the encoder's window) are
/// embedded, longer ones are not, and the choice is made from the corpus's first documents.
@Suite struct EncoderChoiceTests {
    @Test func theMedianDocumentDecides() throws {
        let folder = TemporaryDirectory()
        let encoder = try EncoderFolder(TinyEncoder.write(to: folder.file("tiny")))
        #expect(EncoderChoice.longestShortMedian(encoder) == TinyEncoder.maximumLength / 2)
        // "the game" is 4 tokens with [CLS] and [SEP]; 14 words make 16, the longest short text; 15 words make 17.
        let short = "the game", limit = Array(repeating: "game", count: 14).joined(separator: " ")
        let over = limit + " game"
        #expect(encoder.tokenize(limit).count == 16 && encoder.tokenize(over).count == 17)
        #expect(EncoderChoice.suitsEncoder([short, limit, over], encoder: encoder))
        #expect(!EncoderChoice.suitsEncoder([short, over, over], encoder: encoder))
        #expect(!EncoderChoice.suitsEncoder([], encoder: encoder))
        // Only the first documents count.
        let first = [String](repeating: short, count: EncoderChoice.sampleSize)
        #expect(EncoderChoice.suitsEncoder(first + [String](repeating: over, count: 2 * EncoderChoice.sampleSize), encoder: encoder))
        // A text past 4,096 characters is long, whatever its tokens (here all spaces).
        #expect(!EncoderChoice.suitsEncoder([String(repeating: " ", count: 5000)], encoder: encoder))
    }

    @Test func theCorpusKeepsEncoderTokensOnlyWhenTheChoiceSaysSo() throws {
        let folder = TemporaryDirectory()
        let encoder = try EncoderFolder(TinyEncoder.write(to: folder.file("tiny")))
        var seen: [String] = []
        let documents = EncoderClusteringTests.documents
        let kept = try TextCorpus(
            source: InMemorySource(documents: documents), encoderTokenizer: encoder.tokenize,
            keepsEncoderTokens: {
                seen = $0; return true
            })
        #expect(seen.count == documents.count && kept.encoderTokens == documents.map { encoder.tokenize($0.text) })
        let dropped = try TextCorpus(
            source: InMemorySource(documents: documents), encoderTokenizer: encoder.tokenize,
            keepsEncoderTokens: { _ in false })
        #expect(dropped.encoderTokens.isEmpty && dropped.matrix == kept.matrix)
    }
}
