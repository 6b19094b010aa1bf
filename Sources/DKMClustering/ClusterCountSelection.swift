import Foundation
import DKMCore

/// Chooses the number of clusters: pretrain one auto-encoder (embedding size = the largest K
/// tried), run k-means++ on its embedding for every K in the range, and keep the K with the
/// highest mean silhouette (on up to 2,000 sampled points). The chosen K is then trained as usual.
public struct ClusterCountSelection {
    public struct Score: Codable, Equatable, Sendable {
        public var k: Int
        public var silhouette: Double
    }

    public var range: ClosedRange<Int>
    public var sampleSize = 2000

    public init(range: ClosedRange<Int>) { self.range = range }

    public func select(_ features: Features, settings: DeepKMeansSettings, seed: UInt64,
                       progress: ProgressHandler? = nil) throws -> (best: Int, scores: [Score]) {
        guard range.lowerBound >= 2, range.upperBound < features.rows else {
            throw ClusteringError.invalidSetting("--k-range must lie within 2 and \(features.rows - 1) (the number of points - 1)")
        }
        var pretraining = settings
        pretraining.clusterCount = range.upperBound
        pretraining.kmeans.clusterCount = range.upperBound
        pretraining.embeddingSize = settings.embeddingSize ?? range.upperBound
        let trainer = try DeepKMeansTrainer(features: features, settings: pretraining, random: RandomGenerator(seed: seed))
        try trainer.pretrain(epochs: settings.pretrainEpochs, progress: progress)
        let embedding = trainer.embed()
        var random = RandomGenerator(seed: seed ^ 0x4B53_454C)
        let sample = embedding.rows <= sampleSize ? Array(0..<embedding.rows)
            : Array(random.permutation(embedding.rows).prefix(sampleSize)).sorted()
        var scores: [Score] = []
        for (step, k) in range.enumerated() {
            var kmeans = settings.kmeans
            kmeans.clusterCount = k
            let result = try KMeans(kmeans).fit(embedding, random: &random)
            scores.append(Score(k: k, silhouette: Silhouette.mean(.dense(embedding.gatheringRows(sample)),
                                                                    clusters: sample.map { result.assignments[$0] })))
            progress?(TrainingProgress(phase: .chooseK, completed: Double(step + 1), total: range.count))
        }
        let best = scores.max { ($0.silhouette, -$0.k) < ($1.silhouette, -$1.k) }!
        return (best.k, scores)
    }
}
