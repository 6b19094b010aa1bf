import Foundation

/// What an output would replace at its path, found without following a final symbolic link.
package enum OutputPath {
    /// The file type (`S_IFREG`, `S_IFDIR`, ...) of what is at `path`, or nil when nothing is;
    /// any other failure to look is `OutputError.cannotWrite`, named as `shown`.
    package static func existingType(_ path: String, shown: String? = nil) throws -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw OutputError.cannotWrite(shown ?? path, String(cString: strerror(errno)))
        }
        return status.st_mode & S_IFMT
    }

    /// Whether the folder at `path` is a mount point (on another device than its parent): dkm
    /// cannot rename a finished folder onto it.
    package static func isMountPoint(_ path: String) -> Bool {
        var own = stat(), parent = stat()
        let above = ((path as NSString).standardizingPath as NSString).appendingPathComponent("..")
        guard stat(path, &own) == 0, stat(above, &parent) == 0 else { return false }
        return own.st_dev != parent.st_dev || own.st_ino == parent.st_ino
    }
}
