import Foundation
import DKMCore

/// Stop-word lists: plain text, one word a line ("#" starts a comment). `english` ships with
/// dkm; any other list can be read from a file.
public enum StopWords {
    /// The names of the lists that ship with dkm.
    public static let builtIn = ["english"]

    /// A built-in list by name, or a list read from a file path.
    public static func load(_ nameOrPath: String) throws -> Set<String> {
        if builtIn.contains(nameOrPath) {
            guard let url = Bundle.module.url(forResource: nameOrPath, withExtension: "txt", subdirectory: "stopwords") else {
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
        let text = TextDecoding.decode(try FileBytes.read(path, limit: byteLimit))
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
}
