import Foundation
import DKMCore

/// Reads documents from JSON Lines: one JSON object per line, the text in a string field
/// (numbers and booleans are taken as their text), blank lines passed over. A line that is not
/// a JSON object, or lacks the text field, is reported with its number (skipped with
/// `badDocuments = .skip`). Reads a file, or standard input for the path `-`.
public struct JSONLinesReader: DocumentSource {
    public let path: String
    public var columns: RecordColumns
    public var onSkip: ((SkippedDocument) -> Void)?
    public var badDocuments: BadDocumentPolicy = .stop
    public var shard: Shard = .whole
    /// At most this many bytes are read.
    public var fileByteLimit = FileBytes.defaultLimit

    /// The name of standard input as a corpus path.
    public static let standardInput = "-"

    public init(path: String, columns: RecordColumns = RecordColumns()) {
        self.path = path
        self.columns = columns
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        let bytes =
            path == Self.standardInput
            ? try StandardInputBytes.shared.read(limit: fileByteLimit)
            : try FileBytes.read(path, limit: fileByteLimit)
        let name = path == Self.standardInput ? "standard input" : path
        guard !bytes.isEmpty else { throw DataFileError(file: name, .empty) }
        let textColumn = columns.text ?? "text"
        var ids = RecordIDs()
        func document(
            _ content: ArraySlice<UInt8>, line lineNumber: Int, reporting onSkip: ((SkippedDocument) -> Void)?
        ) throws -> Document? {
            var read: Document?
            try badDocuments.attempt("\(name):\(lineNumber)", onSkip: onSkip) {
                let object = try? JSONSerialization.jsonObject(with: Data(content))
                guard let record = object as? [String: Any] else {
                    throw DataFileError(file: name, .badRecord(line: lineNumber, "not a JSON object"))
                }
                guard let text = Self.string(record[textColumn]) else {
                    if let value = record[textColumn] {
                        let kind = value is NSNull ? "null" : "not a string or a number"
                        throw DataFileError(file: name, .badRecord(line: lineNumber, "the text field '\(textColumn)' is \(kind)"))
                    }
                    let hint = columns.text == nil ? " (name it with --text-column)" : ""
                    throw DataFileError(
                        file: name,
                        .badRecord(
                            line: lineNumber,
                            "no text field '\(textColumn)'\(hint); the fields are: "
                                + record.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")))
                }
                let id = columns.id.flatMap { Self.string(record[$0]) } ?? "line \(lineNumber)"
                if columns.id != nil { try ids.add(id, line: lineNumber, file: name) }
                read = Document(id: id, text: text, label: columns.label.flatMap { Self.string(record[$0]) })
            }
            return read
        }
        // Records are handed on as they are read, so no pass holds them all.
        try shard.stream(
            { counting, each in
                ids = RecordIDs()
                try Self.forEachLine(bytes) { content, line in
                    if let document = try document(content, line: line, reporting: counting ? nil : onSkip) { try each(document) }
                }
            }, body)
    }

    /// Each line that is not blank, without its line end (and the file's byte order mark), with its number.
    private static func forEachLine(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>, Int) throws -> Void) rethrows {
        var lineNumber = 0, start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            lineNumber += 1
            let line = bytes[start..<end]
            start = end + 1
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            let content = lineNumber == 1 && trimmed.starts(with: [0xEF, 0xBB, 0xBF]) ? trimmed.dropFirst(3) : trimmed
            guard content.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            try body(content, lineNumber)
        }
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}

/// All of standard input, read on first use and kept: it can be read only once, and every
/// pass over it (the stop-word choice's, the corpus's) sees the same.
private final class StandardInputBytes: @unchecked Sendable {
    static let shared = StandardInputBytes()

    private var bytes: [UInt8]?
    private let lock = NSLock()

    func read(limit: Int) throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if let bytes { return bytes }
        let read = try Self.readAll(limit: limit)
        bytes = read
        return read
    }

    /// All of standard input, refused beyond `limit` bytes.
    private static func readAll(limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(0, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DataFileError(file: "standard input", .unreadable(String(cString: strerror(errno))))
            }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
            if bytes.count > limit { throw DataFileError(file: "standard input", .tooLarge(limitBytes: limit)) }
        }
    }
}
