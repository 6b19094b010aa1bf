import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// `NewsgroupsMessage` finds lines in UTF-8 bytes; these tests hold it to a reference that
/// splits the text's characters at "\n", as the reader did before it worked on bytes (on the
/// text with CRLF read as LF, which the reference did not do).
@Suite struct NewsgroupsMessageTests {
    /// The header and signature rules over characters: slow and plain.
    enum Reference {
        static func header(_ text: String, _ name: String) -> String? {
            let wanted = name.lowercased() + ":"
            let block = text.range(of: "\n\n").map { text[..<$0.lowerBound] } ?? text[...]
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) where line.lowercased().hasPrefix(wanted) {
                return line.dropFirst(wanted.count).trimmingCharacters(in: .whitespaces)
            }
            return nil
        }

        static func removing(_ text: String, _ parts: NewsgroupsMessage.Removal) -> String {
            var result = text
            if parts.contains(.headers) || parts.contains(.headersButSubject) {
                let body = result.range(of: "\n\n").map { String(result[$0.upperBound...]) } ?? ""
                let subject = parts.contains(.headers) ? nil : header(text, "Subject")
                result = subject.map { $0 + "\n\n" + body } ?? body
            }
            if parts.contains(.signature) {
                var lines = result.split(separator: "\n", omittingEmptySubsequences: false)
                while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
                let delimiter = lines.indices.suffix(10).last { index in
                    let line = lines[index]
                    return line == "-- " || line == "--" || (line.count >= 2 && line.allSatisfy { $0 == "-" })
                }
                if let delimiter, delimiter > 0 { result = lines[..<delimiter].joined(separator: "\n") }
            }
            return result
        }
    }

    /// Messages made of lines that sit on the rules' edges: blank and nearly blank lines
    /// (no-break and ideographic spaces), dash lines with and without a trailing space or a
    /// combining mark, Subject lines in any case, accents, CJK, emoji and lone carriage returns.
    func messages(_ count: Int) -> [String] {
        let pool = [
            "", " ", "\t", "\u{00A0}", "\u{3000} ", "-- ", "--", "---", "-", "--\u{301}", "- -", "Subject: Engines",
            "SUBJECT:  Hello ", "subject:", "Subjects: no", "From: a@example.com", "Lines: 12", "naïve café",
            "東京 タワー", "emoji 🚀 rocket", "> quoted", "In article <1@x> a writes:", "text\r", "\r", "a\rb", "plain words",
        ]
        var random = RandomGenerator(seed: 291)
        return (0..<count).map { _ in
            let lines = (0..<Int.random(in: 0...24, using: &random)).map { _ in pool[Int.random(in: 0..<pool.count, using: &random)] }
            return lines.joined(separator: "\n") + (Bool.random(using: &random) ? "\n" : "")
        }
    }

    @Test func bytesGiveTheReferenceLines() {
        let parts: [NewsgroupsMessage.Removal] = [.boilerplate, .headers, .headersButSubject, .signature, []]
        for raw in messages(3000) {
            let message = NewsgroupsMessage(text: raw)
            let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
            #expect(message.header("Subject") == Reference.header(text, "Subject"), "\(text.debugDescription)")
            #expect(message.header("lines") == Reference.header(text, "lines"))
            for part in parts {
                #expect(message.removing(part) == Reference.removing(text, part), "\(part.rawValue) of \(text.debugDescription)")
            }
        }
    }

    /// CRLF line breaks are read as LF: the body and the Subject survive (with CRLF there is no
    /// "\n\n", and the body went with the headers).
    @Test func crlfMessagesKeepTheirBody() {
        let message = NewsgroupsMessage(text: "From: a\r\nSubject: Engines\r\n\r\nFirst.\r\n\r\nLast words.\r\n-- \r\nA. Person\r\n")
        #expect(message.header("Subject") == "Engines")
        #expect(message.removing(.boilerplate) == "Engines\n\nFirst.\n\nLast words.")
        #expect(message.removing(.headers) == "First.\n\nLast words.\n-- \nA. Person\n")
    }
}
