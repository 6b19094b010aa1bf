import DKMTestSupport
import DeepKMeans
import Foundation
import Testing

/// The recipe for a new method, followed once: `KMediansMethod` is one file of the tests and one
/// registry call, and the library trains, checkpoints and resumes it like its own methods
/// (CheckpointTests' "k-medians" case interrupts and resumes it).
@Suite struct KMediansMethodTests {
    @Test func aRegisteredMethodIsKnownByItsName() throws {
        let method = KMediansMethod.registered()
        #expect(ClusteringMethod(rawValue: "k-medians") == method)
        #expect(ClusteringMethod.allCases.contains(method) && ClusteringMethod.allCases.first == .km)
        #expect(method.displayName == "AE-KMedians" && method.usesPretraining && method.hasLambda)
        let encoded = try JSONEncoder().encode([method])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"k-medians\"]")
        #expect(try JSONDecoder().decode([ClusteringMethod].self, from: encoded) == [method])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ClusteringMethod].self, from: Data("[\"k-modes\"]".utf8)) }
    }

    @Test func theOneLoopTrainsItAndItsClustersAreTheNearestByL1() throws {
        let method = KMediansMethod.registered()
        let (points, labels) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 8, spread: 1, seed: 2)
        let settings = TestSupport.smallSettings(method, clusters: 3, pretrainEpochs: 6, epochs: 6)
        let run = try method.run(on: .dense(points), settings: settings, seed: 3)
        let fineTuning = run.history.filter { $0.phase == .fineTune }
        #expect(fineTuning.count == 6 && fineTuning.allSatisfy { $0.clusteringLoss != nil })
        #expect(run.history.filter { $0.phase == .pretrain }.count == 6)
        let nearest = KMediansObjective.nearest(try #require(run.embedding), representatives: run.representatives)
        #expect(run.assignment.clusters == nearest.clusters && run.assignment.distances == nearest.distances)
        #expect(ClusteringMetrics.accuracy(predicted: run.assignment.clusters, truth: labels) > 0.9)
        #expect(run.fineTuningEpochs == 6 && run.distance == .euclidean)
    }

    /// The term's gradients against central differences, away from the kinks of |x|.
    @Test func theTermsGradientsMatchFiniteDifferences() {
        var random = RandomGenerator(seed: 5)
        let embedding = Matrix(rows: 4, columns: 3, values: (0..<12).map { _ in random.uniform(-2, 2) })
        let representatives = Matrix(rows: 2, columns: 3, values: (0..<6).map { _ in random.uniform(-2, 2) })
        let objective = KMediansObjective(clusters: [0, 1, 1, 0], clusterCount: 2, lambda: 0.5)
        var embeddingGradient = Matrix(rows: 4, columns: 3), representativeGradient = Matrix(rows: 2, columns: 3)
        func term(_ h: Matrix, _ r: Matrix) -> Double {
            var g = Matrix(rows: 4, columns: 3), rg = Matrix(rows: 2, columns: 3)
            return 0.5
                * objective.evaluate(
                    batch: [0, 1, 2, 3], embedding: h, representatives: r, epoch: 0,
                    embeddingGradient: &g, representativeGradient: &rg)
        }
        _ = objective.evaluate(
            batch: [0, 1, 2, 3], embedding: embedding, representatives: representatives, epoch: 0,
            embeddingGradient: &embeddingGradient, representativeGradient: &representativeGradient)
        let step: Float = 1e-3
        for i in 0..<12 {
            var plus = embedding, minus = embedding
            plus.values[i] += step; minus.values[i] -= step
            let numeric = (term(plus, representatives) - term(minus, representatives)) / Double(2 * step)
            #expect(abs(numeric - Double(embeddingGradient.values[i])) < 1e-3)
        }
        for i in 0..<6 {
            var plus = representatives, minus = representatives
            plus.values[i] += step; minus.values[i] -= step
            let numeric = (term(embedding, plus) - term(embedding, minus)) / Double(2 * step)
            #expect(abs(numeric - Double(representativeGradient.values[i])) < 1e-3)
        }
    }
}
