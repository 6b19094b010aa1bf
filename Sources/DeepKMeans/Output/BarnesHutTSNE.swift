import Foundation
import DKMCore

/// Barnes-Hut t-SNE (van der Maaten, JMLR 2014): the input affinities only between each point
/// and its 3 x perplexity nearest neighbours, the map's repulsion from a quadtree, so a step costs
/// O(n log n) instead of exact t-SNE's O(n^2). The same descent as the exact method
/// (`TSNEDescent`).
package enum BarnesHutTSNE {
    /// The cell size over distance below which a cell repels as one point. 0.8, the top of
    /// scikit-learn's advised range (the paper and scikit-learn default to 0.5): the map of 2,000
    /// newsgroup paragraphs took 1.8 s instead of 2.5 s, and its points' 10 nearest neighbours
    /// shared their label no less often (0.265 against 0.236).
    package static let defaultTheta = 0.8

    /// Symmetric input affinities P (summing to 1) as rows of (neighbour, value).
    package struct Affinities {
        package var rowStarts: [Int]
        package var neighbors: [Int]
        package var values: [Double]
    }

    package static func embed(
        _ points: Matrix, random: inout RandomGenerator, iterations: Int = Projection.tsneIterations,
        theta: Double = defaultTheta
    ) -> Matrix {
        let n = points.rows
        let perplexity = min(30.0, Double(n - 1) / 3)
        let affinities = self.affinities(points, perplexity: perplexity)
        // Recentred each step, so the quadtree's box does not drift.
        return TSNEDescent.run(pointCount: n, iterations: iterations, recenters: true, random: &random) { y, exaggeration, g in
            gradient(positions: y, affinities: affinities, exaggeration: exaggeration, theta: theta, into: &g)
        }
    }

    /// The gradient of KL(P || Q) at map `positions` (x0, y0, x1, y1, ...):
    /// 4 sum_j (exaggeration p_ij - q_ij) w_ij (y_i - y_j) with w_ij = 1 / (1 + |y_i - y_j|^2),
    /// the attraction over P's neighbours exactly and the repulsion by the quadtree at `theta`.
    package static func gradient(
        positions: [Double], affinities: Affinities, exaggeration: Double, theta: Double,
        into gradient: inout [Double]
    ) {
        let n = positions.count / 2
        var repulsion = [Double](repeating: 0, count: 3 * n)
        positions.withUnsafeBufferPointer { y in
            let tree = QuadTree(positions: y, count: n)
            repulsion.withUnsafeMutableBufferPointer { out in
                // Dense regions cost more to traverse: chunks taken in turn keep both cores busy.
                Parallel.forEachChunk(n, chunk: 64) { range in
                    let stack = UnsafeMutableBufferPointer<Int32>.allocate(capacity: tree.stackCapacity)
                    defer { stack.deallocate() }
                    for i in range {
                        let (fx, fy, q) = tree.repulsion(on: i, x: y[2 * i], y: y[2 * i + 1], theta: theta, stack: stack)
                        out[3 * i] = fx
                        out[3 * i + 1] = fy
                        out[3 * i + 2] = q
                    }
                }
            }
        }
        // The normalization, summed in point order whatever the thread count.
        var sumQ = 0.0
        for i in 0..<n { sumQ += repulsion[3 * i + 2] }
        sumQ = max(sumQ, 1e-300)
        positions.withUnsafeBufferPointer { y in
            gradient.withUnsafeMutableBufferPointer { g in
                Parallel.forEachRange(n, minimumPerThread: 256) { range in
                    for i in range {
                        var ax = 0.0, ay = 0.0
                        for e in affinities.rowStarts[i]..<affinities.rowStarts[i + 1] {
                            let j = affinities.neighbors[e]
                            let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                            let w = 1 / (1 + dx * dx + dy * dy)
                            ax += affinities.values[e] * w * dx
                            ay += affinities.values[e] * w * dy
                        }
                        g[2 * i] = 4 * (exaggeration * ax - repulsion[3 * i] / sumQ)
                        g[2 * i + 1] = 4 * (exaggeration * ay - repulsion[3 * i + 1] / sumQ)
                    }
                }
            }
        }
    }

    /// p_ij = (p_j|i + p_i|j) / 2n over each point's nearest neighbours, p_j|i a Gaussian whose
    /// bandwidth gives the row the perplexity.
    package static func affinities(_ points: Matrix, perplexity: Double) -> Affinities {
        let n = points.rows
        let k = min(n - 1, Int((3 * perplexity).rounded(.up)))
        let (neighbors, distances) = nearestNeighbors(points, count: k)
        var conditional = [Double](repeating: 0, count: n * k)
        let targetEntropy = log(perplexity)
        conditional.withUnsafeMutableBufferPointer { p in
            Parallel.forEachRange(n, minimumPerThread: 128) { range in
                for i in range {
                    let row = i * k
                    // Distances relative to the nearest, so exp does not underflow on far rows.
                    let nearest = distances[row]
                    var bandwidth = TSNEBandwidth()
                    for _ in 0..<64 {
                        let beta = bandwidth.beta
                        var sum = 0.0, weighted = 0.0
                        for e in row..<row + k {
                            let d = distances[e] - nearest
                            let w = exp(-d * beta)
                            p[e] = w
                            sum += w
                            weighted += w * d
                        }
                        let entropy = log(sum) + beta * weighted / sum
                        for e in row..<row + k { p[e] /= sum }
                        if !bandwidth.update(entropy: entropy, target: targetEntropy) { break }
                    }
                }
            }
        }
        // Symmetrize: every (i, j) edge of either direction, merged per row.
        var rows = [[(Int, Double)]](repeating: [], count: n)
        for i in 0..<n {
            for e in i * k..<(i + 1) * k {
                let j = neighbors[e], value = conditional[e] / (2 * Double(n))
                rows[i].append((j, value))
                rows[j].append((i, value))
            }
        }
        var result = Affinities(rowStarts: [0], neighbors: [], values: [])
        result.neighbors.reserveCapacity(2 * n * k)
        result.values.reserveCapacity(2 * n * k)
        for i in 0..<n {
            rows[i].sort { $0.0 < $1.0 }
            var e = 0
            while e < rows[i].count {
                let j = rows[i][e].0
                var value = 0.0
                while e < rows[i].count, rows[i][e].0 == j { value += rows[i][e].1; e += 1 }
                result.neighbors.append(j)
                result.values.append(value)
            }
            result.rowStarts.append(result.neighbors.count)
        }
        return result
    }

    /// Each point's `count` nearest other points (squared Euclidean distance, nearest first; ties
    /// by index), from blocks of dot products.
    package static func nearestNeighbors(_ points: Matrix, count k: Int) -> (neighbors: [Int], distances: [Double]) {
        let n = points.rows, block = 512
        let norms = points.rowSquaredNorms()
        var neighbors = [Int](repeating: 0, count: n * k), distances = [Double](repeating: 0, count: n * k)
        var start = 0
        while start < n {
            let rows = min(block, n - start)
            let slice = points.gatheringRows(Array(start..<start + rows))
            var dots = Matrix(rows: rows, columns: n)
            LinearAlgebra.multiply(slice, points, into: &dots, transposeB: true)
            let products = dots
            neighbors.withUnsafeMutableBufferPointer { nb in
                distances.withUnsafeMutableBufferPointer { ds in
                    Parallel.forEachRange(rows, minimumPerThread: 16) { range in
                        var candidates = [(Double, Int)]()
                        candidates.reserveCapacity(n)
                        for r in range {
                            let i = start + r
                            candidates.removeAll(keepingCapacity: true)
                            for j in 0..<n where j != i {
                                candidates.append((max(norms[i] + norms[j] - 2 * Double(products[r, j]), 0), j))
                            }
                            for (slot, pair) in Self.smallest(k, of: candidates).enumerated() {
                                ds[i * k + slot] = pair.0
                                nb[i * k + slot] = pair.1
                            }
                        }
                    }
                }
            }
            start += rows
        }
        return (neighbors, distances)
    }

    /// The `k` smallest of `candidates` in order (distance, then index), through a max-heap.
    private static func smallest(_ k: Int, of candidates: [(Double, Int)]) -> [(Double, Int)] {
        func less(_ a: (Double, Int), _ b: (Double, Int)) -> Bool { a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }
        var heap = Array(candidates.prefix(k))
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let left = 2 * i + 1, right = left + 1
                var largest = i
                if left < heap.count, less(heap[largest], heap[left]) { largest = left }
                if right < heap.count, less(heap[largest], heap[right]) { largest = right }
                if largest == i { return }
                heap.swapAt(i, largest)
                i = largest
            }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        for candidate in candidates.dropFirst(k) where less(candidate, heap[0]) {
            heap[0] = candidate
            siftDown(0)
        }
        return heap.sorted(by: less)
    }
}
