import DKMClustering
import DKMCore
import DKMData
/// Counts of points per (cluster, class) pair, the basis of ACC, NMI and ARI.
public struct ContingencyTable: Sendable {
    public let clusters: [Int]
    public let classes: [Int]
    /// counts[cluster index][class index]
    public let counts: [[Int]]
    public let total: Int

    public init(predicted: [Int], truth: [Int]) {
        precondition(predicted.count == truth.count, "predicted and true labels differ in count")
        clusters = Array(Set(predicted)).sorted()
        classes = Array(Set(truth)).sorted()
        let clusterIndex = Dictionary(uniqueKeysWithValues: clusters.enumerated().map { ($1, $0) })
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: clusters.count)
        for (p, t) in zip(predicted, truth) { counts[clusterIndex[p]!][classIndex[t]!] += 1 }
        self.counts = counts
        total = predicted.count
    }

    public var clusterSizes: [Int] { counts.map { $0.reduce(0, +) } }
    public var classSizes: [Int] { (0..<classes.count).map { j in counts.reduce(0) { $0 + $1[j] } } }
}
