@testable import DKMClustering
import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// The levers beyond the paper: reseeding empty clusters, step budgets, denoising pretraining,
/// and the presets that combine them.
@Suite struct PresetTests {
    func smallSettings(clusters: Int) -> DeepKMeansSettings {
        var settings = ClusteringMethod.dkmPretrained.settings(.paper, clusterCount: clusters)
        settings.hiddenSizes = [32]
        settings.batchSize = 30
        settings.pretrainEpochs = 5
        settings.alphaSchedule = .constant(1000, epochs: 1)
        settings.kmeans.restarts = 2
        return settings
    }

    /// A representative placed where no point can reach it stays empty in the paper's training,
    /// and is moved onto a point after the first epoch with reseeding, which the history records.
    @Test func anUnreachableRepresentativeIsReseeded() throws {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 6, spread: 0.5, seed: 3)
        for reseeds in [false, true] {
            var settings = smallSettings(clusters: 3)
            settings.reseedsEmptyClusters = reseeds
            let trainer = try DeepKMeansTrainer(features: .dense(points), settings: settings, random: RandomGenerator(seed: 1))
            try trainer.pretrain(epochs: settings.pretrainEpochs)
            try trainer.initializeRepresentativesWithKMeans()
            for j in 0..<trainer.representatives.value.columns { trainer.representatives.value[2, j] = 1e4 }
            try trainer.train(schedule: settings.alphaSchedule)
            let sizes = (0..<3).map { k in trainer.assign().clusters.filter { $0 == k }.count }
            let moved = trainer.history.last?.reseeded
            if reseeds {
                #expect(moved == 1)
                #expect(trainer.representatives.value[2, 0] < 1e3)
                // On a point of the data, whose embedding now owns at least that point.
                #expect(sizes[2] > 0)
            } else {
                #expect(moved == nil && sizes[2] == 0)
            }
        }
    }

    /// Step minimums turn into epochs for the data's size; a phase of 0 epochs stays off.
    @Test func stepBudgetsResolveToEpochs() {
        var settings = ClusteringMethod.dkmPretrained.settings(.paper, clusterCount: 5)
        settings.minimumPretrainingSteps = 1000
        settings.minimumTrainingSteps = 450
        // 120 points in batches of 256: one step per epoch.
        let small = settings.resolved(pointCount: 120)
        #expect(small.pretrainEpochs == 1000 && small.alphaSchedule.epochsPerValue == 450)
        #expect(small.minimumPretrainingSteps == 0 && small.minimumTrainingSteps == 0)
        // 2,225 points: 9 steps per epoch; 1000 / 9 rounds up to 112; 450 / 9 = 50 is under 100.
        let medium = settings.resolved(pointCount: 2225)
        #expect(medium.pretrainEpochs == 112 && medium.alphaSchedule.epochsPerValue == 100)
        // Large data sets keep the paper's epochs.
        #expect(settings.resolved(pointCount: 70_000).pretrainEpochs == 50)
        settings.pretrainEpochs = 0
        #expect(settings.resolved(pointCount: 120).pretrainEpochs == 0)
        // The paper's settings resolve to themselves.
        let paper = ClusteringMethod.dkmPretrained.settings(.paper, clusterCount: 5)
        #expect(paper.resolved(pointCount: 120) == paper)
    }

    /// A step budget caps the epochs at the whole epochs that cover it, never above the given
    /// epochs and never below one; a minimum still wins.
    @Test func stepBudgetsCapEpochsOnLargeData() {
        var settings = ClusteringMethod.dkmPretrained.settings(.paper, clusterCount: 5)
        settings.alphaSchedule = .constant(1000, epochs: 25)
        settings.pretrainingStepBudget = 1000
        settings.trainingStepBudget = 700
        // 18,846 points in batches of 256: 74 steps per epoch; 1000 / 74 rounds up to 14, 700 / 74 to 10.
        let large = settings.resolved(pointCount: 18_846)
        #expect(large.pretrainEpochs == 14 && large.alphaSchedule.epochsPerValue == 10 && large.baselineEpochs == 10)
        #expect(large.pretrainingStepBudget == nil && large.trainingStepBudget == nil)
        // 3,000 points: 12 steps per epoch; the budgets cover more than the given epochs.
        let small = settings.resolved(pointCount: 3000)
        #expect(small.pretrainEpochs == 50 && small.alphaSchedule.epochsPerValue == 25)
        // A million points: one epoch, not none.
        #expect(settings.resolved(pointCount: 1_000_000).pretrainEpochs == 1)
        settings.minimumPretrainingSteps = 1480
        #expect(settings.resolved(pointCount: 18_846).pretrainEpochs == 20)
        settings.pretrainEpochs = 0
        #expect(settings.resolved(pointCount: 18_846).pretrainEpochs == 0)
    }

    /// Text with the recommended preset: 25 + 15 epochs where the step budgets do not bind,
    /// the budgets' epochs where they do, and the paper's 50 + 100 for images.
    @Test func recommendedTextScheduleOnSmallAndLargeCorpora() {
        let text = ClusteringMethod.dkmPretrained.settings(.recommended, clusterCount: 20, for: .tfidf)
        // 3,000 points: 12 steps an epoch, so 1,100 and 700 steps would be 92 and 59 epochs.
        let small = text.resolved(pointCount: 3000)
        #expect(small.pretrainEpochs == 25 && small.alphaSchedule.epochsPerValue == 15)
        // 18,846 points: 74 steps an epoch; 1,100 / 74 rounds up to 15, 700 / 74 to 10.
        let large = text.resolved(pointCount: 18_846)
        #expect(large.pretrainEpochs == 15 && large.alphaSchedule.epochsPerValue == 10)
        #expect(ClusteringMethod.idecPretrained.settings(.recommended, clusterCount: 20, for: .tfidf).pretrainEpochs == 25)
        #expect(ClusteringMethod.dkmAnnealed.settings(.recommended, clusterCount: 20, for: .tfidf).pretrainEpochs == 0)
        let images = ClusteringMethod.dkmPretrained.settings(.recommended, clusterCount: 10).resolved(pointCount: 3000)
        #expect(images.pretrainEpochs == 50 && images.alphaSchedule.epochsPerValue == 100)
    }

    /// Settings beyond the paper's are written only when they differ from it, and read back.
    @Test func extraSettingsEncodeOnlyWhenSet() throws {
        let paper = ClusteringMethod.dkmPretrained.settings(.paper, clusterCount: 4)
        let text = String(decoding: try JSONEncoder().encode(paper), as: UTF8.self)
        #expect(!text.contains("reseeds") && !text.contains("minimum") && !text.contains("Dropout"))
        let recommended = ClusteringMethod.dkmPretrained.settings(.recommended, clusterCount: 4)
        #expect(recommended != paper)
        let decoded = try JSONDecoder().decode(DeepKMeansSettings.self, from: JSONEncoder().encode(recommended))
        #expect(decoded == recommended)
        // Text and images both get the lighter clustering term; the paper's is 1.
        #expect(
            ClusteringMethod.dkmPretrained.settings(.recommended, clusterCount: 4, for: .tfidf).lambda == ClusteringMethod.recommendedLambda
        )
        #expect(recommended.lambda == ClusteringMethod.recommendedLambda && paper.lambda == 1 && ClusteringMethod.recommendedLambda == 0.1)
        // Text fine-tunes DKMp for fewer epochs; images keep the paper's 100.
        #expect(
            ClusteringMethod.dkmPretrained.settings(.recommended, clusterCount: 4, for: .tfidf).alphaSchedule
                == .constant(1000, epochs: ClusteringMethod.recommendedTextEpochs))
        #expect(recommended.alphaSchedule == paper.alphaSchedule && paper.alphaSchedule.epochsPerValue == 100)
        #expect(
            ClusteringMethod.dkmAnnealed.settings(.recommended, clusterCount: 4, for: .tfidf).alphaSchedule
                == ClusteringMethod.dkmAnnealed.settings(.paper, clusterCount: 4).alphaSchedule)
        // k-means has no network: both presets are the same.
        #expect(ClusteringMethod.km.settings(.recommended, clusterCount: 4) == ClusteringMethod.km.settings(.paper, clusterCount: 4))
    }

    /// Denoising pretraining: the input is corrupted, the target is not, the same step draws
    /// the same noise (so resumed runs match), and runs stay reproducible.
    @Test func denoisingPretrainingIsReproducible() throws {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 6, spread: 0.5, seed: 3)
        var settings = smallSettings(clusters: 3)
        settings.pretrainingInputDropout = 0.3
        let first = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 5)
        let second = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 5)
        #expect(first.assignment.clusters == second.assignment.clusters)
        #expect(first.history.map(\.reconstructionLoss) == second.history.map(\.reconstructionLoss))
        settings.pretrainingInputDropout = 0
        let clean = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 5)
        #expect(clean.history[0].reconstructionLoss != first.history[0].reconstructionLoss)
        settings.pretrainingInputDropout = 1
        #expect(throws: ClusteringError.self) { try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 5) }
    }

    /// Fine-tuning stops once the clusters have settled (3 calm epochs), well before a long
    /// schedule ends, with the same clusters as the full schedule on separated data.
    @Test func fineTuningStopsWhenTheClustersSettle() throws {
        let (points, labels) = TestSupport.blobs(clusters: 3, perCluster: 40, dimensions: 6, spread: 0.3, seed: 8)
        var settings = smallSettings(clusters: 3)
        settings.pretrainEpochs = 20
        settings.alphaSchedule = .constant(1000, epochs: 60)
        settings.lambda = 0.1
        let full = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 3)
        settings.stopsWhenSettled = true
        let early = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 3)
        #expect(full.fineTuningEpochs == 60)
        let epochs = try #require(early.fineTuningEpochs)
        #expect(epochs >= AssignmentStability.patience && epochs < 60, "stopped after \(epochs)")
        #expect(
            ClusteringMetrics.accuracy(predicted: early.assignment.clusters, truth: labels)
                == ClusteringMetrics.accuracy(predicted: full.assignment.clusters, truth: labels))
    }
}
