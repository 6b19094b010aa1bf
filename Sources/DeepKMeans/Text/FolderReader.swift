import Foundation

/// Reads every text file below a folder (sorted, depth first), skipping hidden files and, with
/// a warning, binary files. An unreadable file stops the run unless `badDocuments` is `.skip`.
/// With `labelsFromSubfolders`, a file's label is its first-level folder.
public struct FolderReader: DocumentSource {
    public let root: String
    public var labelsFromSubfolders: Bool
    /// Called for each file passed over (binary, unreadable), so the caller can warn.
    public var onSkip: ((SkippedDocument) -> Void)?
    public var badDocuments: BadDocumentPolicy = .stop
    /// The part of the files (a range of the ordered list) this process reads.
    public var shard: Shard = .whole

    public init(root: String, labelsFromSubfolders: Bool = false, onSkip: ((SkippedDocument) -> Void)? = nil) {
        self.root = root
        self.labelsFromSubfolders = labelsFromSubfolders
        self.onSkip = onSkip
    }

    /// Relative paths of the regular files below the root, in order.
    public func filePaths() throws -> [String] {
        var paths: [String] = []
        func walk(_ relative: String) throws {
            let full = relative.isEmpty ? root : (root as NSString).appendingPathComponent(relative)
            for entry in try DirectoryListing.visibleEntries(full) {
                let child = relative.isEmpty ? entry : relative + "/" + entry
                if DirectoryListing.isDirectory((root as NSString).appendingPathComponent(child)) {
                    try walk(child)
                } else {
                    paths.append(child)
                }
            }
        }
        try walk("")
        return paths
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        let paths = try filePaths()
        guard !paths.isEmpty else { throw DataFileError(file: root, .mismatch("the folder has no files to read")) }
        for path in shard.part(of: paths) {
            var read: [UInt8]?
            try badDocuments.attempt(path, onSkip: onSkip) { read = try FileBytes.read((root as NSString).appendingPathComponent(path)) }
            guard let bytes = read else { continue }
            if TextDecoding.looksBinary(bytes) {
                onSkip?(SkippedDocument(id: path, reason: "binary file"))
                continue
            }
            let components = path.split(separator: "/")
            let label = labelsFromSubfolders && components.count >= 2 ? String(components[0]) : nil
            try body(Document(id: path, text: TextDecoding.decode(bytes), label: label,
                              title: (path as NSString).lastPathComponent))
        }
    }
}
