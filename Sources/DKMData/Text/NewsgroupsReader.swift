import Foundation
import DKMCore

/// Reads raw 20 Newsgroups messages: the "bydate" layout (`<root>/20news-bydate-{train,test}/<group>/<id>`,
/// train first) or a flat `<root>/<group>/<id>` layout. Groups and files are taken in sorted
/// (string) order, as scikit-learn's `load_files`, unless an order file says otherwise.
public struct NewsgroupsReader: DocumentSource {
    public let root: String
    public var removal: NewsgroupsMessage.Removal
    /// Relative paths in the order to deliver them (e.g. from `sklearn-all-order.tsv`).
    public var order: [String]?
    public var badDocuments: BadDocumentPolicy = .stop
    public var onSkip: ((SkippedDocument) -> Void)?
    /// The part of the messages (a range of the ordered list) this process reads.
    public var shard: Shard = .whole
    /// At most this many bytes of a message are read (the corpus cuts longer ones with a warning).
    public var documentByteLimit = Document.defaultByteLimit

    public init(root: String, removal: NewsgroupsMessage.Removal = [], order: [String]? = nil) {
        self.root = root
        self.removal = removal
        self.order = order
    }

    static let splits = ["20news-bydate-train", "20news-bydate-test"]

    /// Does `root` look like a 20 Newsgroups tree?
    public static func recognizes(_ root: String) -> Bool {
        let entries = (try? DirectoryListing.visibleEntries(root)) ?? []
        if splits.allSatisfy(entries.contains) { return true }
        let groups = entries.filter { DirectoryListing.isDirectory((root as NSString).appendingPathComponent($0)) }
        return !groups.isEmpty && groups.allSatisfy { $0.split(separator: ".").count >= 2 && !$0.contains(" ") }
            && groups.contains { group in
                let files = (try? DirectoryListing.visibleEntries((root as NSString).appendingPathComponent(group))) ?? []
                return !files.isEmpty && files.allSatisfy { Int($0) != nil }
            }
    }

    /// The relative paths of every message in delivery order.
    public func messagePaths() throws -> [String] {
        if let order { return order }
        let entries = try DirectoryListing.visibleEntries(root)
        let parts = NewsgroupsReader.splits.allSatisfy(entries.contains) ? NewsgroupsReader.splits : [""]
        var paths: [String] = []
        for part in parts {
            let partRoot = part.isEmpty ? root : (root as NSString).appendingPathComponent(part)
            for group in try DirectoryListing.visibleEntries(partRoot)
            where DirectoryListing.isDirectory((partRoot as NSString).appendingPathComponent(group)) {
                let groupPath = (partRoot as NSString).appendingPathComponent(group)
                for file in try DirectoryListing.visibleEntries(groupPath) {
                    paths.append([part, group, file].filter { !$0.isEmpty }.joined(separator: "/"))
                }
            }
        }
        guard !paths.isEmpty else { throw DataFileError(file: root, .mismatch("no messages found (expected <group>/<id> files)")) }
        return paths
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        // Messages are read and parsed on every core; errors and documents come in order.
        try OrderedLoads.forEach(Array(shard.part(of: try messagePaths())), load: read) { outcome in
            try outcome.deliver(to: body, onSkip: onSkip, policy: badDocuments)
        }
    }

    /// One message's document (concurrently with other messages': reads only its own file).
    private func read(_ path: String) -> FileOutcome {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read((root as NSString).appendingPathComponent(path), limit: documentByteLimit, overflow: .cut)
        } catch {
            return .unreadable(path, error)
        }
        let message = NewsgroupsMessage(text: TextDecoding.decode(bytes))
        let components = path.split(separator: "/")
        let group = components.count >= 2 ? String(components[components.count - 2]) : nil
        return .document(Document(id: path, text: message.removing(removal), label: group, title: message.header("Subject")))
    }

    /// Reads an order file: a TSV whose header has a `path` column (as `sklearn-all-order.tsv`).
    public static func readOrder(_ file: String) throws -> [String] {
        let lines = TextDecoding.decode(try FileBytes.read(file)).split(whereSeparator: \.isNewline)
        guard let header = lines.first else { throw DataFileError(file: file, .empty) }
        guard let column = header.split(separator: "\t").firstIndex(of: "path") else {
            throw DataFileError(file: file, .badHeader("expected a tab-separated header with a 'path' column"))
        }
        var firstLines: [String: Int] = [:]
        return try lines.dropFirst().enumerated().map { offset, line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard column < fields.count, !fields[column].isEmpty else {
                throw DataFileError(file: file, .badValue(line: offset + 2, column: column + 1, found: "no path"))
            }
            // Entries name messages inside the corpus tree, never anything outside it.
            let components = fields[column].split(separator: "/", omittingEmptySubsequences: false)
            guard !fields[column].hasPrefix("/"), !components.contains(".."), !components.contains(""),
                components.contains(where: { $0 != "." })
            else {
                throw DataFileError(
                    file: file,
                    .badValue(
                        line: offset + 2, column: column + 1,
                        found: "'\(fields[column])' is not a path inside the corpus (absolute, empty part or ..)"))
            }
            // `g/./0` and `./g/0` are `g/0`: one message, named once.
            let path = components.filter { $0 != "." }.joined(separator: "/")
            if let first = firstLines[path] {
                throw DataFileError(
                    file: file,
                    .badValue(
                        line: offset + 2, column: column + 1,
                        found: "'\(fields[column])' names the message of line \(first) again"))
            }
            firstLines[path] = offset + 2
            return path
        }
    }
}
