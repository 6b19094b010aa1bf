import Foundation
import DKMTestSupport
@testable import DKMData
import DKMCore
import Testing

@Suite struct SnippetTests {
    /// The byte-by-byte snippet equals the Character-by-Character one on texts of ASCII, line
    /// breaks (CR LF among them), accents precomposed and combining, CJK and emoji, short and
    /// longer than the snippet; it declines (nil) only when a non-ASCII byte is in reach.
    @Test func theASCIIPathGivesTheCharacterSnippet() {
        var random = RandomGenerator(seed: 5)
        let pieces = [
            "word", "a", "Z9", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "e\u{301}", "é",
            "\u{301}", "日本", "🙂", "\u{A0}", "\u{2028}", ".,;", "\u{1F}",
        ]
        var asciiTaken = 0
        for trial in 0..<3000 {
            let asciiOnly = trial % 2 == 0
            let usable = asciiOnly ? pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : pieces
            let length = Int.random(in: 0...(trial % 3 == 0 ? 400 : 40), using: &random)
            let text = (0..<length).map { _ in usable.randomElement(using: &random)! }.joined()
            let expected = TextCorpus.characterSnippet(text)
            #expect(TextCorpus.snippet(text) == expected, "\(text.debugDescription)")
            if let fast = TextCorpus.asciiSnippet(text) {
                #expect(fast == expected)
                asciiTaken += 1
            } else {
                #expect(!asciiOnly)
            }
        }
        #expect(asciiTaken > 1500)
        // A combining mark right after the last byte read belongs to that last Character.
        let full = String(repeating: "x", count: TextCorpus.snippetLength - 1) + "e\u{301}tail"
        #expect(TextCorpus.asciiSnippet(full) == nil)
        #expect(TextCorpus.snippet(full).hasSuffix("e\u{301}"))
    }
}
