import DKMCore

/// The mean silhouette of a clustering (Rousseeuw, 1987): per point (b - a) / max(a, b), where a
/// is its mean Euclidean distance to the other members of its cluster and b the smallest mean
/// distance to the members of another cluster; 0 for a point alone in its cluster. The distances
/// come from one Gram matrix product, so a few thousand points of any width take well under a
/// second.
public enum Silhouette {
    /// The mean over all of `points` (rows), `clusters` giving each one's cluster.
    public static func mean(_ points: Features, clusters: [Int]) -> Double {
        let n = points.rows
        precondition(clusters.count == n)
        guard n > 1 else { return 0 }
        let dense: Matrix
        switch points {
        case .dense(let matrix): dense = matrix
        case .sparse(let matrix): dense = matrix.toDense()
        }
        var gram = Matrix(rows: n, columns: n)
        LinearAlgebra.multiply(dense, dense, into: &gram, transposeB: true)
        let k = (clusters.max() ?? 0) + 1
        var sizes = [Int](repeating: 0, count: k)
        for c in clusters { sizes[c] += 1 }
        var total = 0.0
        var sums = [Double](repeating: 0, count: k)
        for i in 0..<n where sizes[clusters[i]] > 1 {
            for c in 0..<k { sums[c] = 0 }
            for j in 0..<n where j != i {
                // |x_i - x_j|^2 = G_ii + G_jj - 2 G_ij, clamped at 0 against rounding.
                let squared = Double(gram[i, i]) + Double(gram[j, j]) - 2 * Double(gram[i, j])
                sums[clusters[j]] += max(squared, 0).squareRoot()
            }
            let own = clusters[i]
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for c in 0..<k where c != own && sizes[c] > 0 { b = min(b, sums[c] / Double(sizes[c])) }
            guard b.isFinite, max(a, b) > 0 else { continue }
            total += (b - a) / max(a, b)
        }
        return total / Double(n)
    }

    /// The mean over the same `sampleSize` points drawn from `seed` (all points when there are
    /// no more), so that clusterings of the same points are scored on the same sample.
    public static func sampled(_ points: Features, clusters: [Int], sampleSize: Int = 2000, seed: UInt64) -> Double {
        guard points.rows > sampleSize else { return mean(points, clusters: clusters) }
        var random = RandomGenerator(seed: seed)
        let sample = Array(random.permutation(points.rows).prefix(sampleSize)).sorted()
        return mean(points.gatheringRows(sample), clusters: sample.map { clusters[$0] })
    }
}
