import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// The corpora the project ships, read through the same paths a user takes.
@Suite struct SampleCorpusTests {
    static let corpora: String = {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpora").path
    }()

    func path(_ name: String) -> String { (SampleCorpusTests.corpora as NSString).appendingPathComponent(name) }

    @Test func formatsAreDetected() throws {
        #expect(try CorpusFormat.detect(path("sample")) == .folder)
        #expect(try CorpusFormat.detect(path("newsgroups")) == .newsgroups)
        #expect(try CorpusFormat.detect(path("rcv1")) == .rcv1)
    }

    @Test func sampleFolderClustersByTopicWithKMeans() throws {
        var options = CorpusOptions()
        options.labelsFromSubfolders = true
        let corpus = try TextCorpus(
            source: options.source(for: path("sample")),
            tokenizer: TokenizerSettings(stopWords: StopWords.load("english")))
        let data = corpus.dataset
        #expect(data.count == 120 && data.labelNames == ["computing", "cooking", "football", "gardening", "space"])
        var settings = ClusteringMethod.km.defaultSettings(clusterCount: 5)
        settings.kmeans.restarts = 5
        let run = try ClusteringMethod.km.run(on: data.features, settings: settings, seed: 8905)
        #expect(ClusteringMetrics.accuracy(predicted: run.assignment.clusters, truth: data.labels!) >= 0.9)
        var summary = ClusterSummary(clusters: run.assignment.clusters, clusterCount: 5, labels: data.labels)
        summary.describeText(corpus, run: run, termCount: 5)
        // Each cluster's member terms name its topic: the space cluster speaks of space.
        let space = summary.clusters.first { $0.majorityLabel == 4 }!
        #expect(space.memberTerms.map(\.term).contains { ["space", "orbit", "launch", "mission"].contains($0) })
        #expect(summary.clusters.allSatisfy { $0.typicalDocuments.count == 3 })
    }

    @Test func vectorsDoNotDependOnTheThreadCount() throws {
        var options = CorpusOptions()
        options.labelsFromSubfolders = true
        func read(threads: Int) throws -> TextCorpus {
            try Parallel.withThreadCount(threads) {
                #expect(Parallel.threadCount == threads)
                var settings = TokenizerSettings(stopWords: try StopWords.load("english"))
                settings.ngrams = 2
                return try TextCorpus(source: options.source(for: path("sample")), tokenizer: settings)
            }
        }
        let one = try read(threads: 1)
        for threads in [2, 3] {
            let other = try read(threads: threads)
            #expect(one.vectorizer.vocabulary == other.vectorizer.vocabulary)
            #expect(one.matrix == other.matrix && one.snippets == other.snippets && one.ids == other.ids)
        }
        #expect(Parallel.threadCount == Parallel.machineThreadCount)  // the scope ended
    }

    /// Files are read a block at a time on every core, yet documents, skips and the first
    /// error come in the files' order whatever the thread count.
    @Test func parallelReadingKeepsTheFilesOrder() throws {
        let directory = TemporaryDirectory()
        for i in 0..<150 {
            let name = String(format: "%@/%03d", i % 3 == 0 ? "b" : "a", i)
            if i == 40 || i == 97 {
                directory.write(name + ".bin", "\u{0}\u{1}binary\u{0}")
            } else if i % 25 == 0 {
                directory.write(name + ".html", "<html><head><title>T\(i)</title></head><body><p>page \(i)</p></body></html>")
            } else {
                directory.write(name + ".txt", "document \(i) " + String(repeating: "word\(i % 7) ", count: i))
            }
        }
        func read(threads: Int) throws -> (documents: [Document], skipped: [String]) {
            try Parallel.withThreadCount(threads) {
                var documents: [Document] = [], skipped: [String] = []
                try FolderReader(root: directory.path, labelsFromSubfolders: true) { skipped.append($0.id) }
                    .forEachDocument { documents.append($0) }
                return (documents, skipped)
            }
        }
        let one = try read(threads: 1)
        #expect(one.documents.count == 148 && one.skipped == ["a/040.bin", "a/097.bin"])
        #expect(one.documents.map(\.id) == one.documents.map(\.id).sorted())
        #expect(one.documents.first { $0.id == "a/025.html" }?.title == "T25")
        for threads in [2, 3] {
            let other = try read(threads: threads)
            #expect(other.documents == one.documents && other.skipped == one.skipped)
        }
    }

    @Test func newsgroupsSampleWithAndWithoutRemoval() throws {
        var all: [Document] = []
        try NewsgroupsReader(root: path("newsgroups")).forEachDocument { all.append($0) }
        #expect(all.count == 9 && Set(all.compactMap(\.label)) == ["comp.graphics", "rec.autos", "sci.space"])
        #expect(all.contains { $0.text.contains("writes:") })
        var stripped: [Document] = []
        try NewsgroupsReader(root: path("newsgroups"), removal: [.headers, .footers, .quotes]).forEachDocument { stripped.append($0) }
        #expect(!stripped.contains { $0.text.contains("writes:") || $0.text.contains("Subject:") || $0.text.contains("Sample User |") })
        #expect(stripped.first { $0.id == "sci.space/1002" }?.text.contains("It closes in August") == true)
    }

    @Test func rcv1SampleKeepsThePaperSubset() throws {
        var documents: [Document] = []
        try NewsMLReader(root: path("rcv1"), paperSubset: true).forEachDocument { documents.append($0) }
        #expect(documents.map(\.id) == ["101", "102", "103", "104"])
        #expect(documents.map(\.label) == ["ECAT", "CCAT", "GCAT", "MCAT"])
    }
}
