import Foundation
import DKMClustering
import DKMCore
import DKMData

/// 2-D maps of embeddings for the report: t-SNE (van der Maaten & Hinton 2008, as the paper's
/// Figure 2) by Barnes-Hut, exact t-SNE on request, or PCA.
public enum Projection {
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// Barnes-Hut t-SNE: a second or two for a few thousand points.
        case tsne
        /// Exact t-SNE: quadratic in the points (about 30 s for 2,000 on 2 cores).
        case tsneExact = "tsne-exact"
        case pca

        /// The name the report gives the map.
        public var displayName: String {
            switch self {
            case .tsne: "Barnes-Hut t-SNE"
            case .tsneExact: "exact t-SNE"
            case .pca: "PCA"
            }
        }
    }

    /// t-SNE's iterations: 250 exaggerated and 500 more, openTSNE's default (scikit-learn: 1000).
    public static let tsneIterations = 750

    /// Rows of `points` projected to 2-D (n x 2).
    public static func project(_ points: Matrix, method: Method, random: inout RandomGenerator) -> Matrix {
        switch method {
        case .pca: return pca(points)
        case .tsne: return points.rows < 5 ? pca(points) : BarnesHutTSNE.embed(points, random: &random)
        case .tsneExact: return points.rows < 5 ? pca(points) : tsne(points, random: &random)
        }
    }

    /// The first two principal components (power iteration with deflation, in Double).
    public static func pca(_ points: Matrix) -> Matrix {
        let n = points.rows, d = points.columns
        var result = Matrix(rows: n, columns: 2)
        guard n > 0, d > 0 else { return result }
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += Double(points[i, j]) / Double(n) } }
        var centered = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { centered[i * d + j] = Double(points[i, j]) - mean[j] } }
        let total = centered.reduce(0) { $0 + $1 * $1 }
        var components: [[Double]] = []
        for c in 0..<min(2, d) {
            var v = (0..<d).map { 1.0 + Double(($0 * 7 + c * 3) % 5) }  // fixed start, not random
            for _ in 0..<100 {
                // w = X^T X v, minus projections on earlier components.
                var xv = [Double](repeating: 0, count: n)
                for i in 0..<n { var s = 0.0; for j in 0..<d { s += centered[i * d + j] * v[j] }; xv[i] = s }
                var w = [Double](repeating: 0, count: d)
                for i in 0..<n { for j in 0..<d { w[j] += centered[i * d + j] * xv[i] } }
                for previous in components {
                    let dot = zip(w, previous).reduce(0) { $0 + $1.0 * $1.1 }
                    for j in 0..<d { w[j] -= dot * previous[j] }
                }
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                // No variance left in this direction (rank-deficient data): the axis stays at 0.
                guard norm > 1e-9 * max(total, 1e-300) else { v = [Double](repeating: 0, count: d); break }
                v = w.map { $0 / norm }
            }
            components.append(v)
        }
        for i in 0..<n {
            for (c, component) in components.enumerated() {
                var s = 0.0
                for j in 0..<d { s += centered[i * d + j] * component[j] }
                result[i, c] = Float(s)
            }
        }
        return result
    }

    /// Exact t-SNE: perplexity 30 (fewer for tiny inputs), `TSNEDescent`'s schedule.
    public static func tsne(
        _ points: Matrix, random: inout RandomGenerator,
        iterations: Int = tsneIterations
    ) -> Matrix {
        let n = points.rows, d = points.columns
        let perplexity = min(30.0, Double(n - 1) / 3)
        // Squared distances in the input space.
        var distances = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                var s = 0.0
                for k in 0..<d { let t = Double(points[i, k] - points[j, k]); s += t * t }
                distances[i * n + j] = s
                distances[j * n + i] = s
            }
        }
        // Conditional probabilities with a per-point bandwidth matching the perplexity.
        var p = [Double](repeating: 0, count: n * n)
        let targetEntropy = log(perplexity)
        for i in 0..<n {
            var bandwidth = TSNEBandwidth()
            for _ in 0..<64 {
                let beta = bandwidth.beta
                var sum = 0.0, weighted = 0.0
                for j in 0..<n where j != i {
                    let w = exp(-distances[i * n + j] * beta)
                    p[i * n + j] = w
                    sum += w
                    weighted += w * distances[i * n + j]
                }
                guard sum > 0 else { bandwidth.lower(); continue }
                let entropy = log(sum) + beta * weighted / sum
                for j in 0..<n where j != i { p[i * n + j] /= sum }
                if !bandwidth.update(entropy: entropy, target: targetEntropy) { break }
            }
        }
        // Symmetrize.
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let s = max((p[i * n + j] + p[j * n + i]) / (2 * Double(n)), 1e-12)
                p[i * n + j] = s
                p[j * n + i] = s
            }
        }
        var q = [Double](repeating: 0, count: n * n)
        return TSNEDescent.run(pointCount: n, iterations: iterations, recenters: false, random: &random) { y, exaggeration, gradient in
            var sumQ = 0.0
            for i in 0..<n {
                for j in (i + 1)..<max(i + 1, n) {
                    let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                    let w = 1 / (1 + dx * dx + dy * dy)
                    q[i * n + j] = w
                    q[j * n + i] = w
                    sumQ += 2 * w
                }
            }
            for i in 0..<n {
                var gx = 0.0, gy = 0.0
                for j in 0..<n where j != i {
                    let w = q[i * n + j]
                    let force = (exaggeration * p[i * n + j] - w / sumQ) * w
                    gx += force * (y[2 * i] - y[2 * j])
                    gy += force * (y[2 * i + 1] - y[2 * j + 1])
                }
                gradient[2 * i] = 4 * gx
                gradient[2 * i + 1] = 4 * gy
            }
        }
    }
}
