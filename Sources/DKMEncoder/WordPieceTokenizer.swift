import Foundation

/// BERT's WordPiece tokenizer, as Hugging Face's `BertTokenizerFast` (the `tokenizers` library's
/// BertNormalizer, BertPreTokenizer and WordPiece model) runs it:
///
/// 1. cleaning: NUL, U+FFFD and control or format characters (other than tab, line feed and
///    carriage return) go; every whitespace character becomes a space;
/// 2. a space on each side of every CJK ideograph, so each is a word;
/// 3. with accent stripping, the canonical decomposition (NFD) without its non-spacing marks;
///    with lower-casing, each character's full lower-case mapping;
/// 4. words split at whitespace, each punctuation character a word of its own;
/// 5. each word as the longest vocabulary entries from its start, the later ones written
///    with `##`; a word of more than `longestWord` characters, or with a piece outside the
///    vocabulary, is `[UNK]`.
///
/// Special tokens written in the text itself (`[CLS]`, `[MASK]`, ... exactly so) are those
/// tokens, as in the reference, where they are matched before normalization.
///
/// Words are compared by their Unicode scalars, as the reference does (a Swift String compares
/// canonically equivalent spellings as equal).
public struct WordPieceTokenizer: Sendable {
    public struct Options: Sendable, Equatable {
        public var lowercases: Bool
        public var stripsAccents: Bool
        public var splitsCJK: Bool
        public init(lowercases: Bool = true, stripsAccents: Bool? = nil, splitsCJK: Bool = true) {
            self.lowercases = lowercases
            self.stripsAccents = stripsAccents ?? lowercases
            self.splitsCJK = splitsCJK
        }
    }

    public let options: Options
    public let vocabularySize: Int
    public let classID: Int32, separatorID: Int32, unknownID: Int32
    /// Words longer than this (in Unicode scalars) are `[UNK]`.
    public static let longestWord = 100
    private let ids: [ScalarKey: Int32]
    /// The special tokens matched in raw text, longest first, with their ids.
    private let specials: [(token: String, id: Int32)]

    /// `vocabulary` in id order (vocab.txt's lines); the special tokens must be in it.
    public init(
        vocabulary: [String], options: Options = Options(), unknown: String = "[UNK]",
        classToken: String = "[CLS]", separatorToken: String = "[SEP]",
        otherSpecialTokens: [String] = []
    ) throws {
        var ids: [ScalarKey: Int32] = [:]
        ids.reserveCapacity(vocabulary.count)
        // A repeated entry keeps its last id, as the reference's vocabulary map does.
        for (id, token) in vocabulary.enumerated() { ids[ScalarKey(token)] = Int32(id) }
        func id(_ token: String) throws -> Int32 {
            guard let id = ids[ScalarKey(token)] else { throw WordPieceError.missingSpecialToken(token) }
            return id
        }
        self.ids = ids
        self.options = options
        vocabularySize = vocabulary.count
        unknownID = try id(unknown)
        classID = try id(classToken)
        separatorID = try id(separatorToken)
        specials = try Set(otherSpecialTokens + [unknown, classToken, separatorToken]).filter { !$0.isEmpty }
            .sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }.map { ($0, try id($0)) }
    }

    /// `[CLS]`, the word pieces of `text` cut to `maximumLength` - 2, `[SEP]`.
    public func encode(_ text: String, maximumLength: Int) -> [Int32] {
        var pieces = [classID]
        appendPieces(of: text, to: &pieces, limit: max(0, maximumLength - 2) + 1)
        pieces.append(separatorID)
        return pieces
    }

    /// The word pieces of `text`, without `[CLS]` and `[SEP]`.
    public func pieces(_ text: String) -> [Int32] {
        var pieces: [Int32] = []
        appendPieces(of: text, to: &pieces, limit: .max)
        return pieces
    }

    /// Appends the pieces of `text` while `pieces` is shorter than `limit`.
    private func appendPieces(of text: String, to pieces: inout [Int32], limit: Int) {
        var rest = Substring(text)
        while !rest.isEmpty, pieces.count < limit {
            let special = firstSpecial(in: rest)
            let plain = rest[..<(special?.range.lowerBound ?? rest.endIndex)]
            forEachWord(in: normalized(plain)) { word in
                appendPieces(of: word, to: &pieces, limit: limit)
                return pieces.count < limit
            }
            guard let special else { break }
            if pieces.count < limit { pieces.append(special.id) }
            rest = rest[special.range.upperBound...]
        }
    }

    /// The leftmost special token written in `text` (the longest where several start there).
    private func firstSpecial(in text: Substring) -> (range: Range<Substring.Index>, id: Int32)? {
        var best: (range: Range<Substring.Index>, id: Int32)?
        for (token, id) in specials {
            guard let first = token.utf8.first, text.utf8.contains(first) else { continue }
            var searched = text
            while let start = searched.utf8.firstIndex(of: first) {
                let tail = text.utf8[start...]
                if tail.starts(with: token.utf8) {
                    let end = text.utf8.index(start, offsetBy: token.utf8.count)
                    if best == nil || start < best!.range.lowerBound { best = (start..<end, id) }
                    break
                }
                searched = text[text.utf8.index(after: start)...]
            }
        }
        return best
    }

    /// Steps 1 to 3 of the type's description, as Unicode scalars.
    func normalized(_ text: Substring) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
            let scalar = Self.isWhitespace(scalar) ? " " : scalar
            if options.splitsCJK && Self.isCJK(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(cleaned.count)
        let decomposed =
            options.stripsAccents
            ? String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars
            : String(cleaned).unicodeScalars
        for scalar in decomposed {
            if options.stripsAccents && scalar.properties.generalCategory == .nonspacingMark { continue }
            if options.lowercases, scalar.properties.changesWhenLowercased {
                scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                scalars.append(scalar)
            }
        }
        return scalars
    }

    /// Step 4: calls `body` with each word until it returns false.
    private func forEachWord(in scalars: [Unicode.Scalar], _ body: (ArraySlice<Unicode.Scalar>) -> Bool) {
        var start = 0
        for (i, scalar) in scalars.enumerated() {
            if scalar.properties.isWhitespace {
                if start < i, !body(scalars[start..<i]) { return }
                start = i + 1
            } else if Self.isPunctuation(scalar) {
                if start < i, !body(scalars[start..<i]) { return }
                if !body(scalars[i...i]) { return }
                start = i + 1
            }
        }
        if start < scalars.count { _ = body(scalars[start...]) }
    }

    /// Step 5, appending no more than makes `pieces` `limit` long.
    private func appendPieces(of word: ArraySlice<Unicode.Scalar>, to pieces: inout [Int32], limit: Int) {
        guard word.count <= Self.longestWord else {
            pieces.append(unknownID)
            return
        }
        var found: [Int32] = []
        var start = word.startIndex
        while start < word.endIndex {
            var end = word.endIndex
            var match: Int32?
            while start < end {
                if let id = ids[ScalarKey(word[start..<end], continuation: start > word.startIndex)] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else {
                found = [unknownID]
                break
            }
            found.append(match)
            start = end
        }
        pieces.append(contentsOf: found.prefix(max(0, limit - pieces.count)))
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    /// Control, format, surrogate, private-use and unassigned characters (Unicode's "Other").
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// The CJK ideograph blocks BERT splits into single characters.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default: return false
        }
    }
}

/// A vocabulary entry by its exact Unicode scalars (UTF-8 bytes), `##` included for pieces
/// after a word's first.
struct ScalarKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ token: String) { bytes = Array(token.utf8) }

    init(_ scalars: ArraySlice<Unicode.Scalar>, continuation: Bool) {
        var bytes: [UInt8] = continuation ? [0x23, 0x23] : []
        for scalar in scalars { bytes.append(contentsOf: UTF8.encode(scalar)!) }
        self.bytes = bytes
    }
}

public enum WordPieceError: Error, Equatable, CustomStringConvertible {
    case missingSpecialToken(String)

    public var description: String {
        switch self {
        case .missingSpecialToken(let token): "the vocabulary has no \(token) token"
        }
    }
}
