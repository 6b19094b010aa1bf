import Foundation

/// Sizes of the clusters and, with labels, each cluster's majority label and purity.
public struct ClusterSummary: Sendable {
    public struct Cluster: Sendable {
        public var id: Int
        public var size: Int
        public var majorityLabel: Int?
        public var purity: Double?
    }

    public var clusters: [Cluster]
    public var scores: ClusteringScores?

    public init(clusters assignment: [Int], clusterCount: Int, labels: [Int]?) {
        var sizes = [Int](repeating: 0, count: clusterCount)
        for c in assignment { sizes[c] += 1 }
        var result = (0..<clusterCount).map { Cluster(id: $0, size: sizes[$0]) }
        if let labels {
            var counts = [Int: [Int: Int]]()
            for (c, l) in zip(assignment, labels) { counts[c, default: [:]][l, default: 0] += 1 }
            for c in 0..<clusterCount {
                guard let members = counts[c], let top = members.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { continue }
                result[c].majorityLabel = top.key
                result[c].purity = Double(top.value) / Double(sizes[c])
            }
            scores = ClusteringScores(predicted: assignment, truth: labels)
        }
        clusters = result
    }

    /// A plain-text table for the terminal.
    public func render(labelNames: [String]) -> String {
        var lines = ["cluster   size  majority label        purity"]
        for c in clusters {
            var line = String(format: "%7d %6d", c.id, c.size)
            if let label = c.majorityLabel, let purity = c.purity {
                let name = label < labelNames.count ? labelNames[label] : String(label)
                line += "  " + name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "  %5.1f%%", purity * 100)
            }
            lines.append(line)
        }
        if let scores {
            lines.append(String(format: "ACC %.4f  NMI %.4f  ARI %.4f", scores.acc, scores.nmi, scores.ari))
        }
        return lines.joined(separator: "\n")
    }
}
