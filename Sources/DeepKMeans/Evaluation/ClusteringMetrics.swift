import Foundation
import DKMClustering
import DKMCore
import DKMData

/// ACC, NMI and ARI of a clustering against true labels.
public struct ClusteringScores: Codable, Equatable, Sendable {
    public var acc: Double
    public var nmi: Double
    public var ari: Double

    public init(acc: Double, nmi: Double, ari: Double) {
        self.acc = acc
        self.nmi = nmi
        self.ari = ari
    }

    public init(predicted: [Int], truth: [Int]) {
        let table = ContingencyTable(predicted: predicted, truth: truth)
        self.init(
            acc: ClusteringMetrics.accuracy(table), nmi: ClusteringMetrics.normalizedMutualInformation(table),
            ari: ClusteringMetrics.adjustedRandIndex(table))
    }
}

public enum ClusteringMetrics {
    public enum Normalization: String, Sendable {
        /// (H(U) + H(V)) / 2, scikit-learn's default since 0.22.
        case arithmetic
        /// sqrt(H(U) H(V)).
        case geometric
    }

    /// Share of points whose cluster maps to their class under the best one-to-one matching
    /// of clusters to classes (clusters and classes may differ in number).
    public static func accuracy(_ table: ContingencyTable) -> Double {
        guard table.total > 0 else { return 0 }
        let cost = table.counts.map { row in row.map { -Double($0) } }
        let matching = Hungarian.minimumCostAssignment(cost)
        var matched = 0
        for (cluster, column) in matching.enumerated() { if let column { matched += table.counts[cluster][column] } }
        return Double(matched) / Double(table.total)
    }

    public static func accuracy(predicted: [Int], truth: [Int]) -> Double {
        accuracy(ContingencyTable(predicted: predicted, truth: truth))
    }

    public static func normalizedMutualInformation(_ table: ContingencyTable, normalization: Normalization = .arithmetic) -> Double {
        let clusterSizes = table.clusterSizes, classSizes = table.classSizes
        // Both labelings constant (or empty): identical, as scikit-learn decides.
        if clusterSizes.count == classSizes.count && clusterSizes.count <= 1 { return 1 }
        let n = Double(table.total)
        var mutual = 0.0
        for (i, row) in table.counts.enumerated() {
            for (j, count) in row.enumerated() where count > 0 {
                let c = Double(count)
                mutual += c / n * log(c * n / (Double(clusterSizes[i]) * Double(classSizes[j])))
            }
        }
        let clusterEntropy = entropy(clusterSizes, total: n), classEntropy = entropy(classSizes, total: n)
        let denominator: Double
        switch normalization {
        case .arithmetic: denominator = (clusterEntropy + classEntropy) / 2
        case .geometric: denominator = (clusterEntropy * classEntropy).squareRoot()
        }
        guard denominator > 0 else { return 0 }
        return min(max(mutual, 0) / denominator, 1)
    }

    public static func normalizedMutualInformation(predicted: [Int], truth: [Int], normalization: Normalization = .arithmetic) -> Double {
        normalizedMutualInformation(ContingencyTable(predicted: predicted, truth: truth), normalization: normalization)
    }

    public static func adjustedRandIndex(_ table: ContingencyTable) -> Double {
        func pairs(_ x: Int) -> Double { Double(x) * Double(x - 1) / 2 }
        let n = table.total
        let sumCells = table.counts.reduce(0.0) { $0 + $1.reduce(0.0) { $0 + pairs($1) } }
        let sumClusters = table.clusterSizes.reduce(0.0) { $0 + pairs($1) }
        let sumClasses = table.classSizes.reduce(0.0) { $0 + pairs($1) }
        let expected = sumClusters * sumClasses / pairs(n)
        let maximum = (sumClusters + sumClasses) / 2
        // Special cases as scikit-learn: identical trivial labelings score 1.
        if n < 2 || maximum == expected { return 1 }
        return (sumCells - expected) / (maximum - expected)
    }

    public static func adjustedRandIndex(predicted: [Int], truth: [Int]) -> Double {
        adjustedRandIndex(ContingencyTable(predicted: predicted, truth: truth))
    }

    private static func entropy(_ sizes: [Int], total: Double) -> Double {
        sizes.reduce(0.0) { sum, size in
            size == 0 ? sum : sum - Double(size) / total * log(Double(size) / total)
        }
    }
}
