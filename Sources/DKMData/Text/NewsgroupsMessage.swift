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

    public init(text: String) { self.text = text }

    /// The value of header `name` (case-insensitive), from the header block.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased() + ":"
        for line in headerBlock.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.lowercased().hasPrefix(wanted) {
                return line.dropFirst(wanted.count).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    var headerBlock: Substring {
        guard let range = text.range(of: "\n\n") else { return text[...] }
        return text[..<range.lowerBound]
    }

    /// The text with the chosen parts removed (headers, then footers, then quotes, as scikit-learn;
    /// the signature after the headers).
    public func removing(_ parts: Removal) -> String {
        var result = text
        if parts.contains(.headers) || parts.contains(.headersButSubject) {
            // As scikit-learn: what follows the first blank line (nothing if there is none).
            let body = result.range(of: "\n\n").map { String(result[$0.upperBound...]) } ?? ""
            let subject = parts.contains(.headers) ? nil : header("Subject")
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

    static func isQuote(_ line: Substring) -> Bool {
        line.hasPrefix(">") || line.hasPrefix("|") || line.hasPrefix("In article") || line.hasPrefix("Quoted from")
            || ["writes in", "writes:", "wrote:", "says:", "said:"].contains { line.contains($0) }
    }
}

import Foundation
