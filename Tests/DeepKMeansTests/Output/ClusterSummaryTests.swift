@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct ClusterSummaryTests {
    /// The baseline the decoded representatives are read against: the mean of every point's
    /// reconstruction, decoded block by block (1,100 rows: one full block and a part), equal to
    /// decoding them all at once; for k-means, the size-weighted mean of the centers.
    @Test func corpusMeanIsTheMeanReconstruction() throws {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 367, dimensions: 8, spread: 1, seed: 7)
        let settings = TestSupport.smallSettings(clusters: 3, hidden: [8], batchSize: 64, pretrainEpochs: 1, epochs: 1)
        let run = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 1)
        let all = run.network!.decode(run.embedding!)
        let mean = ClusterSummary.decodedCorpusMean(run)
        for c in 0..<8 {
            let expected = (0..<all.rows).reduce(0.0) { $0 + Double(all[$1, c]) } / Double(all.rows)
            #expect(abs(Double(mean[c]) - expected) < 1e-5)
        }
        // Not the decoded mean embedding, which the ReLU layers move away from it here.
        let embedding = run.embedding!
        let centre = Matrix(
            rows: 1, columns: embedding.columns,
            values: (0..<embedding.columns).map { c in
                (0..<embedding.rows).reduce(Float(0)) { $0 + embedding[$1, c] } / Float(embedding.rows)
            })
        let decodedCentre = run.network!.decode(centre)
        #expect((0..<8).contains { abs(decodedCentre[0, $0] - mean[$0]) > 1e-3 })
        let km = try ClusteringMethod.km.run(on: .dense(points), settings: ClusteringMethod.km.defaultSettings(clusterCount: 3), seed: 1)
        let kmMean = ClusterSummary.decodedCorpusMean(km)
        for c in 0..<8 {
            let expected = (0..<points.rows).reduce(0.0) { $0 + Double(points[$1, c]) } / Double(points.rows)
            #expect(abs(Double(kmMean[c]) - expected) < 1e-4)
        }
    }
}
