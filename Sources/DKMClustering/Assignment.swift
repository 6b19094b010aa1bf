import Foundation
import DKMCore

/// Hard cluster assignments of points in an embedding space.
public struct Assignment: Sendable {
    public var clusters: [Int]
    /// f(h(x), r_c(x)) for the chosen cluster.
    public var distances: [Float]
    /// Softmax weight G of the chosen cluster at the given alpha.
    public var weights: [Float]

    public init(clusters: [Int], distances: [Float], weights: [Float]) {
        self.clusters = clusters
        self.distances = distances
        self.weights = weights
    }

    /// argmin_k f(h_i, r_k) for every row of `embedding`.
    public init(embedding: Matrix, representatives: Matrix, distance: Distance, alpha: Float) {
        let k = representatives.rows, p = embedding.columns
        var row = [Float](repeating: 0, count: k)
        var chosen: [(cluster: Int, distance: Float, weight: Float)] = []
        chosen.reserveCapacity(embedding.rows)
        embedding.values.withUnsafeBufferPointer { h in
            representatives.values.withUnsafeBufferPointer { r in
                for i in 0..<embedding.rows {
                    for j in 0..<k { row[j] = distance.value(h.baseAddress! + i * p, r.baseAddress! + j * p, count: p) }
                    chosen.append(Self.nearest(row[...], alpha: alpha))
                }
            }
        }
        self.init(clusters: chosen.map(\.cluster), distances: chosen.map(\.distance), weights: chosen.map(\.weight))
    }

    /// argmin_k of each row of `distances` (f from a point to every representative, a row per
    /// point), with its softmax weight at `alpha`, as `init(embedding:...)` computes them.
    public init(distances all: Matrix, alpha: Float) {
        let chosen = (0..<all.rows).map { Self.nearest(all.row($0), alpha: alpha) }
        self.init(clusters: chosen.map(\.cluster), distances: chosen.map(\.distance), weights: chosen.map(\.weight))
    }

    /// The nearest representative of one point (the first of equals), f to it, and its softmax
    /// weight exp(-alpha f) / sum_k exp(-alpha f_k), computed relative to the nearest.
    private static func nearest(_ row: ArraySlice<Float>, alpha: Float) -> (cluster: Int, distance: Float, weight: Float) {
        var best = row.startIndex
        for j in row.indices where row[j] < row[best] { best = j }
        var sum: Float = 0
        for j in row.indices { sum += expf(-alpha * (row[j] - row[best])) }
        return (best - row.startIndex, row[best], 1 / sum)
    }
}
