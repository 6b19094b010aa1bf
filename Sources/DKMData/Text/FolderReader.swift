import Foundation
import DKMCore

/// Reads every text file below a folder (sorted, depth first), skipping hidden files and, with
/// a warning, binary files and anything that is not a regular file. Symbolic links to folders
/// are followed only with `followSymlinks`, and no folder is read twice. An unreadable file or
/// folder stops the run unless `badDocuments` is `.skip`. At most `documentByteLimit + 1`
/// bytes of a file are read (the corpus cuts longer documents with a warning).
/// With `labelsFromSubfolders`, a file's label is its first-level folder. HTML pages, PDF,
/// DOCX, ODT and EPUB files are reduced to their text (`FileDocument`); those packed kinds are
/// read whole, up to `FileDocument.packedFileLimit`.
public struct FolderReader: DocumentSource {
    public let root: String
    public var labelsFromSubfolders: Bool
    /// Called for each file passed over (binary, unreadable, not a regular file), so the caller can warn.
    public var onSkip: ((SkippedDocument) -> Void)?
    public var badDocuments: BadDocumentPolicy = .stop
    /// The part of the files (a range of the ordered list) this process reads.
    public var shard: Shard = .whole
    public var followSymlinks = false
    public var documentByteLimit = Document.defaultByteLimit

    public init(root: String, labelsFromSubfolders: Bool = false, onSkip: ((SkippedDocument) -> Void)? = nil) {
        self.root = root
        self.labelsFromSubfolders = labelsFromSubfolders
        self.onSkip = onSkip
    }

    /// The regular files below the root, in order.
    public func files() throws -> [DirectoryWalker.File] {
        let onSkip = self.onSkip
        return try DirectoryWalker(
            followSymlinks: followSymlinks, skipUnreadableFolders: badDocuments == .skip,
            onSkip: { path, reason in onSkip?(SkippedDocument(id: path, reason: reason)) }
        )
        .files(under: root)
    }

    /// Relative paths of the regular files below the root, in order.
    public func filePaths() throws -> [String] { try files().map(\.relativePath) }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        let files = try files()
        guard !files.isEmpty else { throw DataFileError(file: root, .mismatch("the folder has no files to read")) }
        // Files are read and decoded on every core; skips, errors and documents come in order.
        try OrderedLoads.forEach(Array(shard.part(of: files)), load: read) { outcome in
            try outcome.deliver(to: body, onSkip: onSkip, policy: badDocuments)
        }
    }

    /// One file's document (concurrently with other files': reads only its own file).
    private func read(_ file: DirectoryWalker.File) -> FileOutcome {
        FileOutcome.of {
            let path = file.relativePath
            let bytes: [UInt8]
            do {
                bytes = try FileDocument.read(
                    (root as NSString).appendingPathComponent(path), fileSystemPath: file.fileSystemPath,
                    name: path, documentLimit: documentByteLimit)
            } catch {
                return .unreadable(path, error)
            }
            let components = path.split(separator: "/")
            let label = labelsFromSubfolders && components.count >= 2 ? String(components[0]) : nil
            // A damaged PDF or DOCX is a bad document, as an unreadable file is (`--skip-bad`).
            do {
                switch try FileDocument.make(bytes, file: path, id: path, label: label, limit: documentByteLimit) {
                case .document(let document): return .document(document)
                case .skipped(let reason): return .skipped(SkippedDocument(id: path, reason: reason))
                }
            } catch {
                return .unreadable(path, error)
            }
        }
    }
}
