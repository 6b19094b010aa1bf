import Foundation
import DKMCore

/// Single text files as documents (for `dkm assign`).
public enum DocumentFiles {
    public static func isDirectory(_ path: String) -> Bool { DirectoryListing.isDirectory(path) }

    /// A file's text (UTF-8, else Latin-1); binary files are refused.
    public static func readText(_ path: String) throws -> String {
        let bytes = try FileBytes.read(path)
        guard !TextDecoding.looksBinary(bytes) else { throw DataFileError(file: path, .mismatch("a binary file, not text")) }
        return TextDecoding.decode(bytes)
    }
}
