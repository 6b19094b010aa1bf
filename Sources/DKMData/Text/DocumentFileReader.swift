import Foundation
import DKMCore

/// Reads one file as one document: an HTML page, a PDF, DOCX, ODT or EPUB file reduced to its
/// text and titled by its title, or a text file; its id is the file's name. `kind` says what
/// it is when the extension and content should not (`--format html`).
public struct DocumentFileReader: DocumentSource {
    public let path: String
    public var documentByteLimit: Int
    public var kind: DocumentKind?
    /// The document's id (by default the file's name).
    public var id: String

    public init(path: String, documentByteLimit: Int = Document.defaultByteLimit, kind: DocumentKind? = nil) {
        self.path = path
        self.documentByteLimit = documentByteLimit
        self.kind = kind
        id = (path as NSString).lastPathComponent
    }

    /// The file's document; a file that yields none (binary, a PDF without a text layer) is a
    /// `DataFileError` saying why.
    public func document() throws -> Document {
        let bytes = try FileDocument.read(path, name: path, documentLimit: documentByteLimit)
        switch try FileDocument.make(bytes, file: path, id: id, kind: kind, limit: documentByteLimit) {
        case .document(let document): return document
        case .skipped(let reason): throw DataFileError(file: path, .mismatch("\(reason): it holds no text to read"))
        }
    }

    public func forEachDocument(_ body: (Document) throws -> Void) throws { try body(document()) }
}
