import Foundation
import DKMCore

/// Chooses the number of clusters by the mean silhouette of k-means++ for every K in a range,
/// on a sample of up to 2,000 points (so choosing K costs a fraction of one run), in the space
/// the chosen method clusters in: the input for KM (unit rows when spherical), else the
/// embedding of one auto-encoder of `selectionEmbeddingSize` dimensions pretrained on the
/// sample, whatever the range. Every K draws from its own seed, so a K's score is the same
/// whatever range it is tried in. A best K at an end of the range may be the range's choice,
/// not the data's: the range is widened once past that end (never below 2), and a best K
/// still at the new end is reported (`isAtEdge`) for the caller to refuse. The chosen K is
/// then trained as usual.
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
        /// Every K tried, in increasing order (the range asked for, widened at an end when its
        /// best was there).
        public var scores: [Score]
        /// False when the best score is within `flatMargin` of another K's: the curve is
        /// nearly flat and the data does not say which K is right.
        public var isClear: Bool
        /// The range asked for.
        public var requested: ClosedRange<Int>

        /// The Ks tried: `requested`, or wider.
        public var tried: ClosedRange<Int> { scores.first!.k...scores.last!.k }
        /// The best K is at an end of what was tried even after widening (K = 2 excepted, the
        /// fewest clusters there are): the silhouette does not say how many clusters there are.
        public var isAtEdge: Bool {
            tried.count > 1 && (best == tried.upperBound || (best == tried.lowerBound && best > 2))
        }
        /// The best three Ks, best first.
        public var leaders: [Score] { Array(scores.sorted { ($0.silhouette, -$0.k) > ($1.silhouette, -$1.k) }.prefix(3)) }
    }

    public var range: ClosedRange<Int>
    public var sampleSize = 2000
    /// The embedding's size for the deep methods.
    public static let selectionEmbeddingSize = 20
    /// Silhouettes closer than this to the best leave the choice open.
    public static let flatMargin = 0.01

    public init(range: ClosedRange<Int>) { self.range = range }

    public func select(
        _ features: Features, method: ClusteringMethod, settings: DeepKMeansSettings, seed: UInt64,
        progress: ProgressHandler? = nil
    ) throws -> Outcome {
        guard range.lowerBound >= 2, range.upperBound < features.rows else {
            throw ClusteringError.invalidSetting("--k-range must lie within 2 and \(features.rows - 1) (the number of points - 1)")
        }
        var sampling = RandomGenerator(seed: seed ^ 0x4B53_454C)
        let sample =
            features.rows <= sampleSize
            ? features
            : features.gatheringRows(Array(sampling.permutation(features.rows).prefix(sampleSize)).sorted())
        let space = try Self.space(of: sample, method: method, settings: settings, seed: seed, progress: progress)
        func scores(_ ks: ClosedRange<Int>) throws -> [Score] {
            try ks.enumerated().map { step, k in
                var kmeans = settings.kmeans
                kmeans.clusterCount = k
                var random = RandomGenerator(seed: seed ^ UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
                let result = try KMeans(kmeans).fit(space, random: &random)
                progress?(TrainingProgress(phase: .chooseK, completed: Double(step + 1), total: ks.count))
                return Score(k: k, silhouette: Silhouette.mean(space, clusters: result.assignments))
            }
        }
        var tried = try scores(range)
        // Once past the end the best fell on, by the range's own width (at most the sample's size - 1).
        let largest = space.rows - 1
        if Self.best(tried) == range.upperBound, range.upperBound < largest {
            tried += try scores((range.upperBound + 1)...min(largest, range.upperBound + range.count))
        } else if Self.best(tried) == range.lowerBound, range.lowerBound > 2 {
            tried = try scores(max(2, range.lowerBound - range.count)...(range.lowerBound - 1)) + tried
        }
        let best = Self.best(tried)
        let bestScore = tried.first { $0.k == best }!.silhouette
        let isClear = tried.allSatisfy { $0.k == best || bestScore - $0.silhouette >= Self.flatMargin }
        return Outcome(best: best, scores: tried, isClear: isClear, requested: range)
    }

    /// The highest silhouette's K (the smaller K on a tie).
    private static func best(_ scores: [Score]) -> Int { scores.max { ($0.silhouette, -$0.k) < ($1.silhouette, -$1.k) }!.k }

    /// The points as the method clusters them: the input for KM, else a pretrained embedding.
    private static func space(
        of points: Features, method: ClusteringMethod, settings: DeepKMeansSettings, seed: UInt64,
        progress: ProgressHandler?
    ) throws -> Features {
        if method == .km {
            return settings.kmeans.spherical || settings.clusteringDistance == .cosine ? points.unitRows() : points
        }
        var pretraining = settings
        pretraining.embeddingSize = selectionEmbeddingSize
        pretraining.clusterCount = 1
        pretraining.kmeans.clusterCount = 1
        let trainer = try DeepKMeansTrainer(
            features: points, settings: pretraining.resolved(pointCount: points.rows),
            random: RandomGenerator(seed: seed))
        try trainer.pretrain(epochs: trainer.settings.pretrainEpochs, progress: progress)
        let embedding = Features.dense(trainer.embed())
        return settings.kmeans.spherical ? embedding.unitRows() : embedding
    }
}
