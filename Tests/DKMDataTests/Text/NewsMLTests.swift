import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// newsML items generated in the real RCV1 schema.
enum NewsMLSample {
    static func item(id: Int, headline: String, paragraphs: [String], topics: [String], encoding: String = "iso-8859-1") -> String {
        let codes = topics.map { code in
            "  <code code=\"\(code)\">\n    <editdetail attribution=\"Reuters BIP Coding Group\" action=\"confirmed\" date=\"1996-08-20\"/>\n  </code>"
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="\(encoding)"?>
            <newsitem itemid="\(id)" id="root" date="1996-08-20" xml:lang="en">
            <title>USA: \(headline)</title>
            <headline>\(headline)</headline>
            <byline>A. Reporter</byline>
            <dateline>NEW YORK 1996-08-20</dateline>
            <text>
            \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
            </text>
            <copyright>(c) Reuters Limited 1996</copyright>
            <metadata>
            <codes class="bip:countries:1.0">
              <code code="USA">
                <editdetail attribution="Reuters BIP Coding Group" action="confirmed" date="1996-08-20"/>
              </code>
            </codes>
            <codes class="bip:topics:1.0">
            \(codes)
            </codes>
            <dc element="dc.publisher" value="Reuters Holdings Plc"/>
            <dc element="dc.date.published" value="1996-08-20"/>
            <dc element="dc.source" value="Reuters"/>
            <dc element="dc.creator.location.country.name" value="USA"/>
            </metadata>
            </newsitem>
            """
    }

    /// Encodes text as ISO-8859-1 bytes (every character must be in Latin-1).
    static func latin1(_ text: String) -> [UInt8] { text.unicodeScalars.map { UInt8($0.value) } }
}

@Suite struct NewsMLTests {
    @Test func readsTheSchemaWithItsDeclaredEncodingAndEntities() throws {
        let xml = NewsMLSample.item(
            id: 2286, headline: "Stocks &amp; bonds rally in Zürich",
            paragraphs: ["Markets rose &lt;sharply&gt; on Tuesday.", "Traders were café-bound."],
            topics: ["E11", "ECAT", "M11", "MCAT"])
        let item = try NewsMLItem(bytes: NewsMLSample.latin1(xml), file: "2286newsML.xml")
        #expect(item.itemID == "2286" && item.date == "1996-08-20" && item.language == "en")
        #expect(item.headline == "Stocks & bonds rally in Zürich")
        #expect(item.title == "USA: Stocks & bonds rally in Zürich")
        #expect(item.paragraphs == ["Markets rose <sharply> on Tuesday.", "Traders were café-bound."])
        #expect(item.topics == ["E11", "ECAT", "M11", "MCAT"])
        #expect(item.dublinCore["dc.source"] == "Reuters")
        #expect(item.text.contains("Zürich\nMarkets rose"))
    }

    @Test func paperSubsetKeepsItemsWithExactlyOneTopLevelTopic() throws {
        let directory = TemporaryDirectory()
        directory.write(
            "19960820/1newsML.xml",
            NewsMLSample.latin1(NewsMLSample.item(id: 1, headline: "Oil", paragraphs: ["Crude."], topics: ["M14", "MCAT"])))
        directory.write(
            "19960820/2newsML.xml",
            NewsMLSample.latin1(NewsMLSample.item(id: 2, headline: "Both", paragraphs: ["Mixed."], topics: ["CCAT", "ECAT"])))
        directory.write(
            "19960820/3newsML.xml",
            NewsMLSample.latin1(NewsMLSample.item(id: 3, headline: "None", paragraphs: ["Nothing."], topics: ["E11"])))
        directory.write(
            "19960821/4newsML.xml",
            NewsMLSample.latin1(NewsMLSample.item(id: 4, headline: "Vote", paragraphs: ["Poll."], topics: ["GCAT", "GPOL"])))
        #expect(NewsMLReader.recognizes(directory.path))
        var documents: [Document] = []
        var skipped: [String] = []
        try NewsMLReader(root: directory.path, paperSubset: true, onSkip: { skipped.append($0.id) }).forEachDocument {
            documents.append($0)
        }
        #expect(documents.map(\.id) == ["1", "4"])
        #expect(documents.map(\.label) == ["MCAT", "GCAT"])
        #expect(skipped == ["19960820/2newsML.xml", "19960820/3newsML.xml"])
    }

    static let genuine = (TestSupport.datasets as NSString).appendingPathComponent("rcv1-samples")

    /// Two genuine Reuters items (`rcv1-samples`, not redistributable, so read where they are):
    /// title, paragraphs, topics, and the paper's rule of exactly one top-level topic.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: genuine + "/rcv1_2330.xml"), "no rcv1-samples in the data sets"))
    func readsGenuineReutersItems() throws {
        let bytes = { (name: String) in try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.genuine + "/" + name))) }
        let tylan = try NewsMLItem(bytes: bytes("rcv1_2330.xml"), file: "rcv1_2330.xml")
        #expect(tylan.itemID == "2330" && tylan.date == "1996-08-20" && tylan.language == "en")
        #expect(tylan.title == "USA: Tylan stock jumps; weighs sale of company.")
        #expect(tylan.headline == "Tylan stock jumps; weighs sale of company.")
        #expect(tylan.paragraphs.count == 3 && tylan.paragraphs[0].hasPrefix("The stock of Tylan General Inc. jumped Tuesday"))
        #expect(tylan.paragraphs[2].contains("Goldman, Sachs & Co. has been retained"))
        #expect(tylan.topics == ["C15", "C152", "C18", "C181", "CCAT"])
        #expect(tylan.dublinCore["dc.creator.location"] == "SAN DIEGO")
        let mexico = try NewsMLItem(bytes: bytes("rcv1_2286.xml"), file: "rcv1_2286.xml")
        #expect(mexico.itemID == "2286" && mexico.title == "MEXICO: Recovery excitement brings Mexican markets to life.")
        #expect(mexico.topics == ["E11", "ECAT", "M11", "M12", "MCAT"])
        // As a folder of items: the paper keeps 2330 (CCAT alone) and leaves 2286 (ECAT and MCAT).
        let directory = TemporaryDirectory()
        directory.write("19960820/2286newsML.xml", try bytes("rcv1_2286.xml"))
        directory.write("19960820/2330newsML.xml", try bytes("rcv1_2330.xml"))
        var documents: [Document] = [], skipped: [String] = []
        try NewsMLReader(root: directory.path, paperSubset: true, onSkip: { skipped.append($0.id) }).forEachDocument {
            documents.append($0)
        }
        #expect(documents.map(\.id) == ["2330"] && documents.map(\.label) == ["CCAT"] && skipped == ["19960820/2286newsML.xml"])
        #expect(documents[0].text.hasPrefix("USA: Tylan stock jumps; weighs sale of company.\nTylan stock jumps"))
    }

    @Test func malformedAndMissingPartsAreTypedErrors() {
        #expect(throws: DataFileError.self) {
            try NewsMLItem(bytes: Array("<newsitem itemid=\"1\"><title>x</headline></newsitem>".utf8), file: "bad.xml")
        }
        #expect(throws: DataFileError(file: "empty.xml", .empty)) { try NewsMLItem(bytes: [], file: "empty.xml") }
        #expect(throws: DataFileError.self) { try NewsMLItem(bytes: Array("<other/>".utf8), file: "other.xml") }
        // No topic codes at all: read, with no topics.
        let noTopics = try? NewsMLItem(
            bytes: Array("<newsitem itemid=\"9\"><headline>h</headline><text><p>p</p></text></newsitem>".utf8), file: "9.xml")
        #expect(noTopics?.topics == [] && noTopics?.paragraphs == ["p"])
    }

    /// An external entity must never be resolved: the file it names is not read.
    @Test func externalEntitiesAreNotLoaded() throws {
        let directory = TemporaryDirectory()
        let secret = directory.write("secret.txt", "TOP-SECRET")
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE newsitem [ <!ENTITY leak SYSTEM "file://\(secret)"> ]>
            <newsitem itemid="5"><headline>h &leak;</headline><text><p>body &leak;</p></text></newsitem>
            """
        let item = try NewsMLItem(bytes: Array(xml.utf8), file: "xxe.xml")
        #expect(!item.text.contains("TOP-SECRET"))
    }
}

@Suite struct ZipArchiveTests {
    @Test func readsNewsMLItemsFromADailyZip() throws {
        let directory = TemporaryDirectory()
        let items = [
            ("2286newsML.xml", NewsMLSample.item(id: 2286, headline: "Peso firm", paragraphs: ["The peso rose."], topics: ["ECAT"])),
            ("2287newsML.xml", NewsMLSample.item(id: 2287, headline: "Election", paragraphs: ["Votes counted."], topics: ["GCAT"])),
        ]
        let zip = directory.writeZip("rcv1/19960820.zip", items.map { ($0.0, NewsMLSample.latin1($0.1)) })
        let archive = try ZipArchive(contentsOf: zip)
        #expect(archive.entries.map(\.name).sorted() == ["2286newsML.xml", "2287newsML.xml"])
        var documents: [Document] = []
        try NewsMLReader(root: directory.file("rcv1"), paperSubset: true).forEachDocument { documents.append($0) }
        #expect(documents.map(\.id) == ["2286", "2287"] && documents.map(\.label) == ["ECAT", "GCAT"])
        #expect(try CorpusFormat.detect(directory.file("rcv1")) == .rcv1)
        documents = []
        try NewsMLReader(root: zip).forEachDocument { documents.append($0) }
        #expect(documents.count == 2)
    }

    @Test func decompressionBombsAndDamageAreRefused() throws {
        let directory = TemporaryDirectory()
        // 50 MB of zeros deflate to about 50 KB.
        let zip = directory.writeZip("bomb.zip", [("zeros.xml", [UInt8](repeating: 0, count: 50_000_000))])
        let archive = try ZipArchive(contentsOf: zip)
        #expect(throws: DataFileError.self) { try archive.data(for: archive.entries[0], limit: 1_000_000) }
        // A header that understates the size is caught, not trusted.
        var lying = archive.entries[0]
        lying.uncompressedSize = 1000
        #expect(throws: DataFileError.self) { try archive.data(for: lying) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zip)))
        bytes.removeLast(10)
        #expect(throws: DataFileError.self) { try ZipArchive(bytes: bytes, file: "cut.zip") }
        #expect(throws: DataFileError.self) { try ZipArchive(bytes: Array("not a zip file at all, just text".utf8), file: "text.zip") }
    }
}
