import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// HTML pages: text content only, scripts and styles dropped, entities decoded, tags between
/// words kept apart; in folders and as a single file; decoded in their charset, any depth, cut
/// with a warning.
@Suite struct HTMLTextTests {
    let page = """
        <!DOCTYPE html><html><head><title>Growing &amp; composting</title><style>.x { color: red }</style>
        <script>var hidden = "tracking";</script></head>
        <body><h1>Soil</h1><p>Compost&nbsp;heaps need <b>air</b><br>and water &lt;daily&gt;.</p>
        <div>caf\u{E9}</div><noscript>enable scripts</noscript><p>unclosed <i>markup
        """

    @Test func textOnlyWithoutScriptsAndStyles() throws {
        let extracted = try HTMLText.extract(Array(page.utf8), file: "page.html")
        #expect(extracted.title == "Growing & composting")
        for word in ["Soil", "Compost\u{A0}heaps", "air", "and water <daily>.", "caf\u{E9}", "unclosed", "markup"] {
            #expect(extracted.text.contains(word), "\(word) in \(extracted.text)")
        }
        for hidden in ["tracking", "color", "enable scripts", "<b>", "<p>"] { #expect(!extracted.text.contains(hidden)) }
        // A block boundary separates words.
        #expect(!extracted.text.contains("Soilcompost") && extracted.text.contains("Soil\n"))
        #expect(try HTMLText.extract([], file: "empty.html").text.isEmpty)
    }

    @Test func htmlInFoldersAndAsAFile() throws {
        let directory = TemporaryDirectory()
        directory.write("site/a.html", page)
        directory.write("site/b.txt", "<p>kept as text</p>")
        var found: [Document] = []
        try FolderReader(root: directory.file("site")).forEachDocument { found.append($0) }
        #expect(found.map(\.title) == ["Growing & composting", "b.txt"])
        #expect(!found[0].text.contains("tracking") && found[1].text == "<p>kept as text</p>")
        #expect(try CorpusFormat.detect(directory.file("site/a.html")) == .html)
        var single: [Document] = []
        try CorpusOptions().source(for: directory.file("site/a.html")).forEachDocument { single.append($0) }
        #expect(single.count == 1 && single[0].text.contains("Compost"))
    }

    @Test func deepMarkupKeepsItsText() throws {
        // libxml2 stops building the tree at depth 256 unless told otherwise; old pages nest
        // unclosed <font> tags by the hundred.
        for depth in [300, 5_000] {
            let deep = "<html><body>" + String(repeating: "<font>", count: depth) + "deepword here</body></html>"
            #expect(try HTMLText.extract(Array(deep.utf8), file: "deep.html").text.contains("deepword here"), "\(depth)")
        }
    }

    @Test func aPageIsDecodedInItsCharsetWithReplacements() throws {
        // Bytes Shift JIS cannot map do not end the page's text.
        let japanese: [UInt8] =
            Array("<html><head><meta charset=\"shift_jis\"></head><body>before ".utf8) + [0x82, 0xA0, 0x20, 0x85, 0x40]
            + Array(" after words</body></html>".utf8)
        let text = try HTMLText.extract(japanese, file: "jis.html").text
        #expect(text.contains("before \u{3042}") && text.contains("after words"), "\(text)")
        let latin: [UInt8] =
            Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?><html><body>caf".utf8) + [0xE9, 0x20, 0x80]
            + Array("</body></html>".utf8)
        #expect(try HTMLText.extract(latin, file: "cp1252.html").text.contains("caf\u{E9} \u{20AC}"))
        // Neither valid UTF-8 nor declared: Latin-1, as the text reader reads it.
        let undeclared: [UInt8] = Array("<p>na".utf8) + [0xEF] + Array("ve</p>".utf8)
        #expect(try HTMLText.extract(undeclared, file: "plain.html").text.contains("na\u{EF}ve"))
    }

    @Test func utf16PagesAndTextWithAByteOrderMarkAreRead() throws {
        let directory = TemporaryDirectory()
        let page = "<html><body>sixteen bit caf\u{E9}</body></html>"
        let little: [UInt8] = [0xFF, 0xFE] + page.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + page.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        directory.write("site/little.html", little)
        directory.write("site/big.html", big)
        directory.write("site/note.txt", [0xFF, 0xFE] + "plain note".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        var found: [Document] = [], skipped: [SkippedDocument] = []
        try FolderReader(root: directory.file("site"), onSkip: { skipped.append($0) }).forEachDocument { found.append($0) }
        #expect(skipped.isEmpty)
        #expect(found.map(\.id) == ["big.html", "little.html", "note.txt"])
        #expect(found[0].text.contains("sixteen bit caf\u{E9}") && found[1].text.contains("sixteen bit caf\u{E9}"))
        #expect(found[2].text == "plain note")
        var single: [Document] = []
        try CorpusOptions().source(for: directory.file("site/little.html")).forEachDocument { single.append($0) }
        #expect(single.count == 1 && single[0].text.contains("sixteen bit"))
    }

    @Test func anInternalSubsetIsNotText() throws {
        let page =
            "<!DOCTYPE html [ <!ENTITY brand \"entityword ]> inside\"> <!ENTITY other 'declared'> ]>\n<html><body>body &brand; text</body></html>"
        let text = try HTMLText.extract(Array(page.utf8), file: "entities.html").text
        #expect(text.contains("body") && text.contains("text"), "\(text)")
        for word in ["ENTITY", "entityword", "inside", "declared"] { #expect(!text.contains(word), "\(word) in \(text)") }
        // A later DOCTYPE-like string is the page's own text.
        let later = "<html><body><pre>&lt;!DOCTYPE x [ kept ]&gt;</pre></body></html>"
        #expect(try HTMLText.extract(Array(later.utf8), file: "later.html").text.contains("kept"))
    }

    @Test func aPageLongerThanTheLimitIsCutWithAWarning() throws {
        let directory = TemporaryDirectory()
        directory.write("site/long.html", "<html><body>" + String(repeating: "word ", count: 2_000) + "</body></html>")
        directory.write("site/short.html", "<html><body>short page</body></html>")
        var reader = FolderReader(root: directory.file("site"))
        reader.documentByteLimit = 4_000
        var warned: [String] = []
        let corpus = try TextCorpus(source: reader, maximumDocumentBytes: 4_000, onTruncate: { warned.append($0.id) })
        #expect(warned == ["long.html"])
        #expect(corpus.count == 2)
    }
}
