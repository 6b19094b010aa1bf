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
        var clusters = [Int](repeating: 0, count: embedding.rows)
        var distances = [Float](repeating: 0, count: embedding.rows)
        var weights = [Float](repeating: 0, count: embedding.rows)
        var row = [Float](repeating: 0, count: k)
        embedding.values.withUnsafeBufferPointer { h in
            representatives.values.withUnsafeBufferPointer { r in
                for i in 0..<embedding.rows {
                    var best = 0
                    for j in 0..<k {
                        row[j] = distance.value(h.baseAddress! + i * p, r.baseAddress! + j * p, count: p)
                        if row[j] < row[best] { best = j }
                    }
                    var sum: Float = 0
                    for j in 0..<k { sum += expf(-alpha * (row[j] - row[best])) }
                    clusters[i] = best
                    distances[i] = row[best]
                    weights[i] = 1 / sum
                }
            }
        }
        self.init(clusters: clusters, distances: distances, weights: weights)
    }
}
