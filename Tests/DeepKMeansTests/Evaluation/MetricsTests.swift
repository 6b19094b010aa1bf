import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct MetricsTests {
    /// All permutations of 0..<n (for brute force).
    func permutations(_ n: Int) -> [[Int]] {
        if n == 0 { return [[]] }
        return permutations(n - 1).flatMap { p in
            (0...p.count).map {
                var q = p; q.insert(n - 1, at: $0); return q
            }
        }
    }

    @Test func hungarianMatchesBruteForce() {
        var random = RandomGenerator(seed: 3)
        for trial in 0..<60 {
            let rows = 1 + trial % 6, columns = 1 + (trial / 6) % 6
            let cost = (0..<rows).map { _ in (0..<columns).map { _ in Double(random.index(below: 20)) } }
            let assignment = Hungarian.minimumCostAssignment(cost)
            // Each column used at most once, and min(rows, columns) rows assigned.
            let used = assignment.compactMap { $0 }
            #expect(Set(used).count == used.count && used.count == min(rows, columns))
            var total = 0.0
            for (row, column) in assignment.enumerated() { if let column { total += cost[row][column] } }
            // Brute force over assignments of the padded square problem.
            let n = max(rows, columns)
            let best = permutations(n).map { p in
                (0..<n).reduce(0.0) { $0 + ($1 < rows && p[$1] < columns ? cost[$1][p[$1]] : 0) }
            }.min()!
            #expect(abs(total - best) < 1e-9, "trial \(trial): \(total) vs brute force \(best)")
        }
    }

    @Test func accuracyUsesTheBestMatching() {
        // Clusters are a relabeling of classes except one point.
        #expect(ClusteringMetrics.accuracy(predicted: [1, 1, 0, 0, 2, 2], truth: [0, 0, 1, 1, 2, 0]) == 5.0 / 6)
        // More clusters than classes: only one cluster per class counts.
        #expect(ClusteringMetrics.accuracy(predicted: [0, 1, 2, 3], truth: [0, 0, 1, 1]) == 0.5)
        // Fewer clusters than classes.
        #expect(ClusteringMetrics.accuracy(predicted: [0, 0, 0, 1], truth: [0, 1, 2, 2]) == 0.5)
    }

    /// predicted [0,0,1,1,1,2], truth [0,0,0,1,1,1]: contingency [[2,0],[1,2],[0,1]], so
    /// MI = sum n_ij/n ln(n n_ij / (a_i b_j)) over the four non-empty cells.
    @Test func nmiAndAriOnAHandComputedCase() {
        let predicted = [0, 0, 1, 1, 1, 2], truth = [0, 0, 0, 1, 1, 1]
        let mi =
            (2.0 / 6) * log(2 * 6 / (2.0 * 3)) + (1.0 / 6) * log(1 * 6 / (3.0 * 3))
            + (2.0 / 6) * log(2 * 6 / (3.0 * 3)) + (1.0 / 6) * log(1 * 6 / (1.0 * 3))
        let hPredicted = -((2.0 / 6) * log(2.0 / 6) + (3.0 / 6) * log(3.0 / 6) + (1.0 / 6) * log(1.0 / 6))
        let hTruth = log(2.0)
        let nmi = ClusteringMetrics.normalizedMutualInformation(predicted: predicted, truth: truth)
        #expect(abs(nmi - mi / ((hPredicted + hTruth) / 2)) < 1e-12)
        let geometric = ClusteringMetrics.normalizedMutualInformation(predicted: predicted, truth: truth, normalization: .geometric)
        #expect(abs(geometric - mi / (hPredicted * hTruth).squareRoot()) < 1e-12)
        // ARI: sum C(n_ij,2) = 1 + 1 = 2; rows C(2,2)+C(3,2)+0 = 4; columns 3 + 3 = 6; C(6,2) = 15.
        // expected = 4·6/15 = 1.6, max = 5, ARI = (2 - 1.6) / (5 - 1.6) = 0.4 / 3.4.
        #expect(abs(ClusteringMetrics.adjustedRandIndex(predicted: predicted, truth: truth) - 0.4 / 3.4) < 1e-12)
        // The scikit-learn value for this case, computed independently: 0.11764705882352941.
        #expect(abs(ClusteringMetrics.adjustedRandIndex(predicted: predicted, truth: truth) - 0.11764705882352941) < 1e-12)
    }

    @Test func perfectAndDegenerateLabelings() {
        let truth = [0, 0, 1, 1, 2, 2]
        let relabeled = [2, 2, 0, 0, 1, 1]
        #expect(ClusteringScores(predicted: relabeled, truth: truth) == ClusteringScores(acc: 1, nmi: 1, ari: 1))
        #expect(ClusteringMetrics.normalizedMutualInformation(predicted: [0, 0, 0], truth: [1, 1, 1]) == 1)
        #expect(ClusteringMetrics.normalizedMutualInformation(predicted: [0, 0, 0, 0], truth: [0, 0, 1, 1]) == 0)
        #expect(ClusteringMetrics.adjustedRandIndex(predicted: [0, 0, 0], truth: [1, 1, 1]) == 1)
    }
}
