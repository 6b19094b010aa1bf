import Foundation
import DKMCore

/// The text of an EPUB book: its chapters in reading order (the package's spine), each an
/// XHTML page reduced to its text as `HTMLText` reduces a page, titled by the package's
/// `dc:title`. The navigation page, styles, images and fonts are not text.
enum EPUBText {
    static func extract(_ archive: ZipArchive, limit: Int) throws -> (title: String?, text: String) {
        let package = try packagePath(archive)
        guard let packageEntry = archive.entry(named: package) else {
            throw DataFileError(file: archive.file, .mismatch("an EPUB whose container names \(package), which it does not hold"))
        }
        let packageBytes = try archive.data(for: packageEntry)
        let where_ = "\(archive.file)!\(package)"
        // The manifest names every file by an id; the spine lists the chapters' ids in order.
        var hrefs: [String: String] = [:], spine: [String] = []
        try XMLStream.forEachNode(packageBytes, file: where_) { node in
            guard node.kind == .start else { return }
            if node.name == "item", let id = node.attribute("id"), let href = node.attribute("href"),
                node.attribute("properties")?.split(separator: " ").contains("nav") != true
            {
                hrefs[id] = href
            } else if node.name == "itemref", let id = node.attribute("idref"), node.attribute("linear") != "no" {
                spine.append(id)
            }
        }
        let folder = (package as NSString).deletingLastPathComponent
        var text = ""
        for id in spine where text.utf8.count <= limit {
            guard let href = hrefs[id] else { continue }
            let path = resolve(href, in: folder)
            guard let entry = archive.entry(named: path) else {
                throw DataFileError(file: where_, .mismatch("the spine's chapter \(path) is not in the book"))
            }
            let chapter = try HTMLText.extract(
                archive.data(for: entry, limit: FileDocument.packedFileLimit), file: "\(archive.file)!\(path)")
            text += chapter.text + (chapter.text.hasSuffix("\n") ? "" : "\n")
        }
        return (try XMLStream.firstText(of: "title", in: packageBytes, file: where_), text)
    }

    /// The package document's path, from `META-INF/container.xml`'s first `rootfile`.
    private static func packagePath(_ archive: ZipArchive) throws -> String {
        var path: String?
        try archive.forEachXMLNode(inEntry: "META-INF/container.xml", missing: "an EPUB") { node in
            if path == nil, node.kind == .start, node.name == "rootfile" { path = node.attribute("full-path") }
        }
        guard let path, !path.isEmpty else {
            throw DataFileError(file: "\(archive.file)!META-INF/container.xml", .mismatch("no <rootfile full-path=...>"))
        }
        return path
    }

    /// A manifest href (relative to the package's folder, percent-encoded, perhaps with `..` or
    /// a `#fragment`) as the path of a zip entry.
    static func resolve(_ href: String, in folder: String) -> String {
        let plain = (href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? href)
        let decoded = plain.removingPercentEncoding ?? plain
        var parts = folder.split(separator: "/").map(String.init)
        for part in decoded.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
