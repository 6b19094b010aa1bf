/// A problem with an input file: which file, where in it, and what was wrong.
public struct DataFileError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Problem: Equatable, Sendable {
        case notFound
        case unreadable(String)
        case empty
        case truncated(expectedBytes: Int, foundBytes: Int)
        case trailingBytes(expectedBytes: Int, foundBytes: Int)
        case badMagic(expected: String, found: String)
        case badHeader(String)
        case badShape(expected: String, found: String)
        case badValue(line: Int, column: Int, found: String)
        case decompression(String)
        case tooLarge(limitBytes: Int)
        case mismatch(String)
        /// A device, FIFO, socket or folder where a regular file was expected.
        case notRegular(String)
        /// A record of a table or JSON Lines file that cannot be read, by its first line.
        case badRecord(line: Int, String)
    }

    public let file: String
    public let problem: Problem

    /// A data set with no default location whose folder was not given.
    public static func folderNotGiven(for dataset: String) -> DataFileError {
        DataFileError(file: dataset, .mismatch("the folder with its files must be given (it has no default location)"))
    }

    public init(file: String, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case .notFound: what = "no such file or directory"
        case .unreadable(let reason): what = "cannot be read: \(reason)"
        case .empty: what = "the file is empty"
        case .truncated(let expected, let found): what = "truncated: expected \(expected) bytes, found \(found)"
        case .trailingBytes(let expected, let found): what = "expected \(expected) bytes, found \(found) (extra data at the end)"
        case .badMagic(let expected, let found): what = "not the expected format: magic number \(found), expected \(expected)"
        case .badHeader(let reason): what = "bad header: \(reason)"
        case .badShape(let expected, let found): what = "wrong shape: expected \(expected), found \(found)"
        case .badValue(let line, let column, let found): what = "line \(line), field \(column): \(found)"
        case .badRecord(let line, let reason): what = "line \(line): \(reason)"
        case .decompression(let reason): what = "cannot be decompressed: \(reason)"
        case .tooLarge(let limit): what = "larger than the limit of \(limit) bytes once decompressed"
        case .mismatch(let reason): what = reason
        case .notRegular(let kind): what = "\(kind), not a regular file; dkm reads only regular files"
        }
        return "\(file): \(what)"
    }
}
