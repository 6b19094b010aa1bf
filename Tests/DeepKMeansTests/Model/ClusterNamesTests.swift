import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// Names given to a saved model's clusters (`dkm label`) reach every output of the model.
@Suite struct ClusterNamesTests {
    func savedModel(_ directory: TemporaryDirectory) throws -> String {
        let corpus = try TextCorpus(
            source: FolderReader(root: ClustererTests.sample, labelsFromSubfolders: true),
            tokenizer: TokenizerSettings(stopWords: StopWords.load("english")))
        var clusterer = Clusterer(clusterCount: 5, method: .km)
        clusterer.seed = 8905
        let path = directory.file("model")
        try clusterer.fit(corpus).model.save(to: path)
        return path
    }

    @Test func namesAreKeptInTheModelAndShownByItsOutputs() throws {
        let directory = TemporaryDirectory()
        let path = try savedModel(directory)
        let weights = try Data(contentsOf: URL(fileURLWithPath: path + "/weights.safetensors"))
        let rocket = Document(id: "new", text: "rocket launch orbit mission astronauts")
        let cluster = try #require(try ClusteringModel.load(from: path).place([rocket]).first?.cluster)
        try ClusteringModel.name([cluster: "space flight", (cluster + 1) % 5: "  other  "], modelIn: path)
        let model = try ClusteringModel.load(from: path)
        #expect(model.description.name(of: cluster) == "space flight" && model.description.name(of: (cluster + 1) % 5) == "other")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/weights.safetensors")) == weights)  // weights untouched
        let placed = try model.place([rocket, Document(id: "blank", text: "")])
        #expect(placed[0].clusterName == "space flight" && placed[1].clusterName == nil)
        let csv = PlacementCSV.render(placed).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(csv[0].hasPrefix("id,status,cluster,distance,weight,terms,cluster_name,distance_0"))
        #expect(csv[1].contains(",space flight,"))
        #expect(ModelInspection(model, termCount: 3).text.contains("cluster \(cluster) (space flight): "))
        // Cleared again: the model goes back to having no names at all.
        try ClusteringModel.name([cluster: nil, (cluster + 1) % 5: nil], modelIn: path)
        #expect(try ClusteringModel.load(from: path).description.clusterNames == nil)
    }

    @Test func badNamesAndIndicesAreRefused() throws {
        let directory = TemporaryDirectory()
        let path = try savedModel(directory)
        #expect(throws: ModelError.self) { try ClusteringModel.name([5: "x"], modelIn: path) }
        #expect(throws: ModelError.self) { try ClusteringModel.name([0: "two\nlines"], modelIn: path) }
        #expect(throws: ModelError.self) { try ClusteringModel.name([0: String(repeating: "n", count: 201)], modelIn: path) }
        // A model.json edited to hold the wrong number of names does not load.
        let json = path + "/model.json"
        let text = try String(contentsOfFile: json, encoding: .utf8)
        try text.replacingOccurrences(of: "\"clusterCount\"", with: "\"clusterNames\" : [\"a\"],\n  \"clusterCount\"")
            .write(toFile: json, atomically: true, encoding: .utf8)
        #expect { try ClusteringModel.load(from: path) } throws: { "\($0)".contains("clusterNames needs one entry per cluster") }
    }

    @Test func theLabelCommandNamesListsAndClears() throws {
        let directory = TemporaryDirectory()
        let path = try savedModel(directory)
        let cli = CommandLineTests()
        var outcome = try cli.dkm(["label", "--model", path, "2=space flight", "4=garden"])
        #expect(
            outcome.status == 0 && outcome.output.contains("cluster 2\tspace flight") && outcome.output.contains("cluster 0\t(no name)"))
        outcome = try cli.dkm(["label", "--model", path, "4="])
        #expect(outcome.output.contains("cluster 4\t(no name)") && outcome.output.contains("cluster 2\tspace flight"))
        outcome = try cli.dkm(["label", "--model", path, "two=x"])
        #expect(outcome.status == 64 && outcome.errors.contains("'two=x' is not CLUSTER=NAME"))
        outcome = try cli.dkm(["label", "--model", path, "9=x"])
        #expect(outcome.status != 0 && outcome.errors.contains("cluster 9 is not one of the model's 0 to 4"))
        let placed = try cli.dkm(["assign", "--model", path, ClustererTests.sample + "/space/space-01.txt"])
        let cluster = try #require(
            try ClusteringModel.load(from: path).place([
                Document(id: "s", text: String(contentsOfFile: ClustererTests.sample + "/space/space-01.txt", encoding: .utf8))
            ]).first?.cluster)
        #expect(placed.output.contains("cluster \(cluster)" + (cluster == 2 ? " space flight" : "")), "\(placed.output)")
    }
}
