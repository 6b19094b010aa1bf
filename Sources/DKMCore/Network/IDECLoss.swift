import Foundation

/// IDEC's clustering term (Guo et al., IJCAI 2017): Student's t soft assignments
/// q_ij ∝ (1 + ||h_i - mu_j||^2)^-1, a sharpened target p_ij ∝ q_ij^2 / f_j (f_j = sum_i q_ij),
/// and the loss mean_i KL(p_i || q_i).
public enum IDECLoss {
    /// Soft assignments of every row of `embedding` to the `centers` (rows sum to 1).
    public static func softAssignments(_ embedding: Matrix, centers: Matrix) -> Matrix {
        var q = Matrix(rows: embedding.rows, columns: centers.rows)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: centers.rows) { distances in
            for i in 0..<embedding.rows {
                let sum = squaredDistances(of: i, embedding, centers: centers, into: distances)
                for j in 0..<centers.rows { q[i, j] = assignment(distance: distances[j], sum: sum) }
            }
        }
        return q
    }

    /// ||h_i - mu_j||^2 for every center j, written to `distances`; returns the sum of the
    /// Student's t kernel weights (1 + d_ij)^-1, the normalizer of q_i.
    private static func squaredDistances(
        of i: Int, _ embedding: Matrix, centers: Matrix,
        into distances: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        var sum = 0.0
        for j in 0..<centers.rows {
            var d = 0.0
            for k in 0..<embedding.columns { let t = Double(embedding[i, k] - centers[j, k]); d += t * t }
            distances[j] = d
            sum += 1 / (1 + d)
        }
        return sum
    }

    /// q_ij from its squared distance, rounded through Float at the same two points as the
    /// stored matrix, so the loss sees exactly the q that `softAssignments` returns.
    private static func assignment(distance: Double, sum: Double) -> Float {
        Float(Double(Float(1 / (1 + distance))) / sum)
    }

    /// Each row's most probable cluster.
    public static func hardAssignments(_ q: Matrix) -> [Int] {
        (0..<q.rows).map { i in (0..<q.columns).max { q[i, $0] < q[i, $1] }! }
    }

    /// The soft cluster frequencies f_j = sum_i q_ij.
    public static func frequencies(_ q: Matrix) -> [Double] {
        var frequencies = [Double](repeating: 0, count: q.columns)
        for i in 0..<q.rows { for j in 0..<q.columns { frequencies[j] += Double(q[i, j]) } }
        return frequencies
    }

    /// The target distribution p_ij = (q_ij^2 / f_j) / sum_j' (q_ij'^2 / f_j'), with the
    /// frequencies f_j of `q` unless given (over every process's rows, when distributed).
    public static func target(_ q: Matrix, frequencies given: [Double]? = nil) -> Matrix {
        let frequencies = given ?? Self.frequencies(q)
        var p = Matrix(rows: q.rows, columns: q.columns)
        for i in 0..<q.rows {
            var sum = 0.0
            var row = [Double](repeating: 0, count: q.columns)
            for j in 0..<q.columns {
                row[j] = Double(q[i, j]) * Double(q[i, j]) / max(frequencies[j], 1e-12)
                sum += row[j]
            }
            for j in 0..<q.columns { p[i, j] = Float(row[j] / sum) }
        }
        return p
    }

    /// mean_i sum_j p_ij ln(p_ij / q_ij) over the rows of `embedding` (with their target rows),
    /// writing `scale` times its gradient with respect to the embedding and the centers:
    /// dL/dh_i = 2 sum_j (1 + ||h_i - mu_j||^2)^-1 (p_ij - q_ij)(h_i - mu_j), and minus that for mu_j.
    public static func evaluate(
        embedding: Matrix, centers: Matrix, target: Matrix, scale: Float,
        embeddingGradient: inout Matrix, centerGradient: inout Matrix
    ) -> Double {
        let n = embedding.rows, k = centers.rows, p = embedding.columns
        for i in embeddingGradient.values.indices { embeddingGradient.values[i] = 0 }
        for i in centerGradient.values.indices { centerGradient.values[i] = 0 }
        var total = 0.0
        let perRow = Double(scale) / Double(n)
        // One row of distances on the stack: this runs on every training batch.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { distances in
            for i in 0..<n {
                let sum = squaredDistances(of: i, embedding, centers: centers, into: distances)
                for j in 0..<k {
                    let pij = Double(target[i, j]), qij = Double(assignment(distance: distances[j], sum: sum))
                    if pij > 0 { total += pij * log(pij / max(qij, 1e-30)) }
                    let factor = 2 * perRow * (pij - qij) / (1 + distances[j])
                    for c in 0..<p {
                        let g = Float(factor * Double(embedding[i, c] - centers[j, c]))
                        embeddingGradient[i, c] += g
                        centerGradient[j, c] -= g
                    }
                }
            }
        }
        return total / Double(n)
    }
}
