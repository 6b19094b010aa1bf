import Foundation
import DKMCore

/// The document one file's bytes make, alike in every reader (folders, archives, a file given
/// by name), by its `DocumentKind`: an HTML page reduced to its text (`HTMLText`) and titled
/// by its `<title>`; a PDF, DOCX, ODT or EPUB file reduced to its text and titled by its
/// metadata; other text decoded (`TextDecoding`). Untitled documents take the file's name.
enum FileDocument {
    /// What one file makes: a document, or a reason to pass it over with a warning.
    enum Outcome {
        case document(Document)
        case skipped(reason: String)
    }

    /// The most bytes a packed document (PDF, DOCX, ODT, EPUB) may have: its text is found only
    /// by reading it whole, so it is not cut at the document limit (its text is).
    static let packedFileLimit = 256 << 20

    /// How many bytes of a file named `name` a reader keeps: `documentLimit` + 1 for text (the
    /// corpus then cuts and warns), the whole file up to `packedFileLimit` + 1 for a packed kind.
    static func byteLimit(name: String, documentLimit: Int) -> Int {
        DocumentKind(extensionOf: name)?.isPacked == true ? max(packedFileLimit, documentLimit) : documentLimit
    }

    /// Reads the file at `path` with the bound its kind needs: a file whose name says text but
    /// whose first bytes may start a PDF or a zip is read again whole when it was cut.
    static func read(_ path: String, fileSystemPath: [CChar]? = nil, name: String, documentLimit: Int) throws -> [UInt8] {
        let limit = byteLimit(name: name, documentLimit: documentLimit)
        let bytes = try FileBytes.read(path, fileSystemPath: fileSystemPath, limit: limit, overflow: .cut)
        guard bytes.count > limit, limit < packedFileLimit, DocumentKind.mayBePacked(bytes) else { return bytes }
        return try FileBytes.read(path, fileSystemPath: fileSystemPath, limit: packedFileLimit, overflow: .cut)
    }

    /// The document of `bytes` (up to `limit + 1` of a text file, the whole of a packed one), of
    /// the `kind` given or else found from `id`'s extension and the bytes. A page yields the text
    /// of its first `limit` bytes and is marked `wasCut` (its text, shorter than the limit,
    /// would not show it); other text is cut by the corpus.
    static func make(
        _ bytes: [UInt8], file: String, id: String, label: String? = nil, kind given: DocumentKind? = nil,
        limit: Int
    ) throws -> Outcome {
        let name = (id as NSString).lastPathComponent
        let kind = given ?? DocumentKind(name: id, bytes: bytes)
        switch kind {
        case .text:
            guard !TextDecoding.looksBinary(bytes) else { return .skipped(reason: "binary file") }
            return .document(Document(id: id, text: TextDecoding.decode(bytes), label: label, title: name))
        case .html:
            guard !TextDecoding.looksBinary(bytes) else { return .skipped(reason: "binary file, not an HTML page") }
            let page = try HTMLText.extract(Array(bytes.prefix(limit)), file: file)
            var document = Document(id: id, text: page.text, label: label, title: page.title ?? name)
            document.wasCut = bytes.count > limit
            return .document(document)
        case .pdf, .docx, .odt, .epub:
            guard bytes.count <= packedFileLimit else {
                return .skipped(reason: "a \(kind.displayName) file over the \(packedFileLimit >> 20) MiB dkm reads whole")
            }
            let extracted: (title: String?, text: String)
            do {
                extracted = try packedText(bytes, kind: kind, file: file, limit: limit)
            } catch  where given == nil && DocumentKind(extensionOf: id) == nil {
                // Only the content said it was packed: not one after all, so it is what its bytes are.
                return try make(bytes, file: file, id: id, label: label, kind: .text, limit: limit)
            }
            guard extracted.text.contains(where: { !$0.isWhitespace }) else {
                return .skipped(
                    reason: kind == .pdf
                        ? "a PDF without a text layer (scanned pages need OCR first)"
                        : "a \(kind.displayName) file with no text")
            }
            return .document(Document(id: id, text: extracted.text, label: label, title: extracted.title ?? name))
        }
    }

    private static func packedText(_ bytes: [UInt8], kind: DocumentKind, file: String, limit: Int) throws -> (title: String?, text: String)
    {
        if kind == .pdf { return try PDFText.extract(bytes, file: file, limit: limit) }
        let archive = try ZipArchive(bytes: bytes, file: file)
        switch kind {
        case .docx: return try OfficeText.docx(archive, limit: limit)
        case .odt: return try OfficeText.odt(archive, limit: limit)
        default: return try EPUBText.extract(archive, limit: limit)
        }
    }
}
