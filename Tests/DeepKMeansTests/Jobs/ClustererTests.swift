import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// The library API drives whole jobs without the command line.
@Suite struct ClustererTests {
    static let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path

    @Test func clustersACorpusPredictsAndRoundTripsTheModel() throws {
        var reader = FolderReader(root: ClustererTests.sample, labelsFromSubfolders: true)
        reader.badDocuments = .stop
        let corpus = try TextCorpus(source: reader, tokenizer: TokenizerSettings(stopWords: StopWords.load("english")))
        var clusterer = Clusterer(clusterCount: 5, method: .km)
        clusterer.seed = 8905
        let fitted = try clusterer.fit(corpus)
        #expect(fitted.labels.count == 120)
        #expect(Set(fitted.labels) == Set(0..<5))
        #expect(fitted.centers.rows == 5 && fitted.centers.columns == corpus.matrix.columns)
        // The sample's five topics are separated by k-means (docs/usage.md, the walkthrough), so the scores say so.
        let scores = try #require(fitted.scores)
        #expect(scores.acc > 0.95)
        #expect(fitted.summary.clusters.allSatisfy { !$0.memberTerms.isEmpty })
        // Predicting a training document gives its own cluster, before and after a save and load.
        let document = Document(
            id: "again", text: try String(contentsOfFile: ClustererTests.sample + "/cooking/cooking-01.txt", encoding: .utf8))
        let index = try #require(corpus.ids.firstIndex(of: "cooking/cooking-01.txt"))
        #expect(try fitted.predict([document]).map(\.cluster) == [fitted.labels[index]])
        let directory = TemporaryDirectory()
        try fitted.model.save(to: directory.path)
        #expect(try ClusteringModel.load(from: directory.path).place([document]).map(\.cluster) == [fitted.labels[index]])
    }

    @Test func documentsWithoutAVocabularyTermAreInNoClusterAndReported() throws {
        // The sample, then an empty document and one of stop words only, labelled like the rest.
        var documents: [Document] = []
        try FolderReader(root: ClustererTests.sample, labelsFromSubfolders: true).forEachDocument { documents.append($0) }
        documents += [Document(id: "blank", text: "", label: "space"), Document(id: "filler", text: "the and of it", label: "cooking")]
        let corpus = try TextCorpus(
            source: InMemorySource(documents: documents),
            tokenizer: TokenizerSettings(stopWords: StopWords.load("english")))
        var clusterer = Clusterer(clusterCount: 5, method: .km)
        clusterer.seed = 8905
        let fitted = try clusterer.fit(corpus)
        let unassigned = try #require(fitted.unassigned)
        #expect(unassigned.count == 2 && unassigned.ids == ["blank", "filler"] && unassigned.labels == ["space", "cooking"])
        #expect(fitted.report.unassigned == unassigned)
        // Trained and scored on the 120 that have terms: the clusters sum to them, k-means still separates them.
        #expect(fitted.labels.count == 120 && fitted.report.points == 120)
        #expect(fitted.summary.clusters.map(\.size).reduce(0, +) == 120)
        #expect(try #require(fitted.scores).acc > 0.95)
        // assignments.csv: the two last, as dkm assign writes them (no cluster, distance or weight).
        let rows = try fitted.assignmentsCSV.split(separator: "\n").map(String.init)
        let header = try #require(rows.first)
        #expect(rows.count == 1 + 122)
        #expect(rows.suffix(2) == ["blank,unassigned,,,,space,,,,,", "filler,unassigned,,,,cooking,,,,,"])
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == header.split(separator: ",").count })
        #expect(!rows.dropFirst().dropLast(2).contains { $0.contains("unassigned") })
        #expect(fitted.text.contains("2 document(s) with no term of the vocabulary are in no cluster"))
        #expect(try fitted.htmlReport(title: "t", map: .pca).contains("2 document(s) hold no term of the vocabulary"))
        // clusters.json keeps them through a round trip.
        let decoded = try JSONDecoder().decode(ClusterReport.self, from: JSONEncoder().encode(fitted.report))
        #expect(decoded.unassigned == unassigned)
        // Asking for more clusters than documents with terms is refused before training, saying why.
        let few = try TextCorpus(
            source: InMemorySource(documents: Array(documents.prefix(3)) + documents.suffix(2)),
            tokenizer: TokenizerSettings(stopWords: StopWords.load("english")))
        let error = #expect(throws: (any Error).self) { try Clusterer(clusterCount: 4, method: .km).fit(few) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("only 3 document(s) hold a term"), "\(String(describing: error))")
    }

    @Test func theAutomaticMethodTrainsKMeansOnASmallCorpusAndSaysSo() throws {
        let corpus = try TextCorpus(source: FolderReader(root: ClustererTests.sample, labelsFromSubfolders: true))
        var clusterer = Clusterer(clusterCount: 5)
        #expect(clusterer.method == .automatic)
        var start: Clusterer.Start?
        clusterer.onStart = { start = $0 }
        let fitted = try clusterer.fit(corpus)
        #expect(start?.method == .km && start?.tooFewForDeepModel == true)
        #expect(fitted.report.method == .km)
        // The same corpus with the deep model named is trained as named.
        clusterer.method = .method(.aeKMeans)
        clusterer.settings = { method, k, _ in
            var settings = method.settings(.recommended, clusterCount: k, for: .tfidf)
            settings.pretrainEpochs = 1
            return settings
        }
        _ = try clusterer.fit(corpus)
        #expect(start?.method == .aeKMeans && start?.tooFewForDeepModel == false)
    }

    @Test func theAutomaticMethodDependsOnTheCorpusSizeForTextOnly() {
        let smallest = MethodChoice.smallestCorpusForDeepModel
        #expect(MethodChoice.automatic.resolved(points: smallest - 1, kind: .tfidf) == .km)
        #expect(MethodChoice.automatic.resolved(points: smallest, kind: .tfidf) == .dkmPretrained)
        #expect(MethodChoice.automatic.resolved(points: 100, kind: .numeric) == .dkmPretrained)
        #expect(MethodChoice.method(.dcnPretrained).resolved(points: 100, kind: .tfidf) == .dcnPretrained)
        #expect(MethodChoice("auto") == .automatic && MethodChoice("km") == .method(.km) && MethodChoice("kmeans") == nil)
        #expect(MethodChoice.method(.dkmAnnealed).description == "dkm-a")
    }

    @Test func clustersAFeatureMatrixAndWritesTheOutputs() throws {
        // Two blobs far apart, 20 points each.
        var values: [Float] = []
        for i in 0..<40 { values += [Float(i / 20) * 10 + Float(i % 5) * 0.1, Float(i % 3) * 0.1] }
        var clusterer = Clusterer(clusterCount: 2, method: .km)
        clusterer.settings = { method, k, _ in
            var settings = method.defaultSettings(clusterCount: k)
            settings.kmeans.restarts = 3
            return settings
        }
        let fitted = try clusterer.fit(.dense(Matrix(rows: 40, columns: 2, values: values)))
        #expect(Set(fitted.labels[0..<20]).count == 1 && Set(fitted.labels[20...]).count == 1)
        #expect(fitted.labels[0] != fitted.labels[39])
        #expect(try fitted.predict(.dense(Matrix(rows: 1, columns: 2, values: [10, 0]))) == [fitted.labels[39]])
        // Every phase's wall time, the training phases seen in the progress before the whole training.
        let phases = fitted.report.timings?.map(\.phase) ?? []
        #expect(phases.last == "describe" && phases.contains("train"), "\(phases)")
        #expect(fitted.report.timings?.allSatisfy { $0.seconds >= 0 && $0.seconds.isFinite } == true)
        let directory = TemporaryDirectory()
        let folder = try OutputFolder(directory.file("run"), force: false)
        try fitted.write(to: folder, reportHTML: fitted.htmlReport(title: "blobs", map: .pca))
        for file in ["clusters.json", "assignments.csv", "report.html", "model/model.json"] {
            #expect(FileManager.default.fileExists(atPath: directory.file("run/" + file)))
        }
    }

    @Test(.slow) func onALargeCorpusTheKMeansComparisonFitsASampleAndPlacesEveryPoint() throws {
        let perCluster = KMeansComparison.fittedSampleSize / 3 + 100
        let (points, truth) = TestSupport.blobs(clusters: 3, perCluster: perCluster, dimensions: 4, spread: 0.2, seed: 8)
        #expect(points.rows > KMeansComparison.fittedSampleSize)
        let comparison = try KMeansComparison.compare(truth, features: .dense(points), clusterCount: 3, seed: 1)
        // k-means of the sample, extended to every point, finds the three blobs exactly.
        #expect(comparison.agreement > 0.999, "\(comparison.agreement)")
        let shuffled = truth.enumerated().map { $0.offset % 3 }
        #expect(try KMeansComparison.compare(shuffled, features: .dense(points), clusterCount: 3, seed: 1).agreement < 0.01)
    }
}
