@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// `dkm merge`: clusters of a saved model joined without retraining.
@Suite struct ClusterMergeTests {
    @Test func clustersAreNumberedAgainWithoutGaps() throws {
        let first = try ClusterMerge([7, 3], clusterCount: 10)
        #expect(first.merged == [3, 7] && first.target == 7 && first.clusterCount == 9)
        #expect(first.numbering == [0, 1, 2, 6, 3, 4, 5, 6, 7, 8])
        let into = try ClusterMerge([3], into: 1, clusterCount: 5)
        #expect(into.merged == [1, 3] && into.target == 1 && into.numbering == [0, 1, 2, 1, 3])
        let three = try ClusterMerge([0, 2, 4], clusterCount: 6)
        #expect(three.numbering == [0, 1, 0, 2, 0, 3] && three.clusterCount == 4)
        #expect { try ClusterMerge([1, 5], clusterCount: 5) } throws: { "\($0)".contains("cluster 5 is not one of the model's 0 to 4") }
        #expect { try ClusterMerge([2, 2], clusterCount: 5) } throws: { "\($0)".contains("at least two different clusters") }
        #expect { try ClusterMerge([0, 1, 2], clusterCount: 3) } throws: { "\($0)".contains("would leave one cluster") }
    }

    @Test func centroidsAreTheMeanOrTheMeanDirectionAtTheMeanLength() throws {
        let points = Features.dense(Matrix(rowArrays: [[3, 4], [0, 2], [0, 0], [9, 9]]))
        #expect(ClusterMerge.centroid(of: [0, 1], in: points, distance: .euclidean) == [1.5, 3])
        // Directions (0.6, 0.8) and (0, 1) sum to (0.6, 1.8), of length 1.8974; the lengths' mean is 3.5.
        let cosine = try #require(ClusterMerge.centroid(of: [0, 1, 2], in: points, distance: .cosine))
        #expect(abs(cosine[0] - 1.10680) < 1e-4 && abs(cosine[1] - 3.32039) < 1e-4)
        #expect(ClusterMerge.centroid(of: [2], in: points, distance: .cosine) == nil)
        let sparse = Features.sparse(SparseMatrix(dense: Matrix(rowArrays: [[0, 2, 0], [4, 0, 0]])))
        #expect(ClusterMerge.centroid(of: [0, 1], in: sparse, distance: .euclidean) == [2, 1, 0])
    }

    /// The sample corpus clustered by `method` (K = 6), read as `dkm cluster` reads it.
    func fitted(_ method: ClusteringMethod, distance: Distance = .euclidean) throws -> (FittedClustering, CorpusSettings) {
        var settings = CorpusSettings.clustering
        settings.reading.labelsFromSubfolders = true
        let corpus = try settings.load(ClustererTests.sample)
        var clusterer = Clusterer(clusterCount: 6, method: method)
        clusterer.settings = { method, k, _ in
            var small = TestSupport.smallSettings(method, clusters: k, hidden: [24], pretrainEpochs: 30, epochs: 10)
            small.clusteringDistance = distance
            return small
        }
        clusterer.comparesWithKMeans = false
        return (try clusterer.fit(corpus), settings)
    }

    @Test(.slow) func aKMeansMergeIsTheUnionsMeanAndTheSavedModelPlacesAsTheOutputsSay() throws {
        let (original, settings) = try fitted(.km)
        let directory = TemporaryDirectory()
        let path = directory.file("model")
        try original.model.save(to: path)
        try ClusteringModel.name([4: "four", 5: "five"], modelIn: path)
        let model = try ClusteringModel.load(from: path)
        // Read again with the model's settings, the corpus gives the rows training saw.
        let corpus = try model.corpusSettings(reading: settings.reading).load(ClustererTests.sample)
        guard case .sparse(let trained) = original.data.features else { Issue.record("not text"); return }
        #expect(corpus.matrix == trained)

        let plan = try ClusterMerge([1, 4], into: 4, clusterCount: 6)
        let merged = try plan.apply(to: model, corpus: corpus)
        #expect(merged.model.description.clusterCount == 5 && merged.report.merge?.numbering == plan.numbering)
        #expect(merged.report.settings == nil && merged.summary.clusters.count == 5)
        let union = original.labels.indices.filter { [1, 4].contains(original.labels[$0]) }
        let mean = (0..<trained.columns).map { c in union.reduce(Float(0)) { $0 + trained.toDense()[$1, c] } / Float(union.count) }
        let joined = plan.numbering[4]
        for c in 0..<trained.columns { #expect(abs(merged.centers[joined, c] - mean[c]) < 1e-5) }
        for old in [0, 2, 3, 5] { #expect(Array(merged.centers.row(plan.numbering[old])) == Array(model.representatives.row(old))) }
        // Every document at its nearest new center, by brute force.
        let dense = trained.toDense()
        for i in 0..<dense.rows {
            let squared = (0..<5).map { k in (0..<dense.columns).reduce(Float(0)) { $0 + pow(dense[i, $1] - merged.centers[k, $1], 2) } }
            #expect(squared[merged.labels[i]] <= squared.min()! + 1e-4)
        }
        let moved = merged.labels.indices.filter { plan.numbering[original.labels[$0]] != merged.labels[$0] }.count
        #expect(merged.report.merge?.moved == moved)
        #expect(merged.summary.clusters.map(\.size).reduce(0, +) == corpus.count)
        // The joined cluster keeps the target's name, the others theirs.
        #expect(merged.model.description.clusterNames == [nil, nil, nil, "four", "five"])
        // Saved and loaded, the merged model places the corpus's documents where the outputs say.
        let mergedPath = directory.file("merged")
        try merged.model.save(to: mergedPath)
        let reloaded = try ClusteringModel.load(from: mergedPath)
        #expect(try reloaded.placements(.sparse(trained)).map(\.cluster) == merged.labels)
        #expect(reloaded.description.calibration?.outlierThresholds.count == 5)
    }

    @Test(.slow) func aDeepCosineMergeTakesTheMembersMeanDirectionInTheEmbedding() throws {
        let (original, settings) = try fitted(.dkmPretrained, distance: .cosine)
        let model = original.model
        let corpus = try model.corpusSettings(reading: settings.reading).load(ClustererTests.sample)
        let plan = try ClusterMerge([0, 2], clusterCount: 6)
        let merged = try plan.apply(to: model, corpus: corpus)
        let embedding = try #require(merged.run.embedding)
        let before = try model.placements(.sparse(corpus.matrix), embedding: embedding).map(\.cluster)
        let union = before.indices.filter { [0, 2].contains(before[$0]) }
        var direction = [Double](repeating: 0, count: embedding.columns)
        for i in union {
            let length = embedding.row(i).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            for c in 0..<embedding.columns { direction[c] += Double(embedding[i, c]) / length }
        }
        let joined = Array(merged.centers.row(plan.numbering[0]))
        let dot = zip(direction, joined).reduce(0.0) { $0 + $1.0 * Double($1.1) }
        let lengths = direction.reduce(0.0) { $0 + $1 * $1 }.squareRoot() * joined.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        #expect(dot / lengths > 0.99999)
        #expect(merged.model.description.representativeNorms?.count == 5)
        #expect(merged.model.description.distance == .cosine && merged.model.description.method == .dkmPretrained)
        #expect(merged.model.network === model.network)
    }

    @Test(.slow) func theMergeCommandWritesNewResultsAndLeavesTheModelAlone() throws {
        let directory = TemporaryDirectory()
        let cli = CommandLineTests()
        let run = directory.file("run")
        var outcome = try cli.dkm(["cluster", ClustererTests.sample, "--k", "6", "--method", "km", "--labels", "subfolder", "--out", run])
        #expect(outcome.status == 0, "\(outcome.errors)")
        _ = try cli.dkm(["label", "--model", run + "/model", "3=kept name"])
        let modelBefore = try Data(contentsOf: URL(fileURLWithPath: run + "/model/model.json"))
        outcome = try cli.dkm(
            [
                "merge", "--model", run + "/model", "0", "--into", "3", "--documents", ClustererTests.sample,
                "--labels", "subfolder",
            ], in: directory.path)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("merged clusters 0, 3 of \(run)/model into cluster 2 \"kept name\""), "\(outcome.output)")
        #expect(outcome.output.contains("6 clusters became 5") && outcome.output.contains("new numbers: 1 is now 0, 2 is now 1"))
        #expect(outcome.output.contains("written to sample-merged: assignments.csv, clusters.json, model, report.html, topic_info.csv"))
        let folder = directory.file("sample-merged")
        let topics = try String(contentsOfFile: folder + "/topic_info.csv", encoding: .utf8).split(separator: "\n")
        #expect(topics.count == 6 && topics[0] == "Topic,Count,Name,Representation,Decoder_Terms,Representative_Docs")
        let merged = try ClusteringModel.load(from: folder + "/model")
        #expect(merged.description.clusterCount == 5 && merged.description.name(of: 2) == "kept name")
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/clusters.json"))) as? [String: Any]
        let record = try #require(report?["merge"] as? [String: Any])
        #expect(
            record["merged"] as? [Int] == [0, 3] && record["target"] as? Int == 3 && record["numbering"] as? [Int] == [2, 0, 1, 2, 3, 4])
        let rows = try String(contentsOfFile: folder + "/assignments.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 121 && rows[0].hasSuffix("distance_3,distance_4"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/model/model.json")) == modelBefore)  // the model is never changed
        // A second merge takes the next free name; a folder dkm did not write is refused.
        outcome = try cli.dkm(["merge", "--model", run + "/model", "1", "2", "--documents", ClustererTests.sample], in: directory.path)
        #expect(outcome.status == 0 && outcome.output.contains("written to sample-merged-2:"))
        _ = directory.write("mine/notes.txt", "a user's own file")
        outcome = try cli.dkm([
            "merge", "--model", run + "/model", "1", "2", "--documents", ClustererTests.sample, "--out", directory.file("mine"),
        ])
        #expect(
            outcome.status == 64 && (try? String(contentsOfFile: directory.file("mine/notes.txt"), encoding: .utf8)) == "a user's own file")
        outcome = try cli.dkm(["merge", "--model", run + "/model", "4", "--documents", ClustererTests.sample])
        #expect(outcome.status == 64 && outcome.errors.contains("name at least two different clusters, or one and --into"))
        outcome = try cli.dkm([
            "merge", "--model", run + "/model", "4", "9", "--documents", ClustererTests.sample, "--out", directory.file("x"),
        ])
        #expect(outcome.status != 0 && outcome.errors.contains("cluster 9 is not one of the model's 0 to 5"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("x")))
    }
}
