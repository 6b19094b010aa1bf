import Foundation

/// Reads RCV1 newsML items, one `<newsitem>` per `.xml` file, from a directory tree (sorted).
/// With `paperSubset`, only items with exactly one of CCAT, ECAT, GCAT and MCAT are kept and
/// that code is the label (the paper's RCV1 setting); otherwise the label is the first topic.
public struct NewsMLReader: DocumentSource {
    public static let paperTopics: Set<String> = ["CCAT", "ECAT", "GCAT", "MCAT"]

    public let root: String
    public var paperSubset: Bool
    public var onSkip: ((SkippedDocument) -> Void)?

    public init(root: String, paperSubset: Bool = false, onSkip: ((SkippedDocument) -> Void)? = nil) {
        self.root = root
        self.paperSubset = paperSubset
        self.onSkip = onSkip
    }

    /// Does `root` hold newsML files?
    public static func recognizes(_ root: String) -> Bool {
        guard let paths = try? FolderReader(root: root).filePaths() else { return false }
        return paths.contains { $0.lowercased().hasSuffix(".xml") }
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        let paths = try FolderReader(root: root).filePaths().filter { $0.lowercased().hasSuffix(".xml") }
        guard !paths.isEmpty else { throw DataFileError(file: root, .mismatch("no .xml newsML files found")) }
        for path in paths {
            let item = try NewsMLItem(bytes: FileBytes.read((root as NSString).appendingPathComponent(path)), file: path)
            let label: String?
            if paperSubset {
                let kept = item.topics.filter(NewsMLReader.paperTopics.contains)
                guard Set(kept).count == 1 else {
                    onSkip?(SkippedDocument(id: path, reason: kept.isEmpty ? "none of CCAT, ECAT, GCAT, MCAT"
                                                                           : "several of CCAT, ECAT, GCAT, MCAT"))
                    continue
                }
                label = kept[0]
            } else {
                label = item.topics.first
            }
            try body(Document(id: item.itemID, text: item.text, label: label, title: item.headline.isEmpty ? item.title : item.headline))
        }
    }
}
