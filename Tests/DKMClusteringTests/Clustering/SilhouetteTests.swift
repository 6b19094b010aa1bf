import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct SilhouetteTests {
    /// By hand: two tight pairs far apart. For (0,0): a = 1 (its partner), b = mean of 10 and
    /// sqrt(101) to the other pair, s = (b - a) / b; the same for every point by symmetry.
    @Test func matchesAHandComputedCase() {
        let points = Matrix(rowArrays: [[0, 0], [0, 1], [10, 0], [10, 1]])
        let b = (10 + 101.0.squareRoot()) / 2
        let expected = (b - 1) / b
        #expect(abs(Silhouette.mean(.dense(points), clusters: [0, 0, 1, 1]) - expected) < 1e-6)
        // A wrong split scores below zero.
        #expect(Silhouette.mean(.dense(points), clusters: [0, 1, 0, 1]) < 0)
    }

    /// Against the definition computed directly from pairwise differences, with a singleton
    /// cluster (scored 0) and an empty cluster number; sparse rows give the same value.
    @Test func matchesBruteForceDenseAndSparse() {
        var random = RandomGenerator(seed: 4)
        let points = TestSupport.randomMatrix(rows: 40, columns: 7, random: &random, range: -1...1)
        var clusters = (0..<40).map { $0 % 3 }
        clusters[5] = 4  // alone in cluster 4; cluster 3 is empty
        var total = 0.0
        for i in 0..<40 {
            var sums = [Double](repeating: 0, count: 5), sizes = [Double](repeating: 0, count: 5)
            for j in 0..<40 {
                sizes[clusters[j]] += 1
                guard j != i else { continue }
                let d = (0..<7).reduce(0.0) { $0 + pow(Double(points[i, $1] - points[j, $1]), 2) }.squareRoot()
                sums[clusters[j]] += d
            }
            guard sizes[clusters[i]] > 1 else { continue }
            let a = sums[clusters[i]] / (sizes[clusters[i]] - 1)
            let b = (0..<5).filter { $0 != clusters[i] && sizes[$0] > 0 }.map { sums[$0] / sizes[$0] }.min()!
            total += (b - a) / max(a, b)
        }
        let expected = total / 40
        #expect(abs(Silhouette.mean(.dense(points), clusters: clusters) - expected) < 1e-5)
        #expect(abs(Silhouette.mean(.sparse(SparseMatrix(dense: points)), clusters: clusters) - expected) < 1e-5)
        // A sample as large as the data is the data.
        #expect(
            Silhouette.sampled(.dense(points), clusters: clusters, sampleSize: 40, seed: 1)
                == Silhouette.mean(.dense(points), clusters: clusters))
    }
}
