import CICU
import DKMCore

/// How text becomes tokens; saved with a model so new documents are tokenized the same way.
public struct TokenizerSettings: Codable, Equatable, Sendable {
    public enum Splitting: String, Codable, CaseIterable, Sendable {
        /// ICU word breaks after NFKC normalization and case folding.
        case icu
        /// scikit-learn's default: maximal runs of 2+ word characters (`\b\w\w+\b`), lowercased;
        /// what the reference code's features were built from.
        case scikitLearn = "sklearn"
    }

    public var splitting: Splitting = .icu
    /// Tokens need at least this many letters or digits.
    public var minimumLength: Int = 2
    /// Drop tokens without a letter ("42", "3.14", "1,000").
    public var dropNumbers: Bool = false
    /// Words to drop (already case-folded), e.g. `StopWords.english`.
    public var stopWords: Set<String> = []
    /// Terms are runs of 1 to `ngrams` consecutive words (after stop words are dropped), joined
    /// by a space, as scikit-learn's `ngram_range=(1, ngrams)`.
    public var ngrams: Int = 1

    /// The bounds the command line takes, and a saved model must keep.
    public static let ngramLengths = 1...3
    public static let minimumLengths = 1...100
    public static let stopWordLimit = 1_000_000

    /// What is out of bounds in these settings (nil: nothing).
    public var problem: String? {
        if !Self.ngramLengths.contains(ngrams) { return "ngrams must be from 1 to 3, not \(ngrams)" }
        if !Self.minimumLengths.contains(minimumLength) { return "the minimum token length must be from 1 to 100, not \(minimumLength)" }
        if stopWords.count > Self.stopWordLimit { return "more than \(Self.stopWordLimit) stop words" }
        return nil
    }

    public init(
        splitting: Splitting = .icu, minimumLength: Int = 2, dropNumbers: Bool = false, stopWords: Set<String> = [],
        ngrams: Int = 1
    ) {
        self.splitting = splitting
        self.minimumLength = minimumLength
        self.dropNumbers = dropNumbers
        self.stopWords = stopWords
        self.ngrams = ngrams
    }

    private enum CodingKeys: String, CodingKey { case splitting, minimumLength, dropNumbers, stopWords, ngrams }

    /// Models saved before a setting existed read it as its default.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        splitting = try container.decodeIfPresent(Splitting.self, forKey: .splitting) ?? .icu
        minimumLength = try container.decodeIfPresent(Int.self, forKey: .minimumLength) ?? 2
        dropNumbers = try container.decodeIfPresent(Bool.self, forKey: .dropNumbers) ?? false
        stopWords = try container.decodeIfPresent(Set<String>.self, forKey: .stopWords) ?? []
        ngrams = try container.decodeIfPresent(Int.self, forKey: .ngrams) ?? 1
    }

    /// Stop words are written sorted (a set's order changes from process to process), so the
    /// same settings always give the same model file.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(splitting, forKey: .splitting)
        try container.encode(minimumLength, forKey: .minimumLength)
        try container.encode(dropNumbers, forKey: .dropNumbers)
        try container.encode(stopWords.sorted(), forKey: .stopWords)
        try container.encode(ngrams, forKey: .ngrams)
    }
}

/// Splits text into words with ICU's word-break rules after NFKC normalization and case
/// folding (NFKC_Casefold). "don't", "3.14", "naïve", "Москва" and "user@example.com" stay
/// whole; "e-mail" gives "e" and "mail"; punctuation and spaces are never tokens.
public struct Tokenizer: Sendable {
    public let settings: TokenizerSettings

    public init(settings: TokenizerSettings = TokenizerSettings()) { self.settings = settings }

    public func tokens(_ text: String) -> [String] {
        var result: [String] = []
        forEachToken(in: text) { result.append($0) }
        return result
    }

    /// Calls `body` with each term of `text`: its words in order, then (with `ngrams` > 1) its
    /// runs of 2, 3, ... consecutive words joined by a space.
    public func forEachToken(in text: String, _ body: (String) -> Void) {
        guard settings.ngrams > 1 else { return forEachWord(in: text, body) }
        var words: [String] = []
        forEachWord(in: text) { words.append($0) }
        words.forEach(body)
        for n in stride(from: 2, through: settings.ngrams, by: 1) where words.count >= n {
            for start in 0...words.count - n { body(words[start..<start + n].joined(separator: " ")) }
        }
    }

    /// Calls `body` with each word of `text`, in order.
    public func forEachWord(in text: String, _ body: (String) -> Void) {
        switch settings.splitting {
        case .icu: forEachICUToken(in: text, body)
        case .scikitLearn: forEachWordRun(in: text, body)
        }
    }

    /// `\b\w\w+\b` over Unicode scalars (\w: letters, digits, marks and "_", as Python's re).
    private func forEachWordRun(in text: String, _ body: (String) -> Void) {
        func isWord(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII {
                let v = scalar.value
                return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || v == 0x5F
            }
            let properties = scalar.properties
            return properties.isAlphabetic || properties.numericType != nil
                || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
        }
        var run = String.UnicodeScalarView()
        func finish() {
            if run.count >= max(settings.minimumLength, 2) {
                let token = String(run).lowercased()
                let hasLetter = token.unicodeScalars.contains { $0.properties.isAlphabetic }
                if !(settings.dropNumbers && !hasLetter) && !settings.stopWords.contains(token) { body(token) }
            }
            run.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if isWord(scalar) { run.append(scalar) } else if !run.isEmpty { finish() }
        }
        if !run.isEmpty { finish() }
    }

    private func forEachICUToken(in text: String, _ body: (String) -> Void) {
        let folded = Tokenizer.normalize(Tokenizer.utf16(text))
        guard !folded.isEmpty else { return }
        folded.withUnsafeBufferPointer { buffer in
            var error: Int32 = 0
            guard let iterator = dkm_word_iterator_open(buffer.baseAddress, Int32(buffer.count), &error) else { return }
            defer { dkm_word_iterator_close(iterator) }
            var start: Int32 = 0, end: Int32 = 0, status: Int32 = 0
            while dkm_word_iterator_next(iterator, &start, &end, &status) != 0 {
                // Rule status >= 100 marks words (numbers included).
                guard status >= 100 else { continue }
                let units = UnsafeBufferPointer(rebasing: buffer[Int(start)..<Int(end)])
                let (letters, digits, ascii) = Tokenizer.lettersAndDigits(units)
                // An ideograph is a word by itself: a one-character Chinese or Japanese word stays.
                guard letters + digits >= settings.minimumLength || (!ascii && Tokenizer.hasIdeograph(units)) else { continue }
                if settings.dropNumbers && letters == 0 { continue }
                let token = ascii ? Tokenizer.asciiString(units) : String(decoding: units, as: UTF16.self)
                if settings.stopWords.contains(token) { continue }
                body(token)
            }
        }
    }

    /// The UTF-16 code units of `text`; ASCII text (most of most corpora) is widened directly
    /// instead of going through the generic transcoder.
    static func utf16(_ text: String) -> [UInt16] {
        var contiguous = text
        return contiguous.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return Array(text.utf16) }
            return [UInt16](unsafeUninitializedCapacity: bytes.count) { units, count in
                for (i, byte) in bytes.enumerated() { units[i] = UInt16(byte) }
                count = bytes.count
            }
        }
    }

    /// An ASCII token's text, narrowed directly instead of transcoded.
    static func asciiString(_ units: UnsafeBufferPointer<UInt16>) -> String {
        String(unsafeUninitializedCapacity: units.count) { bytes in
            for (i, unit) in units.enumerated() { bytes[i] = UInt8(truncatingIfNeeded: unit) }
            return units.count
        }
    }

    /// Letters and digits in a token, and whether it is all ASCII; ASCII is classified
    /// directly, the rest by Unicode properties.
    static func lettersAndDigits(_ units: UnsafeBufferPointer<UInt16>) -> (letters: Int, digits: Int, ascii: Bool) {
        var letters = 0, digits = 0
        var ascii = true
        for unit in units {
            switch unit {
            case 0x61...0x7A, 0x41...0x5A: letters += 1
            case 0x30...0x39: digits += 1
            case 0..<0x80: break
            default: ascii = false
            }
        }
        if ascii { return (letters, digits, true) }
        letters = 0
        digits = 0
        for scalar in String(decoding: units, as: UTF16.self).unicodeScalars {
            if scalar.properties.isAlphabetic { letters += 1 } else if scalar.properties.numericType != nil { digits += 1 }
        }
        return (letters, digits, false)
    }

    /// True when the token holds a CJK ideograph (callers ask only of non-ASCII tokens).
    static func hasIdeograph(_ units: UnsafeBufferPointer<UInt16>) -> Bool {
        String(decoding: units, as: UTF16.self).unicodeScalars.contains { $0.properties.isIdeographic }
    }

    /// NFKC_Casefold of UTF-16 text.
    static func normalize(_ text: [UInt16]) -> [UInt16] {
        guard !text.isEmpty else { return [] }
        var capacity = text.count + text.count / 2 + 16
        while true {
            var output = [UInt16](repeating: 0, count: capacity)
            var error: Int32 = 0
            let written = text.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    dkm_nfkc_casefold(source.baseAddress, Int32(source.count), target.baseAddress, Int32(capacity), &error)
                }
            }
            // On an ICU failure the text is used as it is, rather than lost.
            if error != 0 { return text }
            if Int(written) <= capacity { return Array(output[0..<Int(written)]) }
            capacity = Int(written)
        }
    }
}
