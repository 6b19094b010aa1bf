import Foundation

/// Writes a file through a temporary sibling and a rename, so a reader never sees half a file
/// and an earlier version survives a failed write. The sibling is removed if the process is
/// interrupted, and a killed process's siblings are removed by the next write of the file.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        guard !path.isEmpty else { throw OutputError.emptyPath }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(TemporaryFiles.siblingName(of: url.lastPathComponent, kind: "tmp"))
        TemporaryFiles.removeStale(of: url.lastPathComponent, in: directory.path)
        try TemporaryFiles.whileRegistered(temporary.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try data.write(to: temporary)
                let renamed = TemporaryFiles.withoutInterruption { rename(temporary.path, url.path) == 0 }
                if !renamed { throw OutputError.cannotWrite(path, String(cString: strerror(errno))) }
            } catch let error as OutputError {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw OutputError.cannotWrite(path, error.localizedDescription)
            }
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
