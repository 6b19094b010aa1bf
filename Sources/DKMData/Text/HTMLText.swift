@preconcurrency import CLibXML2
import Foundation
import DKMCore

/// The readable text of an HTML or XHTML page, through libxml2's HTML parser (which recovers
/// from broken markup and never touches the network): text content only, with script, style
/// and other non-content elements dropped, entities decoded, and a line break after each block
/// element so that words on both sides of a tag stay apart.
public enum HTMLText {
    /// Elements whose content is not text a reader sees.
    static let hidden: Set<String> = ["script", "style", "noscript", "template", "svg", "math", "iframe", "object"]
    /// Elements that end a line.
    static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
        "table", "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre",
        "dd", "dt", "dl", "hr", "figure", "figcaption", "main", "form", "title", "body",
    ]

    /// libxml2 parses on several threads at once only once it has been initialized (pages are
    /// read on every core).
    private static let parserInitialized: Void = xmlInitParser()

    /// The page's title (its `<title>`) and its text.
    public static func extract(_ bytes: [UInt8], file: String) throws -> (title: String?, text: String) {
        _ = parserInitialized
        // No depth limit (libxml2's 256 would drop the text below 300 unclosed `<font>` tags), and
        // libxml2's own messages kept off the terminal: a broken page is recovered, not reported.
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue | XML_PARSE_HUGE.rawValue)
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        // libxml2 gets valid UTF-8 only (decoded as text is, in the page's declared charset
        // before Latin-1), so no byte it cannot decode ends the page's text.
        let utf8 = withoutInternalSubset(Array(TextDecoding.decode(bytes, declared: declaredCharset(bytes)).utf8).filter { $0 != 0 })
        guard !utf8.isEmpty else { return (nil, "") }
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { htmlReadMemory($0.baseAddress, Int32($0.count), file, "UTF-8", options) }
        }
        guard let document else { throw DataFileError(file: file, .mismatch("libxml2 could not parse the HTML")) }
        defer { xmlFreeDoc(document) }
        var text = "", title: String?
        // Depth first with an explicit stack: no recursion, however deep the markup.
        var stack = children(of: document.pointee.children).reversed().map { (node: $0, leaving: false) }
        while let (node, leaving) = stack.popLast() {
            let name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            if leaving {
                if blocks.contains(name), !text.hasSuffix("\n") { text += "\n" }
                continue
            }
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                if name == "title", title == nil, let content = xmlNodeGetContent(node) {
                    title = String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
                    xmlFree(content)
                }
                guard !hidden.contains(name) else { continue }
                stack.append((node, true))
                stack += children(of: node.pointee.children).reversed().map { ($0, false) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { text += String(cString: content) }
            default:
                break
            }
        }
        return (title.flatMap { $0.isEmpty ? nil : $0 }, text)
    }

    /// The charset named by `charset=` or `encoding=` in the page's first 4 KiB.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        for key in ["charset", "encoding"] {
            var rest = head[...]
            while let found = rest.range(of: key) {
                rest = rest[found.upperBound...]
                let value = rest.drop { $0 == " " }
                guard value.first == "=" else { continue }
                let name = value.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
                    .prefix { $0.isLetter || $0.isNumber || "-_.:".contains($0) }
                if !name.isEmpty { return String(name) }
            }
        }
        return nil
    }

    /// The bytes without the internal subset of a leading DOCTYPE (`<!DOCTYPE html [ <!ENTITY
    /// ...> ]>`), which the HTML parser would keep as text: its declarations are not words.
    static func withoutInternalSubset(_ bytes: [UInt8]) -> [UInt8] {
        let lower = { (byte: UInt8) in byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0) }
        let doctype = Array("<!doctype".utf8)
        var start = 0
        // Only before the first element: past it, the bytes are the page.
        while start + doctype.count <= bytes.count {
            if bytes[start] == UInt8(ascii: "<"), start + 1 < bytes.count, lower(bytes[start + 1]) >= 0x61, lower(bytes[start + 1]) <= 0x7A
            {
                return bytes
            }
            if (0..<doctype.count).allSatisfy({ lower(bytes[start + $0]) == doctype[$0] }) { break }
            start += 1
        }
        guard start + doctype.count <= bytes.count else { return bytes }
        var i = start + doctype.count
        while i < bytes.count, bytes[i] != UInt8(ascii: "["), bytes[i] != UInt8(ascii: ">") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return bytes }
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = bytes[i]
                i += 1
                while i < bytes.count, bytes[i] != quote { i += 1 }
            case UInt8(ascii: "]"):
                var end = i + 1
                while end < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end]) { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ">") {
                    return Array(bytes[..<start]) + Array("<!DOCTYPE html>".utf8) + Array(bytes[(end + 1)...])
                }
            default:
                break
            }
            i += 1
        }
        return bytes
    }

    /// A node and its following siblings.
    private static func children(of first: xmlNodePtr?) -> [xmlNodePtr] {
        var nodes: [xmlNodePtr] = []
        var next = first
        while let node = next {
            nodes.append(node)
            next = node.pointee.next
        }
        return nodes
    }
}
