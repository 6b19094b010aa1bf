import Foundation
import DKMCore

/// The text of a word-processing document, both kinds zip archives of XML parts: a Word
/// document (DOCX, Office Open XML) or an OpenDocument text (ODT). Only what a reader sees on
/// the page: paragraphs end lines, tabs and breaks are kept, and markup, styles, field codes,
/// deleted revisions, comments and metadata are not text (the title comes from the metadata).
/// Text beyond `limit` bytes is not collected (the corpus cuts the document there and warns).
enum OfficeText {
    /// A DOCX file: its main part (named by the package's relationships, else
    /// `word/document.xml`), titled by `docProps/core.xml`'s `dc:title`.
    static func docx(_ archive: ZipArchive, limit: Int) throws -> (title: String?, text: String) {
        var text = "", skipping = 0, runs = 0, inText = 0
        try archive.forEachXMLNode(inEntry: try mainPart(archive) ?? "word/document.xml", missing: "a Word document") { node in
            guard text.utf8.count <= limit else { return }
            switch (node.kind, node.name) {
            // The text a consumer without the newer feature shows twice (a text box's fallback drawing).
            case (.start, "Fallback") where !node.isEmpty: skipping += 1
            case (.end, "Fallback"): skipping -= 1
            case _ where skipping > 0: break
            case (.start, "r") where !node.isEmpty: runs += 1
            case (.end, "r"): runs -= 1
            case (.start, "t") where !node.isEmpty: inText += 1
            case (.end, "t"): inText -= 1
            case (.text, _) where inText > 0: text += node.text
            // Tab stops (`<w:tabs><w:tab .../>`) are paragraph properties; a tab in a run is text.
            case (.start, "tab") where runs > 0: text += "\t"
            case (.start, "br"), (.start, "cr"): if runs > 0 { text += "\n" }
            case (.end, "p"): text += "\n"
            case (.start, "p") where node.isEmpty: text += "\n"
            default: break
            }
        }
        return (try title(archive, part: "docProps/core.xml"), text)
    }

    /// An ODT file: the body of `content.xml`, titled by `meta.xml`'s `dc:title`.
    static func odt(_ archive: ZipArchive, limit: Int) throws -> (title: String?, text: String) {
        var text = "", inBody = 0, skipping = 0, paragraphs = 0
        // Comments, tracked (deleted) changes and a footnote's number are not the text.
        let hidden: Set<String> = ["annotation", "tracked-changes", "note-citation"]
        try archive.forEachXMLNode(inEntry: "content.xml", missing: "an OpenDocument file") { node in
            guard text.utf8.count <= limit else { return }
            switch (node.kind, node.name) {
            case (.start, "body") where !node.isEmpty: inBody += 1
            case (.end, "body"): inBody -= 1
            case _ where inBody == 0: break
            case (.start, let name) where hidden.contains(name) && !node.isEmpty: skipping += 1
            case (.end, let name) where hidden.contains(name): skipping -= 1
            case _ where skipping > 0: break
            case (.start, "p"), (.start, "h"):
                if !node.isEmpty { paragraphs += 1 } else { text += "\n" }
            case (.end, "p"), (.end, "h"):
                paragraphs -= 1
                text += "\n"
            // Whitespace between paragraphs is layout; inside one it is text.
            case (.text, _) where paragraphs > 0: text += node.text
            // A footnote's text, inline in its paragraph, is apart from the words around it.
            case (.start, "note-body"): text += "\n"
            case (.start, "s"): text += " "
            case (.start, "tab"): text += "\t"
            case (.start, "line-break"): text += "\n"
            default: break
            }
        }
        return (try title(archive, part: "meta.xml"), text)
    }

    /// The target of the package relationship of type `.../officeDocument` (`_rels/.rels`).
    private static func mainPart(_ archive: ZipArchive) throws -> String? {
        guard let entry = archive.entry(named: "_rels/.rels") else { return nil }
        var target: String?
        try XMLStream.forEachNode(archive.data(for: entry), file: "\(archive.file)!_rels/.rels") { node in
            guard target == nil, node.kind == .start, node.name == "Relationship",
                node.attribute("Type")?.hasSuffix("/officeDocument") == true
            else { return }
            target = node.attribute("Target").map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
        }
        return target
    }

    /// The `dc:title` of a metadata part, when the archive has it and it is not blank.
    private static func title(_ archive: ZipArchive, part: String) throws -> String? {
        guard let entry = archive.entry(named: part) else { return nil }
        return try XMLStream.firstText(of: "title", in: archive.data(for: entry), file: "\(archive.file)!\(part)")
    }
}
