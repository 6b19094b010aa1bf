import Foundation
import DKMCore

/// The document collections `dkm` reads.
public enum CorpusFormat: String, CaseIterable, Sendable {
    case newsgroups
    case rcv1
    case folder
    /// A CSV file with a header row.
    case csv
    /// A tab-separated file with a header row.
    case tsv
    /// JSON Lines: a JSON object per line (also standard input, `-`).
    case jsonl
    /// A plain text file, one document per line.
    case lines
    /// One HTML or XHTML page, its text as one document.
    case html
    /// One PDF, DOCX, ODT or EPUB file, its text as one document.
    case document
    /// An archive of a folder (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.zip`), read in place.
    case archive

    /// Guesses the format of `path`: standard input (`-`) is JSON Lines; a file is read by its
    /// extension (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, a page or a PDF, DOCX, ODT or EPUB
    /// document; anything else as lines of text); a folder
    /// is a 20 Newsgroups tree, a tree of newsML `.xml` files, or any folder of text files.
    public static func detect(_ path: String) throws -> CorpusFormat {
        if path == JSONLinesReader.standardInput { return .jsonl }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw DataFileError(file: path, .notFound) }
        let lowered = path.lowercased()
        if !isFolder.boolValue && ArchiveReader.isArchive(lowered) {
            // A zip of newsML items is RCV1 (the paper's form of it, read and checked by its own
            // reader); any other archive a folder. Only the members' names are read to tell.
            guard lowered.hasSuffix(".zip"),
                try ArchiveReader.memberNames(path).contains(where: { $0.lowercased().hasSuffix("newsml.xml") })
            else { return .archive }
            return .rcv1
        }
        if !isFolder.boolValue {
            let name = lowered.hasSuffix(".gz") || lowered.hasSuffix(".bz2") ? (lowered as NSString).deletingPathExtension : lowered
            switch DocumentKind(extensionOf: name) {
            case .html: return .html
            case .pdf, .docx, .odt, .epub: return .document
            case .text, nil: break
            }
            switch (name as NSString).pathExtension {
            case "csv": return .csv
            case "tsv", "tab": return .tsv
            case "jsonl", "ndjson": return .jsonl
            default: return .lines
            }
        }
        if NewsgroupsReader.recognizes(path) { return .newsgroups }
        return NewsMLReader.recognizes(path) ? .rcv1 : .folder
    }
}

/// Everything that says how to read a corpus.
public struct CorpusOptions: Sendable {
    public var format: CorpusFormat?
    public var removal: NewsgroupsMessage.Removal = []
    public var orderFile: String?
    public var labelsFromSubfolders = false
    /// RCV1: keep only items with exactly one of CCAT, ECAT, GCAT, MCAT (the paper's subset).
    public var rcv1PaperSubset = true
    public var onSkip: (@Sendable (SkippedDocument) -> Void)?
    /// Stop at the first unreadable or malformed document, or skip it (`--skip-bad`).
    public var badDocuments: BadDocumentPolicy = .stop
    /// The part of the corpus this process reads (distributed runs).
    public var shard: Shard = .whole
    /// At most this many bytes of a document are read; longer ones are cut.
    public var maximumDocumentBytes = Document.defaultByteLimit
    /// Folders: follow symbolic links to folders (each folder is still read once).
    public var followSymlinks = false
    /// Tables and JSON Lines: the fields holding the text, id and label.
    public var columns = RecordColumns()

    public init() {}

    /// Refuses options that the format of `path` would silently ignore (`--order` on a folder,
    /// `--text-column` on an archive): the user meant something that would not happen.
    public func checkOptionsApply(to path: String) throws {
        let detected = try format ?? CorpusFormat.detect(path)
        let tables: [CorpusFormat] = [.csv, .tsv, .jsonl]
        var unused: [String] = []
        if orderFile != nil, detected != .newsgroups { unused.append("--order (20 Newsgroups trees)") }
        if !tables.contains(detected) {
            for (option, value) in [("--text-column", columns.text), ("--id-column", columns.id), ("--label-column", columns.label)]
            where value != nil { unused.append("\(option) (CSV, TSV, JSON Lines)") }
        }
        guard !unused.isEmpty else { return }
        throw DataFileError(
            file: path,
            .mismatch(
                "read as \(detected.rawValue), which \(unused.joined(separator: ", ")) "
                    + "does not apply to; leave \(unused.count == 1 ? "it" : "them") out or give --format"))
    }

    public func source(for path: String) throws -> DocumentSource {
        let detected = try format ?? CorpusFormat.detect(path)
        switch detected {
        case .newsgroups:
            var reader = NewsgroupsReader(root: path, removal: removal, order: try orderFile.map(NewsgroupsReader.readOrder))
            reader.badDocuments = badDocuments
            reader.onSkip = onSkip
            reader.shard = shard
            reader.documentByteLimit = maximumDocumentBytes
            return reader
        case .rcv1:
            var reader = NewsMLReader(root: path, paperSubset: rcv1PaperSubset, onSkip: onSkip)
            reader.badDocuments = badDocuments
            reader.shard = shard
            return reader
        case .folder:
            var reader = FolderReader(root: path, labelsFromSubfolders: labelsFromSubfolders, onSkip: onSkip)
            reader.badDocuments = badDocuments
            reader.shard = shard
            reader.documentByteLimit = maximumDocumentBytes
            reader.followSymlinks = followSymlinks
            return reader
        case .csv, .tsv:
            var reader = DelimitedTableReader(
                path: path, delimiter: UInt8(ascii: detected == .tsv ? "\t" : ","),
                columns: columns)
            reader.badDocuments = badDocuments
            reader.onSkip = onSkip
            reader.shard = shard
            return reader
        case .jsonl:
            var reader = JSONLinesReader(path: path, columns: columns)
            reader.badDocuments = badDocuments
            reader.onSkip = onSkip
            reader.shard = shard
            return reader
        case .lines:
            var reader = LinesReader(path: path)
            reader.shard = shard
            return reader
        case .html, .document:
            return DocumentFileReader(path: path, documentByteLimit: maximumDocumentBytes, kind: detected == .html ? .html : nil)
        case .archive:
            var reader = ArchiveReader(path: path)
            reader.removal = removal
            reader.labelsFromSubfolders = labelsFromSubfolders
            reader.onSkip = onSkip
            reader.badDocuments = badDocuments
            reader.shard = shard
            reader.documentByteLimit = maximumDocumentBytes
            return reader
        }
    }
}
