import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct BarnesHutTSNETests {
    /// Random map positions and the affinities of blob points, for 60 points.
    func fixture() -> (positions: [Double], affinities: BarnesHutTSNE.Affinities, n: Int) {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 20, dimensions: 6, spread: 0.7, seed: 5)
        let affinities = BarnesHutTSNE.affinities(points, perplexity: 10)
        var random = RandomGenerator(seed: 11)
        let positions = (0..<(2 * points.rows)).map { _ in random.nextUnitDouble() * 10 - 5 }
        return (positions, affinities, points.rows)
    }

    /// The exact gradient of KL(P || Q), every pair summed, from P as a dense table.
    func bruteForceGradient(_ y: [Double], _ affinities: BarnesHutTSNE.Affinities, n: Int, exaggeration: Double) -> [Double] {
        var p = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for e in affinities.rowStarts[i]..<affinities.rowStarts[i + 1] { p[i * n + affinities.neighbors[e]] = affinities.values[e] }
        }
        var z = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                z += 1 / (1 + dx * dx + dy * dy)
            }
        }
        var gradient = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let w = 1 / (1 + dx * dx + dy * dy)
                let force = 4 * (exaggeration * p[i * n + j] - w / z) * w
                gradient[2 * i] += force * dx
                gradient[2 * i + 1] += force * dy
            }
        }
        return gradient
    }

    @Test func withThetaZeroTheGradientIsExact() {
        let (y, affinities, n) = fixture()
        for exaggeration in [1.0, 12.0] {
            var gradient = [Double](repeating: 0, count: 2 * n)
            BarnesHutTSNE.gradient(positions: y, affinities: affinities, exaggeration: exaggeration, theta: 0, into: &gradient)
            let exact = bruteForceGradient(y, affinities, n: n, exaggeration: exaggeration)
            let scale = exact.map(abs).max()!
            for k in exact.indices { #expect(abs(gradient[k] - exact[k]) <= 1e-9 * scale, "entry \(k)") }
        }
    }

    @Test(arguments: [(0.5, 0.05), (BarnesHutTSNE.defaultTheta, 0.1)])
    func theQuadtreeApproximatesTheGradientClosely(theta: Double, bound: Double) {
        let (y, affinities, n) = fixture()
        var gradient = [Double](repeating: 0, count: 2 * n)
        BarnesHutTSNE.gradient(positions: y, affinities: affinities, exaggeration: 1, theta: theta, into: &gradient)
        let exact = bruteForceGradient(y, affinities, n: n, exaggeration: 1)
        let error = zip(gradient, exact).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let norm = exact.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(error / norm < bound, "relative error \(error / norm)")
        #expect(error > 0)  // theta > 0 does approximate: the tree is in use
    }

    @Test func neighboursAndAffinitiesMatchTheirDefinitions() {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 20, dimensions: 6, spread: 0.7, seed: 5)
        let n = points.rows, k = 7
        let (neighbors, distances) = BarnesHutTSNE.nearestNeighbors(points, count: k)
        for i in 0..<n {
            let brute = (0..<n).filter { $0 != i }.map { j -> (Double, Int) in
                (zip(points.row(i), points.row(j)).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }, j)
            }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            #expect(Array(neighbors[i * k..<(i + 1) * k]) == brute.prefix(k).map(\.1), "point \(i)")
            for slot in 0..<k { #expect(abs(distances[i * k + slot] - brute[slot].0) < 1e-4 * max(1, brute[slot].0)) }
        }
        let affinities = BarnesHutTSNE.affinities(points, perplexity: 5)
        #expect(abs(affinities.values.reduce(0, +) - 1) < 1e-9)
        var table = [Int: Double]()
        for i in 0..<n {
            for e in affinities.rowStarts[i]..<affinities.rowStarts[i + 1] { table[i * n + affinities.neighbors[e]] = affinities.values[e] }
        }
        for (key, value) in table { #expect(abs((table[(key % n) * n + key / n] ?? -1) - value) < 1e-15) }
    }

    @Test func theMapDoesNotDependOnTheThreadCount() {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 40, dimensions: 5, spread: 0.5, seed: 2)
        var first = RandomGenerator(seed: 4), second = RandomGenerator(seed: 4)
        let one = Parallel.withThreadCount(1) { BarnesHutTSNE.embed(points, random: &first, iterations: 200) }
        let two = Parallel.withThreadCount(2) { BarnesHutTSNE.embed(points, random: &second, iterations: 200) }
        #expect(one == two)
    }
}
