import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct NewsgroupsReaderTests {
    let message = """
        From: someone@example.com (Some One)
        Subject: Re: Orbit question
        Lines: 9

        In article <1@example.com> other@example.com writes:
        > Is the orbit stable?
        It is stable for now.
        Really.

        --
        Some One | signature line
        """

    @Test func removalFollowsScikitLearn() {
        let parsed = NewsgroupsMessage(text: message)
        #expect(parsed.header("subject") == "Re: Orbit question")
        #expect(parsed.removing([]) == message)
        #expect(parsed.removing(.headers).hasPrefix("In article"))
        #expect(parsed.removing(.quotes).contains("> Is") == false)
        #expect(parsed.removing(.quotes).contains("From: someone"))
        // The footer starts at the last line of dashes (or blank): here "--".
        #expect(parsed.removing([.headers, .footers, .quotes]) == "It is stable for now.\nReally.\n")
        #expect(NewsgroupsMessage(text: "no blank line here").removing(.headers) == "")
    }

    /// dkm's default keeps the Subject and the whole body but the signature; footers (scikit-learn's)
    /// would also cut the last paragraph, which boilerplate keeps.
    @Test func boilerplateRemovalKeepsTheSubjectAndTheLastParagraph() {
        let parsed = NewsgroupsMessage(text: message)
        #expect(
            parsed.removing(.boilerplate) == "Re: Orbit question\n\nIn article <1@example.com> other@example.com writes:\n"
                + "> Is the orbit stable?\nIt is stable for now.\nReally.\n")
        let signed = NewsgroupsMessage(
            text: "From: a\nNNTP-Posting-Host: host.example\nSubject: Engines\n\nFirst.\n\nLast words.\n-- \nA. Person\nPhone 555\n")
        #expect(signed.removing(.boilerplate) == "Engines\n\nFirst.\n\nLast words.")
        // Without a signature, footers cut the last paragraph; boilerplate keeps it.
        let unsigned = NewsgroupsMessage(text: "Subject: Engines\n\nFirst.\n\nLast words.\n")
        #expect(unsigned.removing(.footers) == "Subject: Engines\n\nFirst.")
        #expect(unsigned.removing(.boilerplate) == "Engines\n\nFirst.\n\nLast words.\n")
        // A dash line far from the end is text, not a signature; no Subject leaves the body alone.
        let early = NewsgroupsMessage(text: "Subject: x\n\n----\n" + (1...12).map { "line \($0)" }.joined(separator: "\n"))
        #expect(early.removing(.signature).hasSuffix("line 12") && early.removing(.signature).contains("----"))
        #expect(NewsgroupsMessage(text: "Lines: 3\n\nbody").removing(.boilerplate) == "body")
        #expect(NewsgroupsMessage.Removal(names: "boilerplate,quotes") == [.headersButSubject, .signature, .quotes])
        #expect(NewsgroupsMessage.Removal(names: "none") == [] && NewsgroupsMessage.Removal(names: "headers,bogus") == nil)
    }

    func writeTree(_ directory: TemporaryDirectory) {
        directory.write("news/20news-bydate-train/sci.space/10", "Subject: moon\n\nThe moon orbits.")
        directory.write("news/20news-bydate-train/sci.space/9", "Subject: mars\n\nMars rover.")
        // "café" in Latin-1: not valid UTF-8.
        directory.write("news/20news-bydate-train/rec.autos/5", Array("Subject: caf".utf8) + [0xE9] + Array("\n\nMy car".utf8))
        directory.write("news/20news-bydate-test/rec.autos/7", "Subject: wheels\n\nWheels and tires.")
        directory.write("news/20news-bydate-test/.DS_Store", "junk")
    }

    @Test func bydateLayoutInSortedOrderWithLatin1Fallback() throws {
        let directory = TemporaryDirectory()
        writeTree(directory)
        #expect(NewsgroupsReader.recognizes(directory.file("news")))
        var documents: [Document] = []
        try NewsgroupsReader(root: directory.file("news")).forEachDocument { documents.append($0) }
        // String order of file names, as scikit-learn's load_files: "10" before "9".
        #expect(
            documents.map(\.id) == [
                "20news-bydate-train/rec.autos/5", "20news-bydate-train/sci.space/10",
                "20news-bydate-train/sci.space/9", "20news-bydate-test/rec.autos/7",
            ])
        #expect(documents.map(\.label) == ["rec.autos", "sci.space", "sci.space", "rec.autos"])
        #expect(documents[0].title == "café")
        #expect(documents[0].text.hasSuffix("My car"))
    }

    @Test func flatLayoutAndOrderFile() throws {
        let directory = TemporaryDirectory()
        directory.write("flat/comp.graphics/1", "Subject: a\n\nbody a")
        directory.write("flat/comp.graphics/2", "Subject: b\n\nbody b")
        directory.write("flat/alt.atheism/3", "Subject: c\n\nbody c")
        #expect(NewsgroupsReader.recognizes(directory.file("flat")))
        var ids: [String] = []
        try NewsgroupsReader(root: directory.file("flat")).forEachDocument { ids.append($0.id) }
        #expect(ids == ["alt.atheism/3", "comp.graphics/1", "comp.graphics/2"])
        let orderFile = directory.write(
            "order.tsv", "index\tpath\tlabel\tgroup\n0\tcomp.graphics/2\t1\tcomp.graphics\n1\talt.atheism/3\t0\talt.atheism\n")
        let order = try NewsgroupsReader.readOrder(orderFile)
        ids = []
        try NewsgroupsReader(root: directory.file("flat"), order: order).forEachDocument { ids.append($0.id) }
        #expect(ids == ["comp.graphics/2", "alt.atheism/3"])
        let badOrder = directory.write("bad.tsv", "index\tfile\n0\tx\n")
        #expect(throws: DataFileError.self) { try NewsgroupsReader.readOrder(badOrder) }
        let missing = directory.write("missing.tsv", "path\nnot/there\n")
        #expect(throws: DataFileError.self) {
            try NewsgroupsReader(root: directory.file("flat"), order: NewsgroupsReader.readOrder(missing)).forEachDocument { _ in }
        }
    }
}

@Suite struct FolderReaderTests {
    @Test func readsTextSkipsBinaryAndHiddenAndLabelsBySubfolder() throws {
        let directory = TemporaryDirectory()
        directory.write("docs/sports/b.txt", "Football season")
        directory.write("docs/sports/a.md", "Tennis final")
        directory.write("docs/science/deep/x.txt", "Quantum physics")
        directory.write("docs/top.txt", "No folder")
        directory.write("docs/.hidden.txt", "secret")
        directory.write("docs/.git/config", "junk")
        directory.write("docs/science/image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        directory.write("docs/science/latin1.txt", [0x63, 0x61, 0x66, 0xE9])  // "café" in Latin-1
        var skipped: [SkippedDocument] = []
        var documents: [Document] = []
        let reader = FolderReader(root: directory.file("docs"), labelsFromSubfolders: true, onSkip: { skipped.append($0) })
        try reader.forEachDocument { documents.append($0) }
        #expect(documents.map(\.id) == ["science/deep/x.txt", "science/latin1.txt", "sports/a.md", "sports/b.txt", "top.txt"])
        #expect(documents.map(\.label) == ["science", "science", "sports", "sports", nil])
        #expect(documents[1].text == "café")
        #expect(skipped == [SkippedDocument(id: "science/image.png", reason: "binary file")])
    }

    @Test func emptyAndMissingFoldersAreErrors() {
        let directory = TemporaryDirectory()
        try? FileManager.default.createDirectory(atPath: directory.file("empty"), withIntermediateDirectories: true)
        #expect(throws: DataFileError.self) { try FolderReader(root: directory.file("empty")).forEachDocument { _ in } }
        #expect(throws: DataFileError(file: directory.file("nope"), .notFound)) {
            try FolderReader(root: directory.file("nope")).forEachDocument { _ in }
        }
    }
}

/// Ten numbered documents, for wrappers of sources.
struct NumberedSource: DocumentSource {
    func forEachDocument(_ body: (Document) throws -> Void) throws {
        for i in 0..<10 { try body(Document(id: String(i), text: "doc \(i)")) }
    }
}

@Suite struct SampledSourceTests {
    func ids(_ source: DocumentSource) throws -> [Int] {
        var ids: [Int] = []
        try source.forEachDocument { ids.append(Int($0.id)!) }
        return ids
    }

    @Test func sampleIsSeededUniqueAndInSourceOrder() throws {
        let first = try ids(SampledSource(NumberedSource(), count: 4, seed: 7))
        #expect(first.count == 4 && first == first.sorted() && Set(first).count == 4)
        #expect(try ids(SampledSource(NumberedSource(), count: 4, seed: 7)) == first)
        #expect(try ids(SampledSource(NumberedSource(), count: 20, seed: 7)) == Array(0..<10))
        // Every document can be drawn: over many seeds each appears.
        var seen = Set<Int>()
        for seed in 0..<50 { seen.formUnion(try ids(SampledSource(NumberedSource(), count: 2, seed: UInt64(seed)))) }
        #expect(seen == Set(0..<10))
    }
}

@Suite struct EmptyDocumentTests {
    @Test func emptyBodiesGiveZeroRowsAndAllEmptyIsAnError() throws {
        let directory = TemporaryDirectory()
        directory.write("news/sci.space/1", "Subject: only headers\nFrom: a@b.c\n")
        directory.write("news/sci.space/2", "Subject: rockets\n\nRockets and orbits and rockets.")
        let corpus = try TextCorpus(source: NewsgroupsReader(root: directory.file("news"), removal: .headers))
        #expect(corpus.count == 2)
        #expect(corpus.matrix.rowStarts[1] == 0)  // the empty body is an all-zero row
        #expect(corpus.vectorizer.vocabulary == ["and", "orbits", "rockets"])
        directory.write("blank/a.txt", "   \n")
        directory.write("blank/b.txt", "!!! ...")
        #expect(throws: VectorizerError.emptyVocabulary(documents: 2)) {
            try TextCorpus(source: FolderReader(root: directory.file("blank")))
        }
    }
}

@Suite struct BadDocumentTests {
    @Test func malformedItemsStopTheRunUnlessSkipped() throws {
        let directory = TemporaryDirectory()
        directory.write(
            "rcv1/1newsML.xml", NewsMLSample.latin1(NewsMLSample.item(id: 1, headline: "Fine", paragraphs: ["ok"], topics: ["CCAT"])))
        directory.write("rcv1/2newsML.xml", "<newsitem itemid=\"2\"><headline>broken</text></newsitem>")
        directory.write(
            "rcv1/3newsML.xml", NewsMLSample.latin1(NewsMLSample.item(id: 3, headline: "Also fine", paragraphs: ["ok"], topics: ["ECAT"])))
        var seen: [String] = []
        #expect(throws: DataFileError.self) {
            try NewsMLReader(root: directory.file("rcv1")).forEachDocument { seen.append($0.id) }
        }
        #expect(seen == ["1"])  // stopped at the bad one
        var skipped: [SkippedDocument] = []
        var reader = NewsMLReader(root: directory.file("rcv1"), onSkip: { skipped.append($0) })
        reader.badDocuments = .skip
        seen = []
        try reader.forEachDocument { seen.append($0.id) }
        #expect(seen == ["1", "3"])
        #expect(skipped.map(\.id) == ["2newsML.xml"] && skipped[0].reason.contains("malformed XML at line 1"))
    }

    @Test func unreadableMessagesStopTheRunUnlessSkipped() throws {
        let directory = TemporaryDirectory()
        directory.write("news/sci.space/1", "Subject: a\n\nfirst")
        // A folder where a message file should be cannot be read as one.
        try FileManager.default.createDirectory(atPath: directory.file("news/sci.space/2"), withIntermediateDirectories: true)
        directory.write("news/sci.space/3", "Subject: c\n\nthird")
        let order = ["sci.space/1", "sci.space/2", "sci.space/3"]
        #expect(throws: DataFileError.self) {
            try NewsgroupsReader(root: directory.file("news"), order: order).forEachDocument { _ in }
        }
        var reader = NewsgroupsReader(root: directory.file("news"), order: order)
        var skipped: [String] = []
        reader.badDocuments = .skip
        reader.onSkip = { skipped.append($0.id) }
        var ids: [String] = []
        try reader.forEachDocument { ids.append($0.id) }
        #expect(ids == ["sci.space/1", "sci.space/3"] && skipped == ["sci.space/2"])
    }
}

@Suite struct DocumentSizeTests {
    @Test func oversizedDocumentsAreCutWithAWarning() throws {
        let directory = TemporaryDirectory()
        directory.write("docs/long.txt", "alpha beta " + String(repeating: "gamma ", count: 100) + "omega")
        directory.write("docs/short.txt", "alpha omega")
        var truncated: [String] = []
        let corpus = try TextCorpus(
            source: FolderReader(root: directory.file("docs")), maximumDocumentBytes: 40,
            onTruncate: { truncated.append($0.id) })
        #expect(truncated == ["long.txt"])
        // "omega" lies beyond the cut in long.txt, so only short.txt has it.
        let omega = corpus.vectorizer.vocabulary.firstIndex(of: "omega")!
        #expect(corpus.matrix.toDense()[0, omega] == 0 && corpus.matrix.toDense()[1, omega] > 0)
    }
}
