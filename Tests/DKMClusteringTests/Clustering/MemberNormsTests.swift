import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct MemberNormsTests {
    /// By hand: cluster 0 holds (3, 4) and (0, 1), of norms 5 and 1; cluster 1 holds (6, 8), of
    /// norm 10; cluster 2 has no member and takes the mean over all rows, 16 / 3.
    @Test func meanNormsAndPlacementByHand() {
        let embedding = Matrix(rowArrays: [[3, 4], [6, 8], [0, 1]])
        let norms = MemberNorms.of(embedding, clusters: [0, 1, 0], clusterCount: 3)
        #expect(norms == [3, 10, Float(16.0 / 3)])
        let placed = MemberNorms.placing(Matrix(rowArrays: [[1, 0], [0, 0], [0.6, 0.8]]), at: [3, 10, 5])
        #expect(placed == Matrix(rowArrays: [[3, 0], [0, 0], [3, 4]]))
    }

    /// Under the cosine distance a run decodes each representative at its members' mean norm,
    /// and a saved model decodes it there too; under the Euclidean distance, where it stood.
    @Test func cosineRunsDecodeRepresentativesAtTheirMembersLength() throws {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 10, spread: 1, seed: 2)
        var settings = TestSupport.smallSettings(clusters: 3, hidden: [16], batchSize: 16, pretrainEpochs: 3, epochs: 3)
        settings.clusteringDistance = .cosine
        let run = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 3)
        let embedding = try #require(run.embedding), network = try #require(run.network)
        let norms = try #require(run.representativeNorms)
        #expect(norms == MemberNorms.of(embedding, clusters: run.assignment.clusters, clusterCount: 3))
        #expect(run.decodedRepresentatives == network.decode(MemberNorms.placing(run.representatives, at: norms)))
        #expect(run.decodedRepresentatives != network.decode(run.representatives))

        let directory = TemporaryDirectory()
        try ClusteringModel(run: run, inputSize: 10).save(to: directory.file("model"))
        let model = try ClusteringModel.load(from: directory.file("model"))
        #expect(model.description.representativeNorms == norms && model.decodedRepresentatives == run.decodedRepresentatives)

        settings.clusteringDistance = .euclidean
        let euclidean = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 3)
        #expect(euclidean.representativeNorms == nil)
        #expect(euclidean.decodedRepresentatives == euclidean.network!.decode(euclidean.representatives))
    }
}
