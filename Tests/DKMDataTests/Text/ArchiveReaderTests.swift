import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// Archives of a folder, read in place through libarchive: tar, tar.gz and zip; a 20 Newsgroups
/// tree inside; damaged archives named in the error.
@Suite struct ArchiveReaderTests {
    func tar(_ directory: TemporaryDirectory, _ folder: String, to name: String, options: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = [options, directory.file(name), "-C", directory.path, folder]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return directory.file(name)
    }

    func documents(_ path: String, labels: Bool = false, removal: NewsgroupsMessage.Removal = []) throws -> ([Document], [String]) {
        var options = CorpusOptions()
        options.labelsFromSubfolders = labels
        options.removal = removal
        let skipped = RecordReaderTests.Skipped()
        options.onSkip = { skipped.add($0) }
        var found: [Document] = []
        try options.source(for: path).forEachDocument { found.append($0) }
        return (found, skipped.all.map(\.id))
    }

    @Test func tarGzOfAFolderReadsLikeTheFolder() throws {
        let directory = TemporaryDirectory()
        directory.write("notes/space/b.txt", "orbit and launch")
        directory.write(
            "notes/space/a.html", "<html><head><title>Moon</title><script>x()</script></head><body><p>lunar probe</p></body></html>")
        directory.write("notes/garden/c.txt", "compost and seedlings")
        directory.write("notes/garden/.hidden.txt", "never read")
        directory.write("notes/garden/blob.bin", [0, 1, 2, 0, 0, 7])
        for (name, options) in [("notes.tar.gz", "-czf"), ("notes.tar", "-cf"), ("notes.tgz", "-czf"), ("notes.tar.xz", "-cJf")] {
            let path = try tar(directory, "notes", to: name, options: options)
            #expect(try CorpusFormat.detect(path) == .archive)
            let (found, skipped) = try documents(path, labels: true)
            #expect(found.map(\.id) == ["garden/c.txt", "space/a.html", "space/b.txt"])
            #expect(found.map(\.label) == ["garden", "space", "space"])
            #expect(found[1].title == "Moon" && found[1].text.contains("lunar probe") && !found[1].text.contains("x()"))
            #expect(skipped == ["garden/blob.bin"])
            // The same documents as the folder itself.
            var folder: [Document] = []
            var reader = FolderReader(root: directory.file("notes"), labelsFromSubfolders: true)
            reader.onSkip = { _ in }
            try reader.forEachDocument { folder.append($0) }
            #expect(folder.map(\.text) == found.map(\.text))
        }
    }

    /// An archive reads as its folder unpacked: `./` names (`tar -C notes -czf x.tgz .`), a path
    /// stored twice as its later copy, a hard-linked file once, under its first name, in the
    /// archive and in the folder alike.
    @Test func archivesReadAsTheirFolderUnpacked() throws {
        let directory = TemporaryDirectory()
        directory.write("notes/b.txt", "orbit and launch")
        directory.write("notes/sub/c.txt", "compost and seedlings")
        #expect(link(directory.file("notes/sub/c.txt"), directory.file("notes/a.txt")) == 0)
        func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0)
        }
        try run(["-C", directory.file("notes"), "-czf", directory.file("dot.tgz"), "."])
        var folder: [Document] = [], skipped: [String] = []
        var reader = FolderReader(root: directory.file("notes"))
        reader.onSkip = { skipped.append($0.id + ": " + $0.reason) }
        try reader.forEachDocument { folder.append($0) }
        #expect(folder.map(\.id) == ["a.txt", "b.txt"] && skipped == ["sub/c.txt: the same file as an earlier one (a hard link)"])
        let packed = try documents(directory.file("dot.tgz")).0
        #expect(packed.map(\.id) == folder.map(\.id) && packed.map(\.text) == folder.map(\.text))

        directory.write("one/a.txt", "the first copy")
        try run(["-cf", directory.file("twice.tar"), "-C", directory.path, "one/a.txt"])
        directory.write("one/a.txt", "the second copy")
        try run(["-rf", directory.file("twice.tar"), "-C", directory.path, "one/a.txt"])
        #expect(try documents(directory.file("twice.tar")).0.map(\.text) == ["the second copy"])

        let zip = directory.writeZip("dot.zip", [("./x.txt", Array("a note".utf8)), ("./y/z.txt", Array("another".utf8))])
        #expect(try documents(zip).0.map(\.id) == ["x.txt", "y/z.txt"])
    }

    @Test func zipOfAFolderAndAZipOfNewsMLItems() throws {
        let directory = TemporaryDirectory()
        let zip = directory.writeZip("notes.zip", [("notes/a.txt", Array("first note".utf8)), ("notes/b.txt", Array("second".utf8))])
        #expect(try CorpusFormat.detect(zip) == .archive)
        #expect(try documents(zip).0.map(\.text) == ["first note", "second"])
        let items = directory.writeZip(
            "items.zip",
            [
                (
                    "1newsML.xml",
                    Array(
                        NewsMLSample.item(
                            id: 1, headline: "h", paragraphs: ["p"],
                            topics: ["ECAT"]
                        ).utf8)
                )
            ])
        #expect(try CorpusFormat.detect(items) == .rcv1)
    }

    @Test func aNewsgroupsTreeInsideIsReadAsMessages() throws {
        let directory = TemporaryDirectory()
        directory.write("news/20news-bydate-test/sci.space/9", "Subject: Orbits\n\nLow orbit.\n")
        directory.write("news/20news-bydate-train/sci.space/10", "Subject: Launch\n\nA launch.\n> quoted\n")
        directory.write("news/20news-bydate-train/rec.autos/2", "From: a@b\nSubject: Cars\n\nEngines.\n")
        let path = try tar(directory, "news", to: "news.tar.gz", options: "-czf")
        let (found, _) = try documents(path, removal: [.headers, .quotes])
        // Train first, then groups and files in string order, as NewsgroupsReader.
        #expect(
            found.map(\.id) == ["20news-bydate-train/rec.autos/2", "20news-bydate-train/sci.space/10", "20news-bydate-test/sci.space/9"])
        #expect(found.map(\.label) == ["rec.autos", "sci.space", "sci.space"])
        #expect(found.map(\.title) == ["Cars", "Launch", "Orbits"])
        #expect(!found[1].text.contains("quoted") && !found[0].text.contains("From:"))
    }

    @Test func damagedAndOversizedArchives() throws {
        let directory = TemporaryDirectory()
        directory.write("notes/a.txt", String(repeating: "word ", count: 1000))
        let path = try tar(directory, "notes", to: "notes.tar.gz", options: "-czf")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.removeLast(bytes.count / 2)
        directory.write("cut.tar.gz", bytes)
        #expect(throws: DataFileError.self) { try documents(directory.file("cut.tar.gz")) }
        directory.write("junk.tar.gz", Array("not an archive".utf8))
        let error = #expect(throws: DataFileError.self) { try documents(directory.file("junk.tar.gz")) }
        #expect(error?.file.hasSuffix("junk.tar.gz") == true)
        var reader = ArchiveReader(path: path)
        reader.documentByteLimit = 100
        var cut: [Document] = []
        try reader.forEachDocument { cut.append($0) }
        #expect(cut.count == 1 && cut[0].text.utf8.count == 101)
        reader.totalByteLimit = 1000
        #expect(throws: DataFileError(file: path, .tooLarge(limitBytes: 1000))) { try reader.forEachDocument { _ in } }
    }
}
