import Foundation

/// A regular file opened for reading with a bound: devices, FIFOs, sockets and folders are
/// refused before a byte is read (opening never blocks), and no read goes past what the
/// caller asks for, so `/dev/zero`, a named pipe or a sparse 5 GB file cannot exhaust memory.
package struct BoundedFile: ~Copyable {
    package let path: String
    private let descriptor: Int32
    /// The size the file system reports (a hint: the file may change while it is read).
    package let size: Int

    /// Opens `path`, or the file system's own spelling of it when given (names not in UTF-8).
    package init(_ path: String, fileSystemPath: [CChar]? = nil) throws {
        self.path = path
        guard !path.isEmpty else { throw DataFileError(file: path, .notFound) }
        let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY
        let descriptor = fileSystemPath.map { open($0, flags) } ?? open(path, flags)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw DataFileError(file: path, .notFound)
            case EACCES, EPERM: throw DataFileError(file: path, .unreadable("permission denied"))
            default: throw DataFileError(file: path, .unreadable(String(cString: strerror(errno))))
            }
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw DataFileError(file: path, .unreadable(String(cString: strerror(errno))))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            // A folder where a file was named is a mistake in the input; a device or a pipe is
            // something a reader passes over.
            if status.st_mode & S_IFMT == S_IFDIR { throw DataFileError(file: path, .unreadable("it is a directory")) }
            throw DataFileError(file: path, .notRegular(BoundedFile.kind(status.st_mode)))
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// What a file of `mode` is, in words.
    package static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    /// Up to `count` bytes from the current position (fewer at the end of the file).
    package func read(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: min(count, max(size, 0) + 1, 1 << 30))
        var filled = 0
        while filled < count {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: min(count - filled, max(filled, 1 << 16)))) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw DataFileError(file: path, .unreadable(String(cString: strerror(errno))))
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
