@preconcurrency import CLibXML2
import DKMCore

/// Checks that bytes are well-formed XML (no network, no DTD loading), e.g. the XHTML report.
public enum XMLCheck {
    /// nil when well-formed, else where it breaks.
    public static func problem(in bytes: [UInt8]) -> String? {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let reader = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReaderForMemory($0, Int32(buffer.count), "check.xml", nil, options)
            }
        }) else { return "libxml2 could not start reading" }
        defer { xmlFreeTextReader(reader) }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { return nil }
            if status != 1 {
                return "malformed at line \(xmlTextReaderGetParserLineNumber(reader)), column \(xmlTextReaderGetParserColumnNumber(reader))"
            }
        }
    }
}
