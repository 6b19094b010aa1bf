import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// A folder of PDF, DOCX, ODT and EPUB files, as a user's folder of documents: `cluster` reads
/// each one's text and keeps the clusters; `assign` places such a file given by name.
@Suite struct PackedDocumentsCommandTests {
    static let fixtures = TestSupport.repositoryRoot.appendingPathComponent("Tests/Fixtures/documents").path

    @Test func aFolderOfPDFDOCXODTAndEPUBFilesClusters() throws {
        let directory = TemporaryDirectory()
        let folder = directory.file("papers")
        try FileManager.default.copyItem(atPath: Self.fixtures, toPath: folder)
        let cli = CommandLineTests()
        let clustered = try cli.dkm([
            "cluster", folder, "--k", "2", "--method", "km", "--stop-words", "english",
            "--out", directory.file("run"),
        ])
        #expect(clustered.status == 0, "\(clustered.errors)")
        #expect(clustered.errors.contains("skipped scanned.pdf: a PDF without a text layer"))
        // Space (the PDF and the EPUB) apart from food and garden (the ODT and the DOCX), each titled by its metadata.
        let rows = try String(contentsOfFile: directory.file("run/assignments.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let cluster = Dictionary(uniqueKeysWithValues: rows.map { (String($0[0]), String($0[2])) })
        #expect(cluster.keys.sorted() == ["bread-recipe.odt", "comet-book.epub", "orbit-notes.pdf", "soil-report.docx"])
        #expect(cluster["orbit-notes.pdf"] == cluster["comet-book.epub"] && cluster["soil-report.docx"] == cluster["bread-recipe.odt"])
        #expect(cluster["orbit-notes.pdf"] != cluster["soil-report.docx"])
        #expect(clustered.output.contains("orbit-notes.pdf: Orbit notes") && clustered.output.contains("comet-book.epub: Comet book"))
        let vocabulary = try String(contentsOfFile: directory.file("run/model/model.json"), encoding: .utf8)
        for markup in ["\"metadataauthor\"", "\"deletedword\"", "\"commentword\"", "\"scriptword\"", "\"navword\"", "\"styleword\""] {
            #expect(!vocabulary.contains(markup), "\(markup) is not text")
        }
        // A new document of each kind, named alone, is placed as one document by its text.
        let placed = try cli.dkm([
            "assign", "--model", directory.file("run/model"), folder + "/orbit-notes.pdf",
            folder + "/soil-report.docx",
        ])
        #expect(placed.status == 0, "\(placed.errors)")
        let lines = placed.output.split(separator: "\n")
        #expect(
            lines.count == 2 && lines[0].contains("orbit-notes.pdf\t") && lines[0].contains("cluster \(cluster["orbit-notes.pdf"]!)"),
            "\(placed.output)")
    }
}
