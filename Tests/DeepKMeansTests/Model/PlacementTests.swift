import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// Honest placements of new documents: nothing placed without a vocabulary term, outliers
/// flagged against the training distances, informative weights, and models of format 1 still
/// loading with the same assignments.
@Suite struct PlacementTests {
    func textModel() throws -> (ClusteringModel, ClusteringRun, TextCorpus) {
        var settings = CorpusSettings()
        settings.tokenizer.stopWords = try StopWords.load("english")
        let corpus = try settings.load(FolderReader(root: TestSupport.corpora + "/sample"))
        let run = try ClusteringMethod.dkmPretrained.run(
            on: .sparse(corpus.matrix),
            settings: TestSupport.smallSettings(
                clusters: 5, hidden: [32, 16], batchSize: 32,
                pretrainEpochs: 5, epochs: 5), seed: 6)
        return (ClusteringModel(run: run, inputSize: corpus.matrix.columns, corpus: corpus), run, corpus)
    }

    @Test(.slow) func emptyAndForeignDocumentsAreUnassignedAndFarOnesAreOutliers() throws {
        let (model, run, _) = try textModel()
        let calibration = try #require(model.description.calibration)
        #expect(calibration.outlierThresholds.count == 5 && calibration.temperature > 0)
        let placed = try model.place([
            Document(id: "empty", text: ""),
            Document(id: "german", text: "Der Garten braucht im Frühling viel Wasser und Geduld."),
            Document(id: "japanese", text: "庭の土は春に湿っています。"),
            Document(id: "on topic", text: "The rocket launch put the probe in orbit around the planet."),
        ])
        #expect(placed.map(\.status)[0..<3] == [.unassigned, .unassigned, .unassigned])
        #expect(placed[0].cluster == nil && placed[0].distances.isEmpty)
        #expect(placed[3].status != .unassigned && placed[3].distances.count == 5)
        // The outlier flag is the threshold, applied to the distance shown.
        let on = placed[3]
        #expect((on.status == .outlier) == (on.distance! > calibration.outlierThresholds[on.cluster!]))
        // A point far beyond every training document is an outlier.
        let far = try model.placements(
            .dense(
                Matrix(
                    rows: 1, columns: model.description.inputSize,
                    values: [Float](repeating: 50, count: model.description.inputSize))))
        #expect(far[0].isOutlier)
        // About 1% of the training documents lie beyond their cluster's threshold, not all.
        let training = try model.placements(.sparse(try model.vectorize(try documents())))
        let outliers = zip(training, run.assignment.clusters).filter { calibration.isOutlier(cluster: $1, distance: $0.distances[$1]) }
        #expect(outliers.count <= 12)
        // Weights carry information: they sum to 1 and are not all 1.
        #expect(training.allSatisfy { abs($0.weights.reduce(0, +) - 1) < 1e-4 })
        #expect(training.contains { $0.weight < 0.99 })
    }

    func documents() throws -> [Document] {
        var found: [Document] = []
        try FolderReader(root: TestSupport.corpora + "/sample").forEachDocument { found.append($0) }
        return found
    }

    /// Format 2 stores weights output x input (as torch.nn.Linear); a model written in format 1
    /// (input x output, no calibration) still loads and assigns the same.
    @Test(.slow) func formatTwoTransposesAndFormatOneStillLoads() throws {
        let directory = TemporaryDirectory()
        let (model, run, corpus) = try textModel()
        try model.save(to: directory.file("v2"))
        let (tensors, metadata) = try SafeTensors.decode(try FileBytes.read(directory.file("v2/weights.safetensors")), file: "w")
        let first = try #require(model.network?.layers.first)
        #expect(tensors["layers.0.weight"]?.shape == [first.outputSize, first.inputSize])
        #expect(metadata["layout"]?.contains("output x input") == true)
        var old = tensors
        for (index, layer) in model.network!.layers.enumerated() { old["layers.\(index).weight"] = SafeTensors.Tensor(layer.weights.value) }
        var description = model.description
        description.format = 1
        description.calibration = nil
        try FileManager.default.createDirectory(atPath: directory.file("v1"), withIntermediateDirectories: true)
        try Data(SafeTensors.encode(old)).write(to: URL(fileURLWithPath: directory.file("v1/weights.safetensors")))
        try JSONEncoder.readable.encode(description).write(to: URL(fileURLWithPath: directory.file("v1/model.json")))
        let v1 = try ClusteringModel.load(from: directory.file("v1"))
        let v2 = try ClusteringModel.load(from: directory.file("v2"))
        #expect(try v1.assign(.sparse(corpus.matrix)).clusters == run.assignment.clusters)
        #expect(try v2.assign(.sparse(corpus.matrix)).clusters == run.assignment.clusters)
        #expect(v1.description.calibration == nil && v2.description.calibration == model.description.calibration)
    }
}
