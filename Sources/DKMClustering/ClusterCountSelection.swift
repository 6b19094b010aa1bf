import Foundation
import DKMCore

/// Chooses the number of clusters by the mean silhouette of k-means++ for every K in a range,
/// in the space the chosen method clusters in: the input for KM (unit rows when spherical), else
/// the embedding of one pretrained auto-encoder of `selectionEmbeddingSize` dimensions, whatever
/// the range. Every K draws from its own seed and is
/// scored on the same sample of up to 2,000 points, so a K's score is the same whatever range it
/// is tried in. The chosen K is then trained as usual.
public struct ClusterCountSelection {
    public struct Score: Codable, Equatable, Sendable {
        public var k: Int
        public var silhouette: Double

        public init(k: Int, silhouette: Double) {
            self.k = k
            self.silhouette = silhouette
        }
    }

    /// The scores of a range, and whether one K stands out.
    public struct Outcome: Sendable {
        public var best: Int
        public var scores: [Score]
        /// False when the best score is within `flatMargin` of another K's: the curve is
        /// nearly flat and the data does not say which K is right.
        public var isClear: Bool
    }

    public var range: ClosedRange<Int>
    public var sampleSize = 2000
    /// The embedding's size for the deep methods.
    public static let selectionEmbeddingSize = 20
    /// Silhouettes closer than this to the best leave the choice open.
    public static let flatMargin = 0.01

    public init(range: ClosedRange<Int>) { self.range = range }

    public func select(_ features: Features, method: ClusteringMethod, settings: DeepKMeansSettings, seed: UInt64,
                       progress: ProgressHandler? = nil) throws -> Outcome {
        guard range.lowerBound >= 2, range.upperBound < features.rows else {
            throw ClusteringError.invalidSetting("--k-range must lie within 2 and \(features.rows - 1) (the number of points - 1)")
        }
        let space: Features
        if method == .km {
            space = settings.kmeans.spherical || settings.clusteringDistance == .cosine ? features.unitRows() : features
        } else {
            var pretraining = settings
            pretraining.embeddingSize = Self.selectionEmbeddingSize
            pretraining.clusterCount = 1
            pretraining.kmeans.clusterCount = 1
            let trainer = try DeepKMeansTrainer(features: features, settings: pretraining.resolved(pointCount: features.rows),
                                                random: RandomGenerator(seed: seed))
            try trainer.pretrain(epochs: trainer.settings.pretrainEpochs, progress: progress)
            let embedding = Features.dense(trainer.embed())
            space = settings.kmeans.spherical ? embedding.unitRows() : embedding
        }
        var sampling = RandomGenerator(seed: seed ^ 0x4B53_454C)
        let sample = space.rows <= sampleSize ? Array(0..<space.rows) : Array(sampling.permutation(space.rows).prefix(sampleSize)).sorted()
        let sampled = space.gatheringRows(sample)
        var scores: [Score] = []
        for (step, k) in range.enumerated() {
            var kmeans = settings.kmeans
            kmeans.clusterCount = k
            var random = RandomGenerator(seed: seed ^ UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
            let result = try KMeans(kmeans).fit(space, random: &random)
            scores.append(Score(k: k, silhouette: Silhouette.mean(sampled, clusters: sample.map { result.assignments[$0] })))
            progress?(TrainingProgress(phase: .chooseK, completed: Double(step + 1), total: range.count))
        }
        let best = scores.max { ($0.silhouette, -$0.k) < ($1.silhouette, -$1.k) }!
        let isClear = scores.allSatisfy { $0.k == best.k || best.silhouette - $0.silhouette >= Self.flatMargin }
        return Outcome(best: best.k, scores: scores, isClear: isClear)
    }
}
