import Foundation
import DKMCore

/// The clusters joined two at a time into a tree, for a reader who wants fewer, broader topics:
/// agglomerative clustering of the representatives, in the space and with the distance f the
/// method clustered with, by average linkage weighted by the clusters' sizes (two groups are as
/// far apart as their members' representatives are on average). Merges are numbered as
/// SciPy's `linkage` numbers them: clusters are 0..<K, the m-th merge makes node K + m.
public struct ClusterHierarchy: Codable, Equatable, Sendable {
    public struct Merge: Codable, Equatable, Sendable {
        /// The two nodes joined (a cluster, or an earlier merge's node).
        public var left: Int
        public var right: Int
        /// Their average-linkage distance (under f): the tree's height at this merge.
        public var distance: Double
        /// Documents (points) below this node.
        public var size: Int

        public init(left: Int, right: Int, distance: Double, size: Int) {
            self.left = left
            self.right = right
            self.distance = distance
            self.size = size
        }
    }

    /// K - 1 merges, from the closest pair up to the root.
    public var merges: [Merge]

    /// Joins `representatives` (one per cluster) under `distance`, each weighing as many points
    /// as its cluster holds (an empty cluster weighs as one).
    public init(representatives: Matrix, sizes: [Int], distance: Distance) {
        let k = representatives.rows
        precondition(sizes.count == k, "one size per representative")
        var between = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        representatives.values.withUnsafeBufferPointer { values in
            for i in 0..<k {
                for j in 0..<i {
                    let d = Double(
                        distance.value(
                            values.baseAddress! + i * representatives.columns,
                            values.baseAddress! + j * representatives.columns, count: representatives.columns))
                    between[i][j] = d
                    between[j][i] = d
                }
            }
        }
        // Active groups: their node number, weight and size; distances kept between active slots.
        var node = Array(0..<k), weight = sizes.map { Double(max($0, 1)) }, size = sizes, active = Array(0..<k)
        var merges: [Merge] = []
        while active.count > 1 {
            var best = (a: active[0], b: active[1], d: Double.infinity)
            for (x, a) in active.enumerated() {
                for b in active[(x + 1)...] where between[a][b] < best.d { best = (a, b, between[a][b]) }
            }
            let (a, b) = best.a < best.b ? (best.a, best.b) : (best.b, best.a)
            let (low, high) = node[a] < node[b] ? (node[a], node[b]) : (node[b], node[a])
            merges.append(Merge(left: low, right: high, distance: best.d, size: size[a] + size[b]))
            // Lance-Williams for weighted average linkage; slot a now holds the merged group.
            for c in active where c != a && c != b {
                let d = (weight[a] * between[a][c] + weight[b] * between[b][c]) / (weight[a] + weight[b])
                between[a][c] = d
                between[c][a] = d
            }
            weight[a] += weight[b]
            size[a] += size[b]
            node[a] = k + merges.count - 1
            active.removeAll { $0 == b }
        }
        self.merges = merges
    }

    /// The clusters in the order the tree draws them, so that every merge joins neighbours.
    public var leafOrder: [Int] {
        let k = merges.count + 1
        guard k > 1 else { return [0] }
        var order: [Int] = [], stack = [k + merges.count - 1]
        while let top = stack.popLast() {
            if top < k { order.append(top) } else { stack += [merges[top - k].right, merges[top - k].left] }
        }
        return order
    }
}
