import DeepKMeans
import Testing

@Suite struct DCNTests {
    /// By hand: h = (0,0) goes to r0 = (1,0): c0 = 101, r0 -= (r0 - h) / 101 = (100/101, 0);
    /// h = (10,10) goes to r1 = (9,9): c1 = 101, r1 -= (r1 - h) / 101 = (9 + 1/101, 9 + 1/101);
    /// h = (6,6) then goes to the moved r1: c1 = 102, r1 -= (r1 - h) / 102.
    @Test func assignmentAndRepresentativeUpdatesOnAHandMadeBatch() {
        let embedding = Matrix(rowArrays: [[0, 0], [10, 10], [6, 6]])
        var representatives = Matrix(rowArrays: [[1, 0], [9, 9]])
        var assignments = [Int](repeating: 0, count: 8)
        assignments[2] = 0
        var counts: [Double] = [100, 100]
        DCNUpdate.apply(embedding: embedding, batch: [5, 2, 7], assignments: &assignments,
                        representatives: &representatives, counts: &counts)
        #expect(assignments[5] == 0 && assignments[2] == 1 && assignments[7] == 1)
        #expect(counts == [101, 102])
        #expect(abs(representatives[0, 0] - 100.0 / 101) < 1e-6 && representatives[0, 1] == 0)
        let afterSecond = 9 + 1.0 / 101
        let afterThird = afterSecond - (afterSecond - 6) / 102
        #expect(abs(Double(representatives[1, 0]) - afterThird) < 1e-5 && abs(Double(representatives[1, 1]) - afterThird) < 1e-5)
    }

    @Test func dcnRunsWithAndWithoutPretraining() throws {
        let (points, labels) = TestSupport.blobs(clusters: 4, perCluster: 40, dimensions: 12, spread: 0.5, seed: 8)
        for method in [ClusteringMethod.dcnPretrained, .dcnNonPretrained] {
            var settings = method.defaultSettings(clusterCount: 4)
            settings.hiddenSizes = [32]
            settings.batchSize = 32
            settings.pretrainEpochs = method == .dcnPretrained ? 20 : 0
            settings.baselineEpochs = 10
            settings.kmeans.restarts = 3
            settings.lambda = 0.1
            let run = try method.run(on: .dense(points), settings: settings, seed: 4)
            #expect(run.history.filter { $0.phase == "dcn" }.count == 10)
            #expect(run.assignment.clusters.count == 160 && Set(run.assignment.clusters).isSubset(of: [0, 1, 2, 3]))
            if method == .dcnPretrained {
                #expect(ClusteringMetrics.accuracy(predicted: run.assignment.clusters, truth: labels) >= 0.9)
            }
        }
    }
}
