import Foundation
import DKMCore

/// Reads RCV1 newsML items, one `<newsitem>` per `.xml` file, from a directory tree (sorted),
/// where `.zip` files of items (as RCV1 ships, a zip a day) are read entry by entry.
/// With `paperSubset`, only items with exactly one of CCAT, ECAT, GCAT and MCAT are kept and
/// that code is the label (the paper's RCV1 setting); otherwise the label is the first topic.
public struct NewsMLReader: DocumentSource {
    public static let paperTopics: Set<String> = ["CCAT", "ECAT", "GCAT", "MCAT"]

    public let root: String
    public var paperSubset: Bool
    public var onSkip: ((SkippedDocument) -> Void)?
    public var badDocuments: BadDocumentPolicy = .stop
    /// The part this process reads: a range of the ordered `.xml` and `.zip` files (of the
    /// entries when the root is one `.zip`).
    public var shard: Shard = .whole

    public init(root: String, paperSubset: Bool = false, onSkip: ((SkippedDocument) -> Void)? = nil) {
        self.root = root
        self.paperSubset = paperSubset
        self.onSkip = onSkip
    }

    /// Does `root` hold newsML files?
    public static func recognizes(_ root: String) -> Bool {
        guard let paths = try? FolderReader(root: root).filePaths() else { return false }
        return paths.contains { $0.lowercased().hasSuffix(".xml") || $0.lowercased().hasSuffix(".zip") }
    }

    /// The items of `root` (a directory or one `.zip`) as (name, bytes), in sorted order.
    func forEachItemFile(_ body: (String, [UInt8]) throws -> Void) throws {
        let isZip: (String) -> Bool = { $0.lowercased().hasSuffix(".zip") }
        let isXML: (String) -> Bool = { $0.lowercased().hasSuffix(".xml") }
        var folder = FolderReader(root: root, onSkip: onSkip)
        folder.badDocuments = badDocuments
        let files =
            isZip(root)
            ? [DirectoryWalker.File(relativePath: "", fileSystemPath: root.utf8CString.map { $0 })]
            : try folder.files().filter { isXML($0.relativePath) || isZip($0.relativePath) }
        guard !files.isEmpty else { throw DataFileError(file: root, .mismatch("no newsML .xml or .zip files found")) }
        for file in files.count == 1 && files[0].relativePath.isEmpty ? files[...] : shard.part(of: files) {
            let path = file.relativePath
            let full = path.isEmpty ? root : (root as NSString).appendingPathComponent(path)
            if isZip(full) {
                var opened: ZipArchive?
                try badDocuments.attempt(path.isEmpty ? full : path, onSkip: onSkip) { opened = try ZipArchive(contentsOf: full) }
                guard let archive = opened else { continue }
                let entries = archive.entries.filter({ isXML($0.name) }).sorted(by: { $0.name < $1.name })
                for entry in path.isEmpty ? shard.part(of: entries) : entries[...] {
                    let name = (path.isEmpty ? "" : path + "!") + entry.name
                    var bytes: [UInt8]?
                    try badDocuments.attempt(name, onSkip: onSkip) { bytes = try archive.data(for: entry) }
                    if let bytes { try body(name, bytes) }
                }
            } else {
                try body(path, FileBytes.read(full, fileSystemPath: file.fileSystemPath))
            }
        }
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        try forEachItemFile { path, bytes in
            var parsed: NewsMLItem?
            try badDocuments.attempt(path, onSkip: onSkip) { parsed = try NewsMLItem(bytes: bytes, file: path) }
            guard let item = parsed else { return }
            let label: String?
            if paperSubset {
                let kept = item.topics.filter(NewsMLReader.paperTopics.contains)
                guard Set(kept).count == 1 else {
                    onSkip?(
                        SkippedDocument(
                            id: path,
                            reason: kept.isEmpty
                                ? "none of CCAT, ECAT, GCAT, MCAT"
                                : "several of CCAT, ECAT, GCAT, MCAT"))
                    return
                }
                label = kept[0]
            } else {
                label = item.topics.first
            }
            try body(Document(id: item.itemID, text: item.text, label: label, title: item.headline.isEmpty ? item.title : item.headline))
        }
    }
}
