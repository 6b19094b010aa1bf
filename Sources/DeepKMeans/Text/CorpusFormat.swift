import Foundation

/// The document collections `dkm` reads.
public enum CorpusFormat: String, CaseIterable, Sendable {
    case newsgroups
    case folder

    /// Guesses the format of `path`.
    public static func detect(_ path: String) throws -> CorpusFormat {
        guard FileManager.default.fileExists(atPath: path) else { throw DataFileError(file: path, .notFound) }
        return NewsgroupsReader.recognizes(path) ? .newsgroups : .folder
    }
}

/// Everything that says how to read a corpus.
public struct CorpusOptions: Sendable {
    public var format: CorpusFormat?
    public var removal: NewsgroupsMessage.Removal = []
    public var orderFile: String?
    public var labelsFromSubfolders = false
    public var onSkip: (@Sendable (SkippedDocument) -> Void)?

    public init() {}

    public func source(for path: String) throws -> DocumentSource {
        switch try format ?? CorpusFormat.detect(path) {
        case .newsgroups:
            return NewsgroupsReader(root: path, removal: removal, order: try orderFile.map(NewsgroupsReader.readOrder))
        case .folder:
            return FolderReader(root: path, labelsFromSubfolders: labelsFromSubfolders, onSkip: onSkip)
        }
    }
}
