import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// PDF, DOCX, ODT and EPUB files read as their text (Tests/Fixtures/documents, written by
/// scripts/make-document-fixtures.py): the words a reader sees, never the markup, metadata,
/// deleted revisions or comments, in folders, archives and alone, told by name or content.
@Suite struct PackedDocumentTests {
    static let fixtures = TestSupport.repositoryRoot.appendingPathComponent("Tests/Fixtures/documents").path
    static func fixture(_ name: String) -> String { (fixtures as NSString).appendingPathComponent(name) }

    /// Each file's words, in order, lower-cased (what the tokenizer would count, stop words kept).
    func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    @Test func eachKindYieldsItsTextAndTitleOnly() throws {
        let expected: [(file: String, title: String, words: String)] = [
            ("orbit-notes.pdf", "Orbit notes", "rocket launch to orbit the satellite reached orbit second page telescope and comet"),
            ("soil-report.docx", "Soil report", "compost feeds the soil mulch keeps roots moist seedlings boxword tomato basil"),
            ("bread-recipe.odt", "Bread recipe", "bread knead the dough then bake at dawn flour and yeast salt too"),
            ("comet-book.epub", "Comet book", "two telescope first one tail the comet tail glows"),
        ]
        for (file, title, wanted) in expected {
            let document = try DocumentFileReader(path: Self.fixture(file)).document()
            #expect(words(document.text) == wanted.split(separator: " ").map(String.init), "\(file): \(document.text)")
            #expect(document.title == title && document.id == file)
        }
        // Layout survives where it separates words: a DOCX tab and break, ODT spaces, tabs, line breaks.
        let docx = try DocumentFileReader(path: Self.fixture("soil-report.docx")).document().text
        #expect(docx.contains("Compost\tfeeds the soil\nMulch keeps\nroots moist\n"))
        let odt = try DocumentFileReader(path: Self.fixture("bread-recipe.odt")).document().text
        #expect(odt.contains("Knead the dough\tthen bake\nat dawn"))
    }

    @Test func aPDFWithoutATextLayerAndADamagedOneAreNamed() throws {
        #expect {
            try DocumentFileReader(path: Self.fixture("scanned.pdf")).document()
        } throws: { "\($0)".contains("scanned.pdf") && "\($0)".contains("without a text layer") }
        let directory = TemporaryDirectory()
        let broken = directory.write("broken.pdf", "%PDF-1.4 and then nothing a PDF needs")
        #expect { try DocumentFileReader(path: broken).document() } throws: {
            "\($0)".contains("broken.pdf") && "\($0)".contains("not a readable PDF")
        }
        let notZip = directory.write("broken.docx", "PK\u{3}\u{4} truncated")
        #expect { try DocumentFileReader(path: notZip).document() } throws: { "\($0)".contains("broken.docx") }
        // In a folder or an archive, a damaged one stops the read, or with --skip-bad is passed over.
        directory.write("papers/fine.txt", "plain words")
        try FileManager.default.moveItem(atPath: broken, toPath: directory.file("papers/broken.pdf"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = ["-cf", directory.file("papers.tar"), "-C", directory.path, "papers"]
        try process.run()
        process.waitUntilExit()
        for input in ["papers", "papers.tar"] {
            var options = CorpusOptions()
            #expect { try options.source(for: directory.file(input)).forEachDocument { _ in } } throws: { "\($0)".contains("broken.pdf") }
            let skipped = RecordReaderTests.Skipped()
            options.onSkip = { skipped.add($0) }
            options.badDocuments = .skip
            var ids: [String] = []
            try options.source(for: directory.file(input)).forEachDocument { ids.append($0.id) }
            #expect(ids == ["fine.txt"] && skipped.all.map(\.id) == ["broken.pdf"], "\(input)")
        }
    }

    @Test func aFolderAndAnArchiveOfThemReadAlike() throws {
        let directory = TemporaryDirectory()
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.fixtures) {
            try FileManager.default.copyItem(atPath: Self.fixture(file), toPath: directory.file("papers/" + file).creatingFolder())
        }
        // Told by content alone: a DOCX without its extension, and a text file that only starts like a PDF.
        try FileManager.default.copyItem(atPath: Self.fixture("soil-report.docx"), toPath: directory.file("papers/report"))
        directory.write("papers/version.txt", "%PDF-1.7 is the version this note is about")
        let skipped = RecordReaderTests.Skipped()
        var options = CorpusOptions()
        options.onSkip = { skipped.add($0) }
        var folder: [Document] = []
        try options.source(for: directory.file("papers")).forEachDocument { folder.append($0) }
        #expect(
            folder.map(\.id) == ["bread-recipe.odt", "comet-book.epub", "orbit-notes.pdf", "report", "soil-report.docx", "version.txt"])
        #expect(folder[3].text == folder[4].text && folder[3].title == "Soil report")
        #expect(folder[5].text.hasPrefix("%PDF-1.7 is the version"))
        #expect(skipped.all.map(\.id) == ["scanned.pdf"] && skipped.all[0].reason.contains("text layer"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = ["-czf", directory.file("papers.tar.gz"), "-C", directory.path, "papers"]
        try process.run()
        process.waitUntilExit()
        var archived: [Document] = []
        try options.source(for: directory.file("papers.tar.gz")).forEachDocument { archived.append($0) }
        #expect(archived.map(\.id) == folder.map(\.id) && archived.map(\.text) == folder.map(\.text))
        #expect(archived.map(\.title) == folder.map(\.title))
    }

    @Test func aLargePackedFileIsReadWholeThoughItsTextIsCut() throws {
        // A PDF beyond the document limit is still read (its text is small); a text file is cut.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture("orbit-notes.pdf"))))
        let directory = TemporaryDirectory()
        directory.write("big/orbit.pdf", bytes)
        directory.write("big/orbit", bytes)
        var options = CorpusOptions()
        options.maximumDocumentBytes = 100
        var found: [Document] = []
        try options.source(for: directory.file("big")).forEachDocument { found.append($0) }
        #expect(found.map(\.id) == ["orbit", "orbit.pdf"])
        #expect(found.allSatisfy { words($0.text).starts(with: ["rocket", "launch"]) })
    }

    @Test func singleFilesAreDocumentsForClusterAndAssign() throws {
        #expect(try CorpusFormat.detect(Self.fixture("comet-book.epub")) == .document)
        #expect(try CorpusFormat.detect(Self.fixture("soil-report.docx")) == .document)
        let placed = try DocumentFiles.documents(
            [Self.fixture("bread-recipe.odt"), Self.fixture("orbit-notes.pdf")], options: CorpusOptions())
        #expect(placed.map(\.id) == [Self.fixture("bread-recipe.odt"), Self.fixture("orbit-notes.pdf")])
        #expect(placed.map { words($0.text).first } == ["bread", "rocket"])
    }
}

private extension String {
    /// The path, after creating its parent folder.
    func creatingFolder() throws -> String {
        try FileManager.default.createDirectory(atPath: (self as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return self
    }
}
