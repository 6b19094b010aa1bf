import Foundation
import DKMCore
import DKMStopWords

/// Stop-word lists: plain text, one word a line ("#" starts a comment). Lists for 33
/// languages ship with dkm (the repository's `stopwords/`); any other list can be read from a
/// file, and `auto` picks the shipped list that covers most of a corpus's running words.
public enum StopWords {
    /// The names of the lists that ship with dkm, sorted.
    public static var builtIn: [String] { StopWordFiles.names }

    /// The name that asks for the list to be chosen from the corpus.
    public static let automatic = "auto"

    /// A built-in list by name, or a list read from a file path.
    public static func load(_ nameOrPath: String) throws -> Set<String> {
        if builtIn.contains(nameOrPath) {
            guard let url = StopWordFiles.url(of: nameOrPath) else {
                throw DataFileError(file: "stopwords/\(nameOrPath).txt", .notFound)
            }
            return try read(url.path)
        }
        return try read(nameOrPath)
    }

    /// The largest list read (the longest lists in use have a few thousand words).
    public static let byteLimit = 16 << 20

    /// Reads a list, case-folding each word as the tokenizer does.
    public static func read(_ path: String) throws -> Set<String> {
        let bytes = try FileBytes.read(path, limit: byteLimit)
        guard !TextDecoding.looksBinary(bytes) else { throw DataFileError(file: path, .mismatch("a binary file, not a list of words")) }
        let text = TextDecoding.decode(bytes)
        var words = Set<String>()
        let tokenizer = Tokenizer(settings: TokenizerSettings(minimumLength: 1))
        for line in text.split(whereSeparator: \.isNewline) {
            let word = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            if word.isEmpty { continue }
            words.formUnion(tokenizer.tokens(word))
        }
        return words
    }

    /// How many of the running words counted in `counts` (token -> count, from a sample of the
    /// corpus tokenized without stop words and with single letters kept) each shipped list
    /// holds, in `builtIn`'s order.
    public static func matches(_ counts: [String: Int]) throws -> [Int] {
        try builtIn.map { name in try load(name).reduce(0) { $0 + (counts[$1] ?? 0) } }
    }

    /// The shipped list whose words make up the largest share of the `total` running words,
    /// if that share is at least `minimumShare`. Stop words are a language's most frequent
    /// words, so this identifies the language, whatever its script; nil when none qualifies.
    public static func choose(matches: [Int], total: Int, minimumShare: Double = 0.05) -> (name: String, share: Double)? {
        guard total > 0, let best = matches.indices.max(by: { matches[$0] < matches[$1] }) else { return nil }
        let share = Double(matches[best]) / Double(total)
        return share >= minimumShare ? (builtIn[best], share) : nil
    }
}
