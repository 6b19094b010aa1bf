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
        var itemID: String?, date: String?, language: String?
        var title = "", headline = "", paragraphs: [String] = [], topics: [String] = [], dublinCore: [String: String] = [:]
        var path: [String] = []
        var codesClass: String?
        var text = ""
        try XMLStream.forEachNode(bytes, file: file) { node in
            switch node.kind {
            case .start:
                switch node.name {
                case "newsitem":
                    itemID = node.attribute("itemid")
                    date = node.attribute("date")
                    language = node.attribute("xml:lang")
                case "codes": codesClass = node.attribute("class")
                case "code" where codesClass == "bip:topics:1.0":
                    if let code = node.attribute("code") { topics.append(code) }
                case "dc":
                    if let element = node.attribute("element") { dublinCore[element] = node.attribute("value") ?? "" }
                default: break
                }
                if !node.isEmpty { path.append(node.name) }
                text = ""
            case .text:
                text += node.text
            case .end:
                switch (node.name, path.dropLast().last) {
                case ("title", _): title = text.trimmingCharacters(in: .whitespacesAndNewlines)
                case ("headline", _): headline = text.trimmingCharacters(in: .whitespacesAndNewlines)
                case ("p", "text"): paragraphs.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
                case ("codes", _): codesClass = nil
                default: break
                }
                if !path.isEmpty { path.removeLast() }
                text = ""
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
