import Foundation
import DKMCore

/// Lists the regular files below a folder, depth first in byte order of their names, leaving
/// out hidden entries (names starting with "."). It never visits a folder twice (by device and
/// inode), follows symbolic links to folders only when asked, and passes over devices, named
/// pipes, sockets and dangling links with a reason, so a walk always ends and never blocks.
/// Names that are not UTF-8 are kept: the file is opened by its bytes, and shown with U+FFFD.
public struct DirectoryWalker {
    public struct File: Sendable, Equatable {
        /// The path below the root, "/"-separated (for ids, labels and messages).
        public var relativePath: String
        /// The full path as the file system spells it, NUL-terminated.
        public var fileSystemPath: [CChar]
    }

    public var followSymlinks = false
    /// An unreadable folder below the root is passed over (with `onSkip`) instead of failing.
    public var skipUnreadableFolders = false
    /// Hears of every entry passed over: its relative path and why.
    public var onSkip: ((String, String) -> Void)?

    public init(
        followSymlinks: Bool = false, skipUnreadableFolders: Bool = false,
        onSkip: ((String, String) -> Void)? = nil
    ) {
        self.followSymlinks = followSymlinks
        self.skipUnreadableFolders = skipUnreadableFolders
        self.onSkip = onSkip
    }

    public func files(under root: String) throws -> [File] {
        var status = stat()
        guard stat(root, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw DataFileError(file: root, .notFound) }
            throw DataFileError(file: root, .unreadable(String(cString: strerror(errno))))
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw DataFileError(file: root, .mismatch("not a directory")) }
        var visited: Set<FileIdentity> = [FileIdentity(status)]
        var files: [File] = []
        try walk(Array(root.utf8CString.dropLast()), relative: "", visited: &visited, into: &files, isRoot: true)
        return files
    }

    private struct FileIdentity: Hashable {
        let device: UInt64, inode: UInt64
        init(_ status: stat) { device = UInt64(status.st_dev); inode = UInt64(status.st_ino) }
    }

    private func walk(
        _ folder: [CChar], relative: String, visited: inout Set<FileIdentity>, into files: inout [File],
        isRoot: Bool
    ) throws {
        let names: [[CChar]]
        do {
            names = try entries(of: folder)
        } catch let error as DataFileError {
            guard skipUnreadableFolders, !isRoot else { throw error }
            onSkip?(
                relative,
                error.problem == .unreadable("permission denied")
                    ? "a folder that cannot be read (permission denied)"
                    : error.description)
            return
        }
        for name in names {
            let path = folder + [CChar(UInt8(ascii: "/"))] + name
            let shown = String(decoding: name.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let child = relative.isEmpty ? shown : relative + "/" + shown
            var status = stat()
            guard lstat(path + [0], &status) == 0 else {
                onSkip?(child, String(cString: strerror(errno)))
                continue
            }
            var isLink = false
            if status.st_mode & S_IFMT == S_IFLNK {
                isLink = true
                guard stat(path + [0], &status) == 0 else {
                    onSkip?(child, "a symbolic link to nothing")
                    continue
                }
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                // A file with a second name (a hard link) is read once, as an archive of the
                // folder stores it: the first name in walking order.
                if !isLink && status.st_nlink > 1 && !visited.insert(FileIdentity(status)).inserted {
                    onSkip?(child, "the same file as an earlier one (a hard link)")
                    continue
                }
                files.append(File(relativePath: child, fileSystemPath: path + [0]))
            case S_IFDIR:
                if isLink && !followSymlinks {
                    onSkip?(child, "a symbolic link to a folder (not followed)")
                } else if visited.insert(FileIdentity(status)).inserted {
                    try walk(path, relative: child, visited: &visited, into: &files, isRoot: false)
                } else {
                    onSkip?(child, "a folder already read (a link loop or a second link to it)")
                }
            default:
                onSkip?(child, BoundedFile.kind(status.st_mode) + ", not a regular file")
            }
        }
    }

    /// The visible names in `folder`, in byte order.
    private func entries(of folder: [CChar]) throws -> [[CChar]] {
        let shown = String(decoding: folder.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let directory = opendir(folder + [0]) else {
            let reason = errno == EACCES ? "permission denied" : String(cString: strerror(errno))
            throw DataFileError(file: shown, .unreadable(reason))
        }
        defer { closedir(directory) }
        var names: [[CChar]] = []
        while let entry = readdir(directory) {
            // The name is read in place up to its NUL: a record can end before the 256 bytes
            // `d_name` declares, so copying the whole field reads past it (found by fuzzing).
            let name = withUnsafePointer(to: &entry.pointee.d_name) { field in
                field.withMemoryRebound(to: CChar.self, capacity: 1) { start in
                    Array(UnsafeBufferPointer(start: start, count: strlen(start)))
                }
            }
            if name.first == CChar(UInt8(ascii: ".")) { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) { UInt8(bitPattern: $0) < UInt8(bitPattern: $1) } }
    }
}
