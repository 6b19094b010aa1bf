import Foundation
import DKMCore

/// Reads a plain text file as one document per non-blank line (titles, messages, short notes),
/// each identified by its line number.
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
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = TextDecoding.decode(Array(line)).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { documents.append(Document(id: "line \(index + 1)", text: text)) }
        }
        guard !documents.isEmpty else { throw DataFileError(file: path, .mismatch("the file has no non-blank line")) }
        for document in shard.part(of: documents) { try body(document) }
    }
}
