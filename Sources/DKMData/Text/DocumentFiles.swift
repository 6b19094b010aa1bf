import Foundation
import DKMCore

/// New documents to place into a saved model (`dkm assign`), read as `dkm cluster` reads a
/// corpus: folders, archives, 20 Newsgroups and newsML trees, CSV, TSV and JSON Lines (a file
/// or standard input), with the same bounds. Two differences, because a user placing documents
/// names them one by one: a plain file given by name is one document (not a document a line,
/// unless the format says `lines`), and so is an HTML page or a PDF, DOCX, ODT or EPUB file,
/// each with its path as its id.
public enum DocumentFiles {
    public static func isDirectory(_ path: String) -> Bool { DirectoryListing.isDirectory(path) }

    /// The documents of `paths` in order. Documents found inside a folder or an archive are named
    /// by the path given and their path inside it; records of a table keep their own ids (the id
    /// column, else their line number). A document longer than `options.maximumDocumentBytes`
    /// is cut there (`onTruncate` hears of it).
    public static func documents(
        _ paths: [String], options: CorpusOptions,
        onTruncate: ((Document) -> Void)? = nil
    ) throws -> [Document] {
        var documents: [Document] = []
        func add(_ document: Document) {
            let (cut, wasCut) = document.cut(toBytes: options.maximumDocumentBytes)
            if wasCut { onTruncate?(document) }
            documents.append(cut)
        }
        for path in paths {
            let format = try options.format ?? CorpusFormat.detect(path)
            if format == .html || format == .document || (format == .lines && options.format == nil) {
                add(try oneDocument(path, limit: options.maximumDocumentBytes, kind: format == .html ? .html : nil))
                continue
            }
            let prefix: String? =
                switch format {
                case .folder, .newsgroups, .archive: path
                case .rcv1, .csv, .tsv, .jsonl, .lines, .html, .document: nil
                }
            try options.source(for: path).forEachDocument { document in
                var document = document
                if let prefix { document.id = (prefix as NSString).appendingPathComponent(document.id) }
                add(document)
            }
        }
        return documents
    }

    /// A file as one document, with its path as its id: at most `limit` bytes of a text file
    /// (the rest is cut), an HTML page, PDF, DOCX, ODT or EPUB file (`kind`, else by its name
    /// and content) reduced to its text; a binary file refused.
    public static func oneDocument(_ path: String, limit: Int = Document.defaultByteLimit, kind: DocumentKind? = nil) throws -> Document {
        var reader = DocumentFileReader(path: path, documentByteLimit: limit, kind: kind)
        reader.id = path
        return try reader.document()
    }
}
