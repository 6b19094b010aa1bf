import DKMCore

/// Where a representative is decoded when only its direction was trained. Under the cosine
/// distance a representative's length is arbitrary (near 1 on 20NEWS, where the embeddings'
/// is near 6), and the decoder, trained on the embeddings, reads a short vector as a point
/// near the origin, where it reconstructs little of any topic: the decoded representatives
/// then shared their top terms ("new", "university") across clusters. Placed along its
/// direction at its members' mean length, a representative decodes to what its members do.
public enum MemberNorms {
    /// The mean norm of each cluster's rows of `embedding`; a cluster without members takes
    /// the mean over all rows.
    public static func of(_ embedding: Matrix, clusters: [Int], clusterCount: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: clusterCount), counts = [Int](repeating: 0, count: clusterCount)
        for (row, norm) in embedding.rowSquaredNorms().enumerated() {
            sums[clusters[row]] += norm.squareRoot()
            counts[clusters[row]] += 1
        }
        let overall = sums.reduce(0, +) / Double(max(counts.reduce(0, +), 1))
        return (0..<clusterCount).map { Float(counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : overall) }
    }

    /// Each row of `representatives` along its direction at the length `norms` gives it (a
    /// zero row stays zero).
    public static func placing(_ representatives: Matrix, at norms: [Float]) -> Matrix {
        precondition(norms.count == representatives.rows)
        var placed = representatives
        for (row, length) in representatives.rowSquaredNorms().map({ $0.squareRoot() }).enumerated() where length > 0 {
            for c in 0..<placed.columns { placed[row, c] = Float(Double(placed[row, c]) / length * Double(norms[row])) }
        }
        return placed
    }
}
