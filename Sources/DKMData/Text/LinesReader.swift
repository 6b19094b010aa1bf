import Foundation
import DKMCore

/// Reads a plain text file as one document per non-blank line (titles, messages, short notes),
/// each identified by its line number. Lines end in LF, CRLF or a lone CR (old Mac files), as
/// the CSV reader's do.
public struct LinesReader: DocumentSource {
    public let path: String
    public var shard: Shard = .whole
    /// At most this many bytes of the file are read.
    public var fileByteLimit = FileBytes.defaultLimit

    public init(path: String) { self.path = path }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        let bytes = try FileBytes.read(path, limit: fileByteLimit)
        guard !TextDecoding.looksBinary(bytes) else { throw DataFileError(file: path, .mismatch("not a text file")) }
        var documents: [Document] = []
        let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var start = 0, number = 1, i = 0
        func endLine(at end: Int) {
            let text = TextDecoding.decode(Array(bytes[start..<end])).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { documents.append(Document(id: "line \(number)", text: text)) }
            number += 1
        }
        while i < bytes.count {
            if bytes[i] == newline || bytes[i] == carriageReturn {
                endLine(at: i)
                if bytes[i] == carriageReturn && i + 1 < bytes.count && bytes[i + 1] == newline { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { endLine(at: bytes.count) }
        guard !documents.isEmpty else { throw DataFileError(file: path, .mismatch("the file has no non-blank line")) }
        for document in shard.part(of: documents) { try body(document) }
    }
}
