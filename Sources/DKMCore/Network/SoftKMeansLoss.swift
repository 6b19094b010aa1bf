import Foundation

/// The Deep k-Means clustering term, averaged over the batch:
/// for each point, sum_k f(h, r_k) G_k with G = softmax(-alpha (f - min_j f_j)).
///
/// The gradient flows through G as well: with L = sum_k f_k G_k one has
/// ∂L/∂f_j = G_j (1 - alpha (f_j - L)); the min shift leaves G, and so the gradient, unchanged.
public final class SoftKMeansLoss {
    public let distance: Distance
    /// f(h_i, r_k) of the last evaluation (batch x K).
    @exclusivity(unchecked) public private(set) var distances: Matrix
    /// G_k(h_i) of the last evaluation (batch x K).
    @exclusivity(unchecked) public private(set) var weights: Matrix

    public init(distance: Distance, batchSize: Int, clusterCount: Int) {
        self.distance = distance
        distances = Matrix(rows: batchSize, columns: clusterCount)
        weights = Matrix(rows: batchSize, columns: clusterCount)
    }

    /// Computes f and G for every row of `embedding` against every representative.
    public func measure(embedding: Matrix, representatives: Matrix, alpha: Float) {
        let rows = embedding.rows, clusters = representatives.rows, width = embedding.columns
        if distances.rows != rows {
            distances.setRowCount(rows)
            weights.setRowCount(rows)
        }
        precondition(representatives.columns == width && distances.columns == clusters)
        embedding.values.withUnsafeBufferPointer { h in
            representatives.values.withUnsafeBufferPointer { r in
                distances.values.withUnsafeMutableBufferPointer { f in
                    weights.values.withUnsafeMutableBufferPointer { g in
                        for i in 0..<rows {
                            let fRow = f.baseAddress! + i * clusters, gRow = g.baseAddress! + i * clusters
                            var smallest = Float.infinity
                            for k in 0..<clusters {
                                fRow[k] = distance.value(h.baseAddress! + i * width, r.baseAddress! + k * width, count: width)
                                smallest = min(smallest, fRow[k])
                            }
                            var sum: Float = 0
                            for k in 0..<clusters {
                                gRow[k] = expf(-alpha * (fRow[k] - smallest))
                                sum += gRow[k]
                            }
                            for k in 0..<clusters { gRow[k] /= sum }
                        }
                    }
                }
            }
        }
    }

    /// Returns the mean clustering term and writes `scale` times its gradient with respect to
    /// the embedding and the representatives (both overwritten).
    public func evaluate(
        embedding: Matrix, representatives: Matrix, alpha: Float, scale: Float,
        embeddingGradient: inout Matrix, representativeGradient: inout Matrix
    ) -> Double {
        measure(embedding: embedding, representatives: representatives, alpha: alpha)
        let rows = embedding.rows, clusters = representatives.rows, width = embedding.columns
        let perRow = scale / Float(rows)
        var total = 0.0
        embedding.values.withUnsafeBufferPointer { h in
            representatives.values.withUnsafeBufferPointer { r in
                distances.values.withUnsafeBufferPointer { f in
                    weights.values.withUnsafeBufferPointer { g in
                        embeddingGradient.values.withUnsafeMutableBufferPointer { dh in
                            representativeGradient.values.withUnsafeMutableBufferPointer { dr in
                                dh.update(repeating: 0)
                                dr.update(repeating: 0)
                                for i in 0..<rows {
                                    let fRow = f.baseAddress! + i * clusters, gRow = g.baseAddress! + i * clusters
                                    var term: Float = 0
                                    for k in 0..<clusters { term += fRow[k] * gRow[k] }
                                    total += Double(term)
                                    for k in 0..<clusters {
                                        let slope = gRow[k] * (1 - alpha * (fRow[k] - term))
                                        if slope == 0 { continue }
                                        distance.accumulateGradient(
                                            h.baseAddress! + i * width, r.baseAddress! + k * width, count: width,
                                            scale: perRow * slope,
                                            gradientA: dh.baseAddress! + i * width, gradientB: dr.baseAddress! + k * width)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return total / Double(rows)
    }
}
