import Foundation
import DKMClustering
import DKMCore

/// How a clustering compares with plain k-means (`--method km`, same seed) on the same input
/// vectors, without labels: how much the two agree, and the mean silhouette of each in the
/// input space (Euclidean; for tf-idf rows of unit length that is the cosine geometry), on the
/// same sample of up to 2,000 points. A deep model that did not help shows as a lower
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

    /// Runs k-means on `features` and compares `clusters` with its result.
    public static func compare(_ clusters: [Int], features: Features, clusterCount: Int, seed: UInt64,
                               progress: ProgressHandler? = nil) throws -> KMeansComparison {
        progress?(TrainingProgress(phase: .compare, completed: 0, total: 1))
        let kmeans = try ClusteringMethod.km.run(on: features, settings: ClusteringMethod.km.settings(.paper, clusterCount: clusterCount),
                                                 seed: seed).assignment.clusters
        progress?(TrainingProgress(phase: .compare, completed: 1, total: 1))
        let sampleSeed = seed ^ 0x5349_4C48
        return KMeansComparison(
            agreement: ClusteringMetrics.normalizedMutualInformation(predicted: clusters, truth: kmeans),
            silhouette: Silhouette.sampled(features, clusters: clusters, seed: sampleSeed),
            kmeansSilhouette: Silhouette.sampled(features, clusters: kmeans, seed: sampleSeed))
    }
}
