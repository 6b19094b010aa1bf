import DeepKMeans
import DKMTestSupport
import Testing

struct LossPlateauTests {
    /// Relative improvement over the window, computed by hand.
    @Test func plateauIsTheRelativeImprovementOverTheWindow() {
        let rule = LossPlateau(window: 2, minimumImprovement: 0.01)
        #expect(!rule.isReached(losses: []))
        #expect(!rule.isReached(losses: [1.0, 0.5]))  // fewer than window + 1 epochs
        #expect(!rule.isReached(losses: [1.0, 0.9, 0.98]))  // 2 % below epoch 1
        #expect(rule.isReached(losses: [1.0, 0.9, 0.995]))  // 0.5 % below epoch 1
        #expect(rule.isReached(losses: [1.0, 0.5, 0.4, 0.5]))  // no better than two epochs before
        #expect(!rule.isReached(losses: [1.0, 0.5, 0.4, 0.45]))  // 10 % below epoch 2
        #expect(rule.isReached(losses: [0, 0, 0]))  // nothing left to improve
    }

    /// Pretraining ends at the first epoch the rule is met, and never before window + 1 epochs.
    @Test func pretrainingStopsAtThePlateau() throws {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 8, spread: 1, seed: 2)
        var settings = TestSupport.smallSettings(.dkmPretrained, clusters: 3, pretrainEpochs: 80, epochs: 2)
        settings.pretrainingPlateau = LossPlateau(window: 3, minimumImprovement: 0.02)
        let run = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 3)
        let losses = run.history.filter { $0.phase == .pretrain }.map(\.reconstructionLoss)
        #expect(losses.count > 3 && losses.count < 80)
        #expect(settings.pretrainingPlateau!.isReached(losses: losses))
        #expect(!settings.pretrainingPlateau!.isReached(losses: Array(losses.dropLast())))
        // Without the rule, the same run pretrains every epoch.
        settings.pretrainingPlateau = nil
        settings.pretrainEpochs = losses.count + 2
        let full = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 3)
        #expect(full.history.filter { $0.phase == .pretrain }.count == losses.count + 2)
        #expect(Array(full.history.prefix(losses.count)) == Array(run.history.prefix(losses.count)))
    }
}
