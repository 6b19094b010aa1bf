import Foundation

/// An exclusive lock on a path, held by one process while it writes an output there. It is an
/// advisory `flock` on a small file dkm creates and removes, so the kernel releases it when the
/// process ends, even by SIGKILL, and a later run is never blocked by a dead one.
public final class FileLock {
    let path: String
    private var descriptor: Int32

    /// Takes the lock, or fails at once when another process holds it.
    init(path: String, busy: @autoclosure () -> Error) throws {
        self.path = path
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw OutputError.cannotWrite(path, "cannot create a lock file: " + String(cString: strerror(errno)))
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                close(descriptor)
                throw busy()
            }
            // The holder before us may have removed the file after we opened it: the lock is
            // only ours if the path still names the file we locked.
            var held = stat(), named = stat()
            if fstat(descriptor, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                self.descriptor = descriptor
                TemporaryFiles.register(path)
                return
            }
            close(descriptor)
        }
    }

    /// The lock of an output at `path`: the file `.NAME.dkm-lock` beside it, as every dkm
    /// output is locked, so two runs never write one path at once.
    public convenience init(forOutputAt path: String) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let lockPath = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).dkm-lock").path
        try self.init(path: lockPath, busy: OutputError.busy(path))
    }

    /// Removes the lock file, then releases the lock.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        TemporaryFiles.unregister(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
