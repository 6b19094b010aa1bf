import DKMCore
/// A raw Usenet message: the header block, then a blank line, then the body.
public struct NewsgroupsMessage: Sendable {
    /// What to remove, with the meaning of scikit-learn's `fetch_20newsgroups(remove=...)`.
    public struct Removal: OptionSet, Sendable, Codable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Everything up to the first blank line.
        public static let headers = Removal(rawValue: 1)
        /// The signature block: from the last line made only of dashes (or blank) to the end.
        public static let footers = Removal(rawValue: 2)
        /// Lines that quote or introduce quotes ("> ...", "... writes:", "In article ...").
        public static let quotes = Removal(rawValue: 4)
        /// Every header line but the Subject, whose text stays: the routing and software lines
        /// (`NNTP-Posting-Host`, `X-Newsreader`, `Lines`, `Distribution`) are the same in
        /// messages of every topic and make clusters of their own.
        public static let headersButSubject = Removal(rawValue: 8)
        /// A signature: the lines after the last `-- ` delimiter (or a line of dashes) within a
        /// message's last 10 lines. Unlike `footers` (scikit-learn's), the last paragraph stays.
        public static let signature = Removal(rawValue: 16)
        /// What `dkm cluster` removes by default from 20 Newsgroups messages.
        public static let boilerplate: Removal = [.headersButSubject, .signature]

        /// The parts named in a comma-separated list: scikit-learn's `remove=` names (headers,
        /// footers, quotes), `boilerplate` (header lines but the Subject, and the signature),
        /// or `none`; nil when a name is none of these.
        public init?(names: String) {
            self = []
            for name in names.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                switch name {
                case "headers": insert(.headers)
                case "footers": insert(.footers)
                case "quotes": insert(.quotes)
                case "boilerplate": formUnion(.boilerplate)
                case "none": break
                default: return nil
                }
            }
        }
    }

    public let text: String

    /// Line breaks may be CRLF: they are read as LF (a CRLF message has no "\n\n", and would
    /// otherwise lose its whole body with its headers).
    public init(text: String) {
        var copy = text
        // A byte scan: Foundation's `contains` goes through UTF-16 and cost a fifth of reading.
        let hasReturn = copy.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 0x0D, bytes.count) != nil } ?? false }
        self.text = hasReturn && text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }

    /// The value of header `name` from the header block, matched without regard to ASCII case
    /// (header names are ASCII), with whitespace trimmed.
    public func header(_ name: String) -> String? {
        let wanted = Array(name.lowercased().utf8) + [UInt8(ascii: ":")]
        var text = self.text
        return text.withUTF8 { bytes in
            let end = Self.firstBlankLine(bytes) ?? bytes.count
            var start = 0
            while start <= end {
                let lineEnd = Self.nextLineBreak(bytes, from: start, before: end)
                if lineEnd - start >= wanted.count,
                    wanted.indices.allSatisfy({ Self.asciiLowercased(bytes[start + $0]) == wanted[$0] })
                {
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start + wanted.count..<lineEnd]), as: UTF8.self)
                        .trimmingCharacters(in: .whitespaces)
                }
                start = lineEnd + 1
            }
            return nil
        }
    }

    /// The text with the chosen parts removed (headers, then footers, then quotes, as scikit-learn;
    /// the signature after the headers). Lines are found in the UTF-8 bytes: a "\n" is always a
    /// character of its own, so the lines are the same as the text's split at "\n".
    public func removing(_ parts: Removal) -> String {
        var result = text
        if parts.contains(.headers) || parts.contains(.headersButSubject) {
            // As scikit-learn: what follows the first blank line (nothing if there is none).
            let body = result.withUTF8 { bytes in
                Self.firstBlankLine(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[($0 + 2)...]), as: UTF8.self) } ?? ""
            }
            let subject = parts.contains(.headers) ? nil : header("Subject")
            result = subject.map { $0 + "\n\n" + body } ?? body
        }
        if parts.contains(.signature) { result = Self.removingSignature(result) }
        if parts.contains(.footers) {
            let lines = result.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false)
            if let cut = lines.lastIndex(where: { $0.trimmingCharacters(in: .whitespaces).allSatisfy { $0 == "-" } }), cut > 0 {
                result = lines[..<cut].joined(separator: "\n")
            }
        }
        if parts.contains(.quotes) {
            result = result.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !NewsgroupsMessage.isQuote($0) }.joined(separator: "\n")
        }
        return result
    }

    /// `text` without its signature: the lines from the last delimiter ("-- ", "--" or a line of
    /// dashes) among the last 10 lines that are not blank, when a line comes before it.
    static func removingSignature(_ text: String) -> String {
        var text = text
        let cut: Int? = text.withUTF8 { bytes in
            var end = bytes.count, looked = 0
            while looked < signatureLines {
                let start = previousLineStart(bytes, before: end)
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if looked > 0 || !isBlank(line) {
                    looked += 1
                    if isDelimiter(line) { return start > 0 ? start - 1 : nil }
                }
                guard start > 0 else { return nil }
                end = start - 1
            }
            return nil
        }
        guard let cut else { return text }
        return text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[..<cut]), as: UTF8.self) }
    }

    static let signatureLines = 10

    static func isDelimiter(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let dash = UInt8(ascii: "-")
        if line.count == 3, line[0] == dash, line[1] == dash, line[2] == UInt8(ascii: " ") { return true }
        return line.count >= 2 && line.allSatisfy { $0 == dash }
    }

    /// True for a line of spaces, tabs or other Unicode space separators only (or none).
    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return true }
        guard line.contains(where: { $0 >= 0x80 }) else { return false }
        return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// The offset of the first "\n\n" (the end of the header block), nil if there is none.
    static func firstBlankLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var position = 0
        while position + 1 < bytes.count {
            let lineEnd = nextLineBreak(bytes, from: position, before: bytes.count)
            guard lineEnd + 1 < bytes.count else { return nil }
            if bytes[lineEnd + 1] == UInt8(ascii: "\n") { return lineEnd }
            position = lineEnd + 1
        }
        return nil
    }

    /// The offset of the next "\n" at or after `start` and before `end`, or `end`.
    static func nextLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int) -> Int {
        guard start < end, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(UInt8(ascii: "\n")), end - start)
        else { return end }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The start of the line that ends at `end`: just after the "\n" before it, or 0.
    static func previousLineStart(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var position = end
        while position > 0, bytes[position - 1] != UInt8(ascii: "\n") { position -= 1 }
        return position
    }

    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    static func isQuote(_ line: Substring) -> Bool {
        line.hasPrefix(">") || line.hasPrefix("|") || line.hasPrefix("In article") || line.hasPrefix("Quoted from")
            || ["writes in", "writes:", "wrote:", "says:", "said:"].contains { line.contains($0) }
    }
}

import Foundation
