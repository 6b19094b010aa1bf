import Foundation
import DKMCore

/// Reads one HTML or XHTML page as one document: its text (`HTMLText`), titled by its `<title>`.
public struct HTMLPageReader: DocumentSource {
    public let path: String
    public var documentByteLimit: Int

    public init(path: String, documentByteLimit: Int = 8 << 20) {
        self.path = path
        self.documentByteLimit = documentByteLimit
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        let bytes = try FileBytes.read(path, limit: documentByteLimit, overflow: .cut)
        guard let page = try FileDocument.make(bytes, file: path, id: (path as NSString).lastPathComponent, html: true,
                                               limit: documentByteLimit) else {
            throw DataFileError(file: path, .mismatch("a binary file, not an HTML page"))
        }
        try body(page)
    }
}
