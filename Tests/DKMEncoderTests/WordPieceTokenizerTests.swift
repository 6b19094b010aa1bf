import Foundation
@testable import DKMEncoder
import Testing

@Suite struct WordPieceTokenizerTests {
    let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "cafe", "!", "中", "a", "##b", "e\u{301}"]

    @Test func piecesAreTheLongestVocabularyEntriesFromEachStart() throws {
        let tokenizer = try WordPieceTokenizer(vocabulary: vocabulary)
        // "unaffable": un ##aff ##able; "Café!" lower-cased, accent stripped: cafe then "!".
        #expect(tokenizer.pieces("UNaffable Café!") == [4, 5, 6, 7, 8])
        // A word with a piece outside the vocabulary is [UNK] as a whole; CJK splits.
        #expect(tokenizer.pieces("unx 中中") == [1, 9, 9])
        #expect(tokenizer.encode("a b", maximumLength: 3) == [2, 10, 3])
        #expect(tokenizer.encode("", maximumLength: 8) == [2, 3])
        // Over 100 characters: [UNK].
        #expect(tokenizer.pieces(String(repeating: "a", count: 101)) == [1])
    }

    @Test func entriesAreComparedByTheirScalarsNotCanonically() throws {
        var options = WordPieceTokenizer.Options(lowercases: false)
        options.stripsAccents = false
        let tokenizer = try WordPieceTokenizer(vocabulary: vocabulary, options: options)
        // "é" precomposed is not the vocabulary's decomposed e + U+0301.
        #expect(tokenizer.pieces("\u{E9}") == [1])
        #expect(tokenizer.pieces("e\u{301}") == [12])
    }
}
