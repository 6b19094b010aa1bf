@preconcurrency import CArchive
import Foundation
import DKMCore

/// Reads the documents of an archive of a folder (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`,
/// `.zip`) through libarchive, without extracting anything to disk. Members are taken in
/// sorted path order, as a folder's files. A 20 Newsgroups tree inside (the "bydate" split
/// folders, or `<group>/<id>` messages) is read as `NewsgroupsReader` reads the tree: labels
/// from the groups, subjects as titles, `removal` applied. Otherwise every text member is a
/// document (binary ones skipped with a warning, HTML reduced to its text), labelled by its
/// first folder below the archive's single top folder with `labelsFromSubfolders`.
///
/// Bounded: a member is cut after `documentByteLimit` bytes, and the members together may not
/// exceed `totalByteLimit` bytes once decompressed, nor number more than `memberLimit`.
public struct ArchiveReader: DocumentSource {
    public let path: String
    public var removal: NewsgroupsMessage.Removal = []
    public var labelsFromSubfolders = false
    public var onSkip: ((SkippedDocument) -> Void)?
    public var badDocuments: BadDocumentPolicy = .stop
    public var shard: Shard = .whole
    public var documentByteLimit = Document.defaultByteLimit
    public var totalByteLimit = FileBytes.defaultLimit
    public var memberLimit = 10_000_000

    public init(path: String) { self.path = path }

    /// True for names of files read as archives of a folder.
    public static func isArchive(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".zip"].contains { lowered.hasSuffix($0) }
    }

    /// One regular file of the archive.
    struct Member {
        var path: String
        var bytes: [UInt8]
    }

    /// Opens the archive at `path` and calls `body` with each entry's header, in archive order,
    /// until it returns false; `body` may read the entry's data from the archive.
    static func forEachEntry(_ path: String, _ body: (_ archive: OpaquePointer, _ entry: OpaquePointer) throws -> Bool) throws {
        guard let archive = archive_read_new() else { throw DataFileError(file: path, .unreadable("libarchive could not start")) }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_format_gnutar(archive)
        archive_read_support_format_zip(archive)
        _ = try BoundedFile(path)  // a regular file, or a clear error
        guard archive_read_open_filename(archive, path, 1 << 16) == ARCHIVE_OK else { throw problem(archive, path) }
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw problem(archive, path) }
            guard try body(archive, entry) else { return }
        }
    }

    /// Every regular member, sorted by path, as unpacking would leave them: `./` in a name is
    /// dropped (`tar -C folder -czf x.tgz .` writes `./a.txt`), a path stored twice is the
    /// later copy, and a hard link is the file it links to, read once; hidden files and
    /// folders (a component starting with a dot, as macOS's `__MACOSX` and `._` files) are left out.
    func members() throws -> [Member] {
        var members: [Member] = [], total = 0, stored: [String: Int] = [:], links: [(name: String, target: String)] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        func visiblePath(_ name: String) -> String? {
            let parts = name.split(separator: "/").filter { $0 != "." }
            guard !parts.isEmpty, !parts.contains(where: { $0.hasPrefix(".") || $0 == "__MACOSX" }) else { return nil }
            return parts.joined(separator: "/")
        }
        try Self.forEachEntry(path) { archive, entry in
            guard members.count < memberLimit else {
                throw DataFileError(file: path, .mismatch("more than \(memberLimit) members"))
            }
            let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            guard let visible = visiblePath(name) else { return true }
            if let target = archive_entry_hardlink(entry) {
                if let target = visiblePath(String(cString: target)) { links.append((visible, target)) }
                return true
            }
            guard archive_entry_filetype(entry) == S_IFREG else { return true }
            var bytes: [UInt8] = []
            // A packed document (PDF, DOCX, ...: by its name, else by its first bytes) is kept whole.
            var keep = FileDocument.byteLimit(name: visible, documentLimit: documentByteLimit)
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else { throw Self.problem(archive, path, member: name) }
                total += count
                guard total <= totalByteLimit else { throw DataFileError(file: path, .tooLarge(limitBytes: totalByteLimit)) }
                if bytes.isEmpty, DocumentKind.mayBePacked(Array(buffer[0..<count])) {
                    keep = max(keep, FileDocument.packedFileLimit)
                }
                // Past the limit the rest is skipped (read, so the total stays bounded).
                if bytes.count <= keep { bytes += buffer[0..<min(count, keep + 1 - bytes.count)] }
            }
            let member = Member(path: visible, bytes: bytes)
            if let earlier = stored[member.path] {
                members[earlier] = member
            } else {
                stored[member.path] = members.count
                members.append(member)
            }
            return true
        }
        // A file with several names is read once under the first of them, as a folder walk reads it.
        for link in links {
            guard let index = stored[link.target], link.name < members[index].path, stored[link.name] == nil else { continue }
            stored[link.name] = index
            members[index].path = link.name
        }
        guard !members.isEmpty else { throw DataFileError(file: path, .mismatch("the archive holds no files to read")) }
        return members.sorted { $0.path < $1.path }
    }

    /// The names of the archive's members, read from their headers only (no data is
    /// decompressed); at most `limit` of them.
    public static func memberNames(_ path: String, limit: Int = 100_000) throws -> [String] {
        var names: [String] = []
        try forEachEntry(path) { _, entry in
            names.append(archive_entry_pathname(entry).map { String(cString: $0) } ?? "")
            return names.count < limit
        }
        return names
    }

    private static func problem(_ archive: OpaquePointer, _ path: String, member: String? = nil) -> DataFileError {
        let reason = archive_error_string(archive).map { String(cString: $0) } ?? "not a readable archive"
        return DataFileError(file: member.map { "\(path): \($0)" } ?? path, .unreadable(reason))
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        var members = try members()
        // One folder holding everything is the archive's root, as when a folder was archived.
        let tops = Set(members.map { $0.path.split(separator: "/").first! })
        if tops.count == 1, members.allSatisfy({ $0.path.contains("/") }) {
            let top = tops.first!.count + 1
            members = members.map { Member(path: String($0.path.dropFirst(top)), bytes: $0.bytes) }
        }
        let newsgroups = Self.newsgroupsOrder(members.map(\.path))
        let ordered = newsgroups.map { order in order.map { members[$0] } } ?? members
        for member in shard.part(of: ordered) {
            let components = member.path.split(separator: "/")
            if newsgroups != nil {
                let message = NewsgroupsMessage(text: TextDecoding.decode(member.bytes))
                try body(
                    Document(
                        id: member.path, text: message.removing(removal), label: String(components[components.count - 2]),
                        title: message.header("Subject")))
                continue
            }
            let label = labelsFromSubfolders && components.count >= 2 ? String(components[0]) : nil
            // A damaged PDF or DOCX member is a bad document (`--skip-bad`); the reader's own errors are not.
            var made: FileDocument.Outcome?
            try badDocuments.attempt(member.path, onSkip: onSkip) {
                made = try FileDocument.make(
                    member.bytes, file: "\(path): \(member.path)", id: member.path, label: label,
                    limit: documentByteLimit)
            }
            switch made {
            case .document(let document): try body(document)
            case .skipped(let reason): onSkip?(SkippedDocument(id: member.path, reason: reason))
            case nil: break
            }
        }
    }

    /// When the paths form a 20 Newsgroups tree, the indices of its messages in
    /// `NewsgroupsReader`'s order (train split first, then groups and files in string order).
    static func newsgroupsOrder(_ paths: [String]) -> [Int]? {
        let split = paths.map { $0.split(separator: "/").map(String.init) }
        let bydate = split.allSatisfy { $0.count == 3 && NewsgroupsReader.splits.contains($0[0]) && Int($0[2]) != nil }
        let flat = split.allSatisfy { $0.count == 2 && $0[0].split(separator: ".").count >= 2 && Int($0[1]) != nil }
        guard bydate || flat else { return nil }
        // (split, group, file), compared in that order.
        let key = { (parts: [String]) in
            bydate ? (NewsgroupsReader.splits.firstIndex(of: parts[0])!, parts[1], parts[2]) : (0, parts[0], parts[1])
        }
        return split.indices.sorted { key(split[$0]) < key(split[$1]) }
    }
}
