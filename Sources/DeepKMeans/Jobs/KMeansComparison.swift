import Foundation
import DKMClustering
import DKMCore

/// How a clustering compares with plain k-means (`--method km`, same seed) on the same input
/// vectors, without labels: how much the two agree, and the mean silhouette of each in the
/// input space (Euclidean; for tf-idf rows of unit length that is the cosine geometry), on the
/// same sample of up to 2,000 points. On a large corpus k-means is fitted to a sample of
/// `fittedSampleSize` points and every point then takes its nearest center, so the comparison
/// costs about a second rather than a second run. A deep model that did not help shows as a lower
/// silhouette than k-means' with a high agreement, or a much lower silhouette.
public struct KMeansComparison: Codable, Equatable, Sendable {
    /// NMI between the two partitions: 1 when they are the same, near 0 when unrelated.
    public var agreement: Double
    public var silhouette: Double
    public var kmeansSilhouette: Double

    public init(agreement: Double, silhouette: Double, kmeansSilhouette: Double) {
        self.agreement = agreement
        self.silhouette = silhouette
        self.kmeansSilhouette = kmeansSilhouette
    }

    /// Points k-means is fitted to at most.
    public static let fittedSampleSize = 5_000

    /// Runs k-means on `features` (a sample of them when there are many) and compares
    /// `clusters` with its clusters of every point.
    public static func compare(
        _ clusters: [Int], features: Features, clusterCount: Int, seed: UInt64,
        progress: ProgressHandler? = nil
    ) throws -> KMeansComparison {
        progress?(TrainingProgress(phase: .compare, completed: 0, total: 1))
        let settings = ClusteringMethod.km.settings(.paper, clusterCount: clusterCount)
        let kmeans: [Int]
        if features.rows > fittedSampleSize {
            var random = RandomGenerator(seed: seed ^ 0x4B4D_5341)
            let chosen = Array(random.permutation(features.rows).prefix(fittedSampleSize)).sorted()
            let centers = try ClusteringMethod.km.run(on: features.gatheringRows(chosen), settings: settings, seed: seed).representatives
            kmeans = KMeans.assign(features, norms: features.rowSquaredNorms(), centers: centers).0
        } else {
            kmeans = try ClusteringMethod.km.run(on: features, settings: settings, seed: seed).assignment.clusters
        }
        progress?(TrainingProgress(phase: .compare, completed: 1, total: 1))
        let sampleSeed = seed ^ 0x5349_4C48
        return KMeansComparison(
            agreement: ClusteringMetrics.normalizedMutualInformation(predicted: clusters, truth: kmeans),
            silhouette: Silhouette.sampled(features, clusters: clusters, seed: sampleSeed),
            kmeansSilhouette: Silhouette.sampled(features, clusters: kmeans, seed: sampleSeed))
    }
}
