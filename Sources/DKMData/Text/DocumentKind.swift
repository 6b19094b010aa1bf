import Foundation
import DKMCore

/// What a file holds, told by its extension and its first bytes alike: plain text, an HTML
/// page, or a packed document whose text must be taken out of it (PDF, DOCX, ODT, EPUB).
public enum DocumentKind: String, Sendable, CaseIterable {
    case text, html, pdf, docx, odt, epub

    /// By the name's extension, when it names a kind (`notes.PDF` is a PDF).
    public init?(extensionOf name: String) {
        switch (name.lowercased() as NSString).pathExtension {
        case "html", "htm", "xhtml": self = .html
        case "pdf": self = .pdf
        case "docx", "docm": self = .docx
        case "odt": self = .odt
        case "epub": self = .epub
        default: return nil
        }
    }

    /// By the extension, else by the content: a PDF starts with `%PDF-`, a DOCX, ODT or EPUB is
    /// a zip holding their parts. A zip of anything else, like any other file, is text here
    /// (binary bytes are refused later).
    public init(name: String, bytes: [UInt8]) {
        if let kind = DocumentKind(extensionOf: name) {
            self = kind
        } else if DocumentKind.startsLikePDF(bytes) {
            self = .pdf
        } else if DocumentKind.startsLikeZip(bytes), let archive = try? ZipArchive(bytes: bytes, file: name),
            let kind = DocumentKind(packageOf: archive)
        {
            self = kind
        } else {
            self = .text
        }
    }

    /// The kind a zip archive's parts say it is: ODT and EPUB by their `mimetype` entry, DOCX by
    /// its main part; nil for any other archive.
    init?(packageOf archive: ZipArchive) {
        if let entry = archive.entry(named: "mimetype"), let type = try? archive.data(for: entry, limit: 256) {
            switch String(decoding: type, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) {
            case "application/vnd.oasis.opendocument.text": self = .odt; return
            case "application/epub+zip": self = .epub; return
            default: break
            }
        }
        guard archive.entry(named: "word/document.xml") != nil else { return nil }
        self = .docx
    }

    /// Packed documents are read whole (up to `FileDocument.packedFileLimit`): their text is
    /// found only by parsing the entire file.
    public var isPacked: Bool { self != .text && self != .html }

    /// The name a message uses.
    var displayName: String { self == .text ? "text file" : self == .html ? "HTML page" : rawValue.uppercased() }

    /// Whether `start` (a file's first bytes) may begin a packed document, so that a file cut at
    /// the document limit is read again whole.
    static func mayBePacked(_ start: [UInt8]) -> Bool { startsLikePDF(start) || startsLikeZip(start) }

    static func startsLikePDF(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("%PDF-".utf8)) }

    static func startsLikeZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }
}
