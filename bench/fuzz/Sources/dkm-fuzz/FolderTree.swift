import DeepKMeans
import Foundation

/// The folder-walk target's input, read as a small program that builds a tree in a scratch
/// folder: folders, files (some with names that are not UTF-8, some hidden), symbolic links
/// to ".", "..", another entry, nothing, or a device. Walking the tree must end, list no file
/// twice and never read more than the document limit.
struct FolderTree {
    let root: String

    init(scratch: String) {
        root = scratch
    }

    /// Builds the tree that `bytes` describe (two bytes an operation), replacing any earlier one.
    func build(_ bytes: [UInt8]) {
        try? FileManager.default.removeItem(atPath: root)
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var folders = [root]
        var entries: [String] = []
        var at = 0
        while at + 1 < bytes.count && entries.count < 64 {
            let operation = bytes[at], argument = bytes[at + 1]
            at += 2
            let parent = folders[Int(argument >> 4) % folders.count]
            // Names: a few letters, sometimes hidden, sometimes a byte that is not UTF-8.
            var name = Array("n\(argument & 0x7)".utf8CString.dropLast())
            if argument & 0x8 != 0 { name.append(CChar(bitPattern: 0xE9)) }
            if operation & 0x80 != 0 { name.insert(CChar(UInt8(ascii: ".")), at: 0) }
            let path = Array(parent.utf8CString.dropLast()) + [CChar(UInt8(ascii: "/"))] + name + [0]
            let display = String(decoding: path.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            switch operation % 7 {
            case 0:
                if mkdir(path, 0o755) == 0 { folders.append(display) }
            case 1:
                let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                if descriptor >= 0 {
                    let text = Array(repeating: UInt8(ascii: "a") &+ argument % 26, count: Int(argument))
                    _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    close(descriptor)
                    entries.append(display)
                }
            case 2: _ = symlink(".", path)
            case 3: _ = symlink("..", path)
            case 4: _ = symlink(entries.isEmpty ? root : entries[Int(argument) % entries.count], path)
            case 5: _ = symlink("/nonexistent/\(argument)", path)
            default: _ = symlink("/dev/zero", path)
            }
            entries.append(display)
        }
    }

    /// Walks the tree both ways and reads every document with a small limit.
    func walk() throws {
        for follow in [false, true] {
            var reader = FolderReader(root: root)
            reader.followSymlinks = follow
            reader.badDocuments = .skip
            reader.documentByteLimit = 100
            // Each file once (by its bytes: two names that differ only in bytes that are not
            // UTF-8 may show alike).
            let files = try reader.files().map(\.fileSystemPath)
            precondition(Set(files).count == files.count, "a file was listed twice: \(files)")
            try reader.forEachDocument { document in
                precondition(document.text.utf8.count <= 4 * 101, "read past the limit: \(document.id)")
            }
        }
    }
}
