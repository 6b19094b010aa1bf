import Foundation
import DKMClustering
import DKMCore

/// What a user needs to judge a clustering without labels: the clusters no point went to, the
/// clusters whose members lie far from their representative, and how the result compares with
/// plain k-means on the same vectors.
public struct ClusteringDiagnostics: Codable, Equatable, Sendable {
    /// Clusters with no member.
    public var emptyClusters: [Int]
    /// Clusters whose members' median dissimilarity f to their representative is more than
    /// `distantFactor` times the median over all points.
    public var distantClusters: [Int]
    /// Absent for k-means itself, and in distributed runs.
    public var kmeans: KMeansComparison?

    public static let distantFactor = 3.0
    /// An agreement with k-means from which the deep model added little.
    public static let sameAsKMeans = 0.9

    public init(assignment: Assignment, clusterCount: Int, kmeans: KMeansComparison? = nil) {
        var members = [[Float]](repeating: [], count: clusterCount)
        for (cluster, distance) in zip(assignment.clusters, assignment.distances) { members[cluster].append(distance) }
        emptyClusters = members.indices.filter { members[$0].isEmpty }
        let overall = Double(PlacementCalibration.quantile(assignment.distances, 0.5))
        distantClusters = members.indices.filter {
            !members[$0].isEmpty && Double(PlacementCalibration.quantile(members[$0], 0.5)) > Self.distantFactor * overall
        }
        self.kmeans = kmeans
    }

    /// Lines for the printed summary: what went wrong, and the comparison with k-means.
    public var lines: [String] {
        var lines: [String] = []
        if !emptyClusters.isEmpty {
            lines.append("warning: \(emptyClusters.count) empty cluster(s): " + emptyClusters.map(String.init).joined(separator: ", "))
        }
        if !distantClusters.isEmpty {
            lines.append(
                "warning: members far from their representative in cluster(s) "
                    + distantClusters.map(String.init).joined(separator: ", "))
        }
        if let kmeans {
            lines.append(
                String(
                    format:
                        "compared with k-means on the same vectors: agreement (NMI) %.2f; silhouette in the input space %.3f (k-means: %.3f)",
                    kmeans.agreement, kmeans.silhouette, kmeans.kmeansSilhouette))
            if kmeans.agreement >= Self.sameAsKMeans {
                lines.append(
                    "note: these clusters are nearly k-means' (agreement >= \(Self.sameAsKMeans)); --method km gives about the same in seconds"
                )
            }
        }
        return lines
    }
}
