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
        let page = try HTMLText.extract(try FileBytes.read(path, limit: documentByteLimit, overflow: .cut), file: path)
        try body(Document(id: (path as NSString).lastPathComponent, text: page.text,
                          title: page.title ?? (path as NSString).lastPathComponent))
    }
}
