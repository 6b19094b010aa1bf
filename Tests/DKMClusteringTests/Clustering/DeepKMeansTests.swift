import DeepKMeans
import Testing

@Suite struct DeepKMeansTests {
    /// A small network so that the debug-build test suite stays quick.
    func smallSettings(clusters: Int) -> DeepKMeansSettings {
        var settings = ClusteringMethod.dkmPretrained.defaultSettings(clusterCount: clusters)
        settings.hiddenSizes = [64, 32]
        settings.batchSize = 64
        settings.pretrainEpochs = 30
        settings.alphaSchedule = .constant(1000, epochs: 30)
        settings.kmeans.restarts = 5
        settings.lambda = 0.1
        return settings
    }

    @Test func annealingScheduleMatchesThePaper() {
        let schedule = AlphaSchedule.annealing()
        #expect(schedule.values.count == 40 && schedule.totalEpochs == 200)
        #expect(schedule.values[0] == 0.1)
        #expect(abs(schedule.values[9] - 3.2422) < 1e-3)
        #expect(abs(schedule.values[19] - 8.3739) < 1e-3)
        #expect(abs(schedule.values[39] - 28.1326) < 1e-2)
        #expect(zip(schedule.values, schedule.values.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test(.slow) func dkmPretrainedSeparatesGaussianBlobs() throws {
        let (points, labels) = TestSupport.blobs(clusters: 5, perCluster: 100, dimensions: 50, spread: 1, seed: 17)
        let run = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: smallSettings(clusters: 5), seed: 8905)
        let acc = ClusteringMetrics.accuracy(predicted: run.assignment.clusters, truth: labels)
        #expect(acc >= 0.95, "ACC \(acc)")
        #expect(run.history.count == 60)
        // The softmax weight of the chosen cluster is near 1 at alpha = 1000.
        #expect(run.assignment.weights.allSatisfy { $0 > 0.5 })
    }

    @Test func sameSeedGivesIdenticalAssignments() throws {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 40, dimensions: 10, spread: 2, seed: 2)
        var settings = smallSettings(clusters: 3)
        settings.pretrainEpochs = 3
        settings.alphaSchedule = .constant(1000, epochs: 3)
        let first = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 291)
        let second = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 291)
        #expect(first.assignment.clusters == second.assignment.clusters)
        #expect(first.representatives == second.representatives)
        let other = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 4012)
        #expect(other.representatives != first.representatives)
    }

    @Test func aeKMeansStartsWhereDKMpStarts() throws {
        // Same seed: AE-KM's centers are DKMp's initial representatives.
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 6, spread: 1, seed: 3)
        var settings = smallSettings(clusters: 3)
        settings.pretrainEpochs = 2
        let aeKMeans = try ClusteringMethod.aeKMeans.run(on: .dense(points), settings: settings, seed: 11)
        let trainer = try DeepKMeansTrainer(features: .dense(points), settings: settings, random: RandomGenerator(seed: 11))
        try trainer.pretrain(epochs: 2)
        try trainer.initializeRepresentativesWithKMeans()
        #expect(trainer.representatives.value == aeKMeans.representatives)
        settings.alphaSchedule = .constant(1000, epochs: 1)
        let dkm = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 11)
        #expect(dkm.pretrainedClusters == aeKMeans.assignment.clusters)
    }

    @Test func dkmAnnealedAndSparseInputTrain() throws {
        // Whether DKMa trains on both kinds of input (20 epochs of 120 points are too few for it to
        // separate the blobs, so the labels are not checked here).
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 40, dimensions: 12, spread: 0.5, seed: 6)
        var settings = ClusteringMethod.dkmAnnealed.defaultSettings(clusterCount: 3)
        settings.hiddenSizes = [32]
        settings.batchSize = 32
        settings.alphaSchedule = .annealing(count: 10, epochsPerValue: 2)
        var nonNegative = points
        for i in nonNegative.values.indices { nonNegative.values[i] = max(nonNegative.values[i], 0) }
        for features in [Features.dense(points), .sparse(SparseMatrix(dense: nonNegative))] {
            let run = try ClusteringMethod.dkmAnnealed.run(on: features, settings: settings, seed: 1)
            #expect(run.history.count == 20 && run.history.allSatisfy { $0.clusteringLoss != nil })
            #expect(run.history.last!.reconstructionLoss < run.history.first!.reconstructionLoss)
            #expect(Set(run.assignment.clusters).isSubset(of: [0, 1, 2]))
        }
        // Cosine f and g train too.
        settings.reconstructionDistance = .cosine
        settings.clusteringDistance = .cosine
        let cosine = try ClusteringMethod.dkmAnnealed.run(on: .dense(points), settings: settings, seed: 1)
        #expect(cosine.assignment.distances.allSatisfy { $0 >= -1e-5 && $0 <= 2.00001 })
    }

    @Test func badSettingsAreRejectedBeforeTraining() {
        let points = Matrix(rows: 4, columns: 3, repeating: 1)
        var settings = smallSettings(clusters: 5)
        #expect(throws: ClusteringError.tooFewPoints(points: 4, clusters: 5)) {
            try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 1)
        }
        settings = smallSettings(clusters: 2)
        settings.lambda = -1
        #expect(throws: ClusteringError.self) { try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 1) }
        var withNaN = points
        withNaN.values[0] = .nan
        #expect(throws: ClusteringError.self) {
            try ClusteringMethod.dkmPretrained.run(on: .dense(withNaN), settings: smallSettings(clusters: 2), seed: 1)
        }
    }

    @Test func largeAlphaStaysFinite() {
        let loss = SoftKMeansLoss(distance: .euclidean, batchSize: 2, clusterCount: 3)
        let embedding = Matrix(rowArrays: [[0, 0], [10, 10]])
        let representatives = Matrix(rowArrays: [[0, 1], [5, 5], [10, 11]])
        var dh = Matrix(rows: 2, columns: 2), dr = Matrix(rows: 3, columns: 2)
        let value = loss.evaluate(
            embedding: embedding, representatives: representatives, alpha: 1e4, scale: 1,
            embeddingGradient: &dh, representativeGradient: &dr)
        #expect(value.isFinite && abs(value - 1) < 1e-4)
        #expect(dh.values.allSatisfy(\.isFinite) && dr.values.allSatisfy(\.isFinite))
        // A hard assignment: each point pulled only towards its nearest representative.
        #expect(dr[1, 0] == 0 && dr[1, 1] == 0)
    }
}

import DKMTestSupport
import Foundation

@Suite struct PretrainingCacheTests {
    @Test func cachedPretrainingGivesIdenticalRuns() throws {
        let directory = TemporaryDirectory()
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 8, spread: 1, seed: 5)
        var settings = TestSupport.smallSettings(clusters: 3)
        let plain = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 7)
        let first = try ClusteringMethod.dkmPretrained.run(
            on: .dense(points), settings: settings, seed: 7, pretrainingCache: directory.path)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.count == 1)
        let cached = try ClusteringMethod.dkmPretrained.run(
            on: .dense(points), settings: settings, seed: 7, pretrainingCache: directory.path)
        for run in [first, cached] {
            #expect(run.assignment.clusters == plain.assignment.clusters)
            #expect(run.representatives == plain.representatives)
            #expect(run.history == plain.history)
        }
        // AE-KM with another lambda reuses the same pretraining and equals DKMp's initialization.
        settings.lambda = 10
        let aeKMeans = try ClusteringMethod.aeKMeans.run(on: .dense(points), settings: settings, seed: 7, pretrainingCache: directory.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
        #expect(aeKMeans.assignment.clusters == plain.pretrainedClusters)
        // Another seed pretrains anew.
        _ = try ClusteringMethod.aeKMeans.run(on: .dense(points), settings: settings, seed: 8, pretrainingCache: directory.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 2)
    }
}

@Suite struct SettingsCompatibilityTests {
    /// The settings of a report written before DCN and IDEC existed (no baselineEpochs or
    /// targetInterval) read as today's DKMp defaults, so `evaluate --resume` keeps its runs.
    @Test func olderSettingsReadWithDefaults() throws {
        let older =
            #"{"alphaSchedule":{"epochsPerValue":100,"values":[1000]},"batchSize":256,"clusterCount":10,"clusteringDistance":"euclidean","hiddenSizes":[500,500,2000],"kmeans":{"clusterCount":10,"maxIterations":300,"restarts":10,"tolerance":0.0001},"lambda":1,"optimizer":{"beta1":0.9,"beta2":0.999,"epsilon":1e-08,"learningRate":0.001},"pretrainEpochs":50,"reconstructionDistance":"euclidean"}"#
        let decoded = try JSONDecoder().decode(DeepKMeansSettings.self, from: Data(older.utf8))
        #expect(decoded == ClusteringMethod.dkmPretrained.defaultSettings(clusterCount: 10))
        var changed = ClusteringMethod.idecPretrained.defaultSettings(clusterCount: 4)
        changed.targetInterval = 7
        changed.embeddingSize = 3
        changed.kmeans.spherical = true
        #expect(try JSONDecoder().decode(DeepKMeansSettings.self, from: JSONEncoder().encode(changed)) == changed)
    }
}
