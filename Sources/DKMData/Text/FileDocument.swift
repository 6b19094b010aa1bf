import Foundation
import DKMCore

/// The document one file's bytes make, alike in every reader (folders, archives, a page or file
/// given by name): an HTML page reduced to its text (`HTMLText`) and titled by its `<title>`,
/// other text decoded (`TextDecoding`), titled by the file name.
enum FileDocument {
    /// Nil for bytes that look binary. Readers keep up to `limit + 1` bytes so that a longer
    /// file shows: a page then yields the text of its first `limit` bytes and is marked `wasCut`
    /// (its text, shorter than the limit, would not show it); a text file is cut by the corpus.
    static func make(_ bytes: [UInt8], file: String, id: String, label: String? = nil, html: Bool, limit: Int) throws -> Document? {
        guard !TextDecoding.looksBinary(bytes) else { return nil }
        let name = (id as NSString).lastPathComponent
        guard html else { return Document(id: id, text: TextDecoding.decode(bytes), label: label, title: name) }
        let page = try HTMLText.extract(Array(bytes.prefix(limit)), file: file)
        var document = Document(id: id, text: page.text, label: label, title: page.title ?? name)
        document.wasCut = bytes.count > limit
        return document
    }
}
