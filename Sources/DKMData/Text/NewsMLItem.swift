@preconcurrency import CLibXML2
import Foundation
import DKMCore

/// One RCV1 `<newsitem>` in the newsML schema, read with libxml2's streaming reader.
///
/// The reader never loads a DTD or an external entity and never touches the network; the
/// XML declaration's encoding (iso-8859-1 in RCV1) is honoured.
public struct NewsMLItem: Sendable, Equatable {
    public var itemID: String
    public var date: String?
    public var language: String?
    public var title: String
    public var headline: String
    public var paragraphs: [String]
    /// Codes of `<codes class="bip:topics:1.0">`, in document order.
    public var topics: [String]
    /// `<dc element=... value=...>` pairs.
    public var dublinCore: [String: String]

    /// Title, headline and paragraphs, one per line.
    public var text: String { ([title, headline] + paragraphs).filter { !$0.isEmpty }.joined(separator: "\n") }

    public init(bytes: [UInt8], file: String) throws {
        guard !bytes.isEmpty else { throw DataFileError(file: file, .empty) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let reader = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReaderForMemory($0, Int32(buffer.count), file, nil, options)
            }
        }) else { throw DataFileError(file: file, .mismatch("libxml2 could not start reading")) }
        defer { xmlFreeTextReader(reader) }

        var itemID: String?, date: String?, language: String?
        var title = "", headline = "", paragraphs: [String] = [], topics: [String] = [], dublinCore: [String: String] = [:]
        var path: [String] = []
        var codesClass: String?
        var text = ""
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            guard status == 1 else {
                let line = xmlTextReaderGetParserLineNumber(reader), column = xmlTextReaderGetParserColumnNumber(reader)
                throw DataFileError(file: file, .mismatch("malformed XML at line \(line), column \(column)"))
            }
            let type = xmlTextReaderNodeType(reader)
            let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
            switch type {
            case 1:  // element
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                switch name {
                case "newsitem":
                    itemID = attribute(reader, "itemid")
                    date = attribute(reader, "date")
                    language = attribute(reader, "xml:lang")
                case "codes": codesClass = attribute(reader, "class")
                case "code" where codesClass == "bip:topics:1.0":
                    if let code = attribute(reader, "code") { topics.append(code) }
                case "dc":
                    if let element = attribute(reader, "element") { dublinCore[element] = attribute(reader, "value") ?? "" }
                default: break
                }
                if !isEmpty { path.append(name) }
                text = ""
            case 3, 4:  // text, CDATA
                text += xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
            case 15:  // end of element
                switch (name, path.dropLast().last) {
                case ("title", _): title = text.trimmingCharacters(in: .whitespacesAndNewlines)
                case ("headline", _): headline = text.trimmingCharacters(in: .whitespacesAndNewlines)
                case ("p", "text"): paragraphs.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
                case ("codes", _): codesClass = nil
                default: break
                }
                if !path.isEmpty { path.removeLast() }
                text = ""
            default: break
            }
        }
        guard let itemID else { throw DataFileError(file: file, .mismatch("no <newsitem itemid=...> element")) }
        self.itemID = itemID
        self.date = date
        self.language = language
        self.title = title
        self.headline = headline
        self.paragraphs = paragraphs
        self.topics = topics
        self.dublinCore = dublinCore
    }
}

private func attribute(_ reader: xmlTextReaderPtr, _ name: String) -> String? {
    guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
    defer { xmlFree(value) }
    return String(cString: value)
}
