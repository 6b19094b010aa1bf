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
    static let blocks: Set<String> = ["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                                      "table", "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre",
                                      "dd", "dt", "dl", "hr", "figure", "figcaption", "main", "form", "title", "body"]

    /// True for names of files read as HTML.
    public static func isHTML(_ name: String) -> Bool {
        ["html", "htm", "xhtml"].contains((name.lowercased() as NSString).pathExtension)
    }

    /// libxml2 parses on several threads at once only once it has been initialized (pages are
    /// read on every core).
    private static let parserInitialized: Void = xmlInitParser()

    /// The page's title (its `<title>`) and its text.
    public static func extract(_ bytes: [UInt8], file: String) throws -> (title: String?, text: String) {
        _ = parserInitialized
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
        // Declared or detected by libxml2 unless the bytes are valid UTF-8, which HTML's
        // Latin-1 default would garble.
        let encoding: String? = String(validating: bytes, as: UTF8.self) != nil ? "UTF-8" : nil
        guard !bytes.isEmpty else { return (nil, "") }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { htmlReadMemory($0.baseAddress, Int32($0.count), file, encoding, options) }
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
