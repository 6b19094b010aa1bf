import Foundation
import DKMClustering
import DKMCore

/// How a model judges where a new point falls, learned from the training points without labels:
///
/// - an **outlier threshold** per cluster: the 99th percentile of the dissimilarity f between
///   the cluster's training members and its representative (a cluster with fewer than 20
///   members, or none, takes the 99th percentile over all training points). A new point farther
///   than that from its representative is flagged as an outlier;
/// - a **temperature** for the soft weights: the median f between a training point and its own
///   representative. A point's weight for cluster k is softmax_k(-f_k / temperature), so a
///   point as far from every representative as training points are from their own gets
///   balanced weights, and a clear member gets a weight near 1. (Training's alpha of 1000 makes
///   every weight 1, which tells nothing.)
public struct PlacementCalibration: Codable, Equatable, Sendable {
    public var outlierThresholds: [Float]
    public var temperature: Float

    public static let percentile = 0.99
    public static let smallestCluster = 20

    public init(outlierThresholds: [Float], temperature: Float) {
        self.outlierThresholds = outlierThresholds
        self.temperature = temperature
    }

    /// The calibration of a training run's final assignment.
    public init(_ assignment: Assignment, clusterCount: Int) {
        var members = [[Float]](repeating: [], count: clusterCount)
        for (cluster, distance) in zip(assignment.clusters, assignment.distances) { members[cluster].append(distance) }
        let overall = Self.quantile(assignment.distances, Self.percentile)
        outlierThresholds = members.map { $0.count >= Self.smallestCluster ? Self.quantile($0, Self.percentile) : overall }
        let median = Self.quantile(assignment.distances, 0.5)
        temperature = median > 0 && median.isFinite ? median : 1
    }

    /// The `q` quantile (nearest rank) of `values`; 0 for none.
    static func quantile(_ values: [Float], _ q: Double) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
    }

    /// Soft weights of one point from its dissimilarities to every representative.
    public func weights(_ distances: [Float]) -> [Float] {
        guard let nearest = distances.min() else { return [] }
        let exponentials = distances.map { expf(-($0 - nearest) / temperature) }
        let sum = exponentials.reduce(0, +)
        return exponentials.map { $0 / sum }
    }

    /// Whether a point at `distance` from representative `cluster` lies beyond what training showed.
    public func isOutlier(cluster: Int, distance: Float) -> Bool { distance > outlierThresholds[cluster] }
}
