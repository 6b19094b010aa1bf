@preconcurrency import CLibXML2
import DKMCore
import Foundation

/// XML bytes read as a stream of nodes through libxml2's streaming reader: no DTD is loaded,
/// no entity is expanded from outside, the network is never touched, and libxml2's own
/// messages stay off the terminal. Memory stays bounded by the document, however deep.
struct XMLStream {
    /// The node the reader stands on, valid during the callback only.
    struct Node {
        enum Kind { case start, end, text }
        var kind: Kind
        /// The element's name without its prefix (`t` for `<w:t>`); empty for text.
        var name: String
        /// `<a/>`: a start with no end to follow.
        var isEmpty: Bool
        fileprivate var reader: xmlTextReaderPtr

        /// Text and CDATA content (whitespace included); empty for elements.
        var text: String { xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? "" }

        /// An attribute of a start element, by its qualified name (`full-path`, `xml:lang`).
        func attribute(_ name: String) -> String? {
            guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
            defer { xmlFree(value) }
            return String(cString: value)
        }
    }

    /// Calls `body` with each start, end and text node in document order; malformed XML is a
    /// `DataFileError` naming `file`, the line and the column.
    static func forEachNode(_ bytes: [UInt8], file: String, _ body: (Node) throws -> Void) throws {
        guard !bytes.isEmpty else { throw DataFileError(file: file, .empty) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard
            let reader = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReaderForMemory($0, Int32(buffer.count), file, nil, options)
                }
            })
        else { throw DataFileError(file: file, .mismatch("libxml2 could not start reading")) }
        defer { xmlFreeTextReader(reader) }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { return }
            guard status == 1 else {
                let line = xmlTextReaderGetParserLineNumber(reader), column = xmlTextReaderGetParserColumnNumber(reader)
                throw DataFileError(file: file, .mismatch("malformed XML at line \(line), column \(column)"))
            }
            let kind: Node.Kind
            switch xmlTextReaderNodeType(reader) {
            case 1: kind = .start
            case 15: kind = .end
            case 3, 4, 13, 14: kind = .text  // text, CDATA, whitespace, significant whitespace
            default: continue
            }
            let name = kind == .text ? "" : xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            try body(Node(kind: kind, name: name, isEmpty: kind == .start && xmlTextReaderIsEmptyElement(reader) == 1, reader: reader))
        }
    }

    /// The text of the first element named `name` (without prefix), trimmed; nil when there is
    /// none or it is blank (a document's `<dc:title>`).
    static func firstText(of name: String, in bytes: [UInt8], file: String) throws -> String? {
        var depth = 0, text = "", found: String?
        try forEachNode(bytes, file: file) { node in
            guard found == nil else { return }
            switch node.kind {
            case .start where node.name == name && !node.isEmpty: depth += 1
            case .start where depth > 0 && !node.isEmpty: depth += 1
            case .end where depth > 0:
                depth -= 1
                if depth == 0 { found = text.trimmingCharacters(in: .whitespacesAndNewlines) }
            case .text where depth > 0: text += node.text
            default: break
            }
        }
        return found?.isEmpty == false ? found : nil
    }
}

extension ZipArchive {
    /// The nodes of the XML entry `name` (named `archive!entry` in errors); an archive without
    /// it is a `DataFileError` saying it lacks `missing`.
    func forEachXMLNode(inEntry name: String, missing: String, _ body: (XMLStream.Node) throws -> Void) throws {
        guard let entry = entry(named: name) else { throw DataFileError(file: file, .mismatch("\(missing) without \(name)")) }
        try XMLStream.forEachNode(data(for: entry, limit: FileDocument.packedFileLimit), file: "\(file)!\(name)", body)
    }
}
