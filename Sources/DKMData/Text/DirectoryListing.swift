import Foundation
import DKMCore

/// Sorted, hidden-file-free directory listings with typed errors.
enum DirectoryListing {
    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// Entries of `path` that do not start with ".", in code-point order.
    static func visibleEntries(_ path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { throw DataFileError(file: path, .notFound) }
        guard isDirectory(path) else { throw DataFileError(file: path, .mismatch("not a directory")) }
        guard FileManager.default.isReadableFile(atPath: path) else { throw DataFileError(file: path, .unreadable("permission denied")) }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { !$0.hasPrefix(".") }
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } }
        } catch {
            throw DataFileError(file: path, .unreadable(error.localizedDescription))
        }
    }
}
