import Foundation

/// Settings of k-means: k-means++ seeding, Lloyd iterations, best of several restarts.
public struct KMeansSettings: Codable, Equatable, Sendable {
    public var clusterCount: Int
    public var restarts: Int = 10
    public var maxIterations: Int = 300
    /// Stop when the total squared center shift falls below this times the mean feature
    /// variance (scikit-learn's convention).
    public var tolerance: Double = 1e-4
    /// Spherical k-means (the cosine distance) on rows scaled to unit length.
    public var spherical = false

    public init(clusterCount: Int, restarts: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4, spherical: Bool = false) {
        self.clusterCount = clusterCount
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.spherical = spherical
    }

    private enum CodingKeys: String, CodingKey { case clusterCount, restarts, maxIterations, tolerance, spherical }

    /// Settings saved before `spherical` existed read as Euclidean.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clusterCount = try container.decode(Int.self, forKey: .clusterCount)
        restarts = try container.decode(Int.self, forKey: .restarts)
        maxIterations = try container.decode(Int.self, forKey: .maxIterations)
        tolerance = try container.decode(Double.self, forKey: .tolerance)
        spherical = try container.decodeIfPresent(Bool.self, forKey: .spherical) ?? false
    }

    /// Euclidean settings encode as they did before `spherical` existed, so the keys of cached
    /// pretrainings and checkpoints made then stay valid.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clusterCount, forKey: .clusterCount)
        try container.encode(restarts, forKey: .restarts)
        try container.encode(maxIterations, forKey: .maxIterations)
        try container.encode(tolerance, forKey: .tolerance)
        if spherical { try container.encode(spherical, forKey: .spherical) }
    }
}

public struct KMeansResult: Sendable {
    public var centers: Matrix
    public var assignments: [Int]
    /// Sum over points of the squared distance to their center.
    public var inertia: Double
    public var iterations: Int
}

/// k-means with greedy k-means++ seeding (as scikit-learn, 2 + ln K candidates per center).
///
/// Spherical k-means (k-means for the cosine distance) is the same algorithm on rows of unit
/// length with each center scaled back to unit length after its update: between unit vectors
/// the squared Euclidean distance is twice the cosine distance, so seeding, assignment and
/// inertia all follow the cosine distance.
public struct KMeans {
    /// With `settings.spherical`, the caller passes unit rows (`Features.unitRows()`).
    public let settings: KMeansSettings

    public init(_ settings: KMeansSettings) { self.settings = settings }

    public func fit<Input: KMeansInput>(_ data: Input, random: inout RandomGenerator) throws -> KMeansResult {
        let k = settings.clusterCount
        guard k >= 1 else { throw ClusteringError.invalidSetting("the number of clusters must be at least 1") }
        guard data.rowCount >= k else { throw ClusteringError.tooFewPoints(points: data.rowCount, clusters: k) }
        guard settings.restarts >= 1 else { throw ClusteringError.invalidSetting("k-means needs at least one restart") }
        let norms = data.rowSquaredNorms()
        let threshold = settings.tolerance * meanVariance(data, norms: norms)
        var best: KMeansResult?
        for _ in 0..<settings.restarts {
            let seeds = seedCenters(data, norms: norms, random: &random)
            let result = lloyd(data, norms: norms, centers: seeds, threshold: threshold)
            if best == nil || result.inertia < best!.inertia { best = result }
        }
        return best!
    }

    /// Assigns each row to its nearest center; returns assignments and squared distances.
    public static func assign<Input: KMeansInput>(_ data: Input, norms: [Double], centers: Matrix) -> ([Int], [Double]) {
        var dots = Matrix(rows: data.rowCount, columns: centers.rows)
        data.dotProducts(with: centers, into: &dots)
        let centerNorms = centers.rowSquaredNorms()
        var assignments = [Int](repeating: 0, count: data.rowCount)
        var distances = [Double](repeating: 0, count: data.rowCount)
        for i in 0..<data.rowCount {
            var bestDistance = Double.infinity, bestCenter = 0
            for j in 0..<centers.rows {
                let d = norms[i] + centerNorms[j] - 2 * Double(dots[i, j])
                if d < bestDistance { bestDistance = d; bestCenter = j }
            }
            assignments[i] = bestCenter
            distances[i] = max(bestDistance, 0)
        }
        return (assignments, distances)
    }

    private func meanVariance<Input: KMeansInput>(_ data: Input, norms: [Double]) -> Double {
        let n = Double(data.rowCount), d = data.columnCount
        var sums = [Double](repeating: 0, count: d)
        sums.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<data.rowCount { data.addRow(i, to: buffer.baseAddress!) }
        }
        let meanSquare = norms.reduce(0, +) / n
        let squaredMean = sums.reduce(0) { $0 + ($1 / n) * ($1 / n) }
        return max(meanSquare - squaredMean, 0) / Double(d)
    }

    /// Squared distances from every row to each of `candidates` (rowCount x candidates.count).
    private func distances<Input: KMeansInput>(_ data: Input, norms: [Double], to candidates: [Int]) -> Matrix {
        let points = Matrix(rowArrays: candidates.map { data.denseRow($0) })
        var dots = Matrix(rows: data.rowCount, columns: candidates.count)
        data.dotProducts(with: points, into: &dots)
        for i in 0..<data.rowCount {
            for (j, candidate) in candidates.enumerated() {
                dots[i, j] = Float(max(norms[i] + norms[candidate] - 2 * Double(dots[i, j]), 0))
            }
        }
        return dots
    }

    private func seedCenters<Input: KMeansInput>(_ data: Input, norms: [Double], random: inout RandomGenerator) -> Matrix {
        let k = settings.clusterCount, n = data.rowCount
        let trials = 2 + Int(log(Double(k)))
        var chosen = [random.index(below: n)]
        let first = distances(data, norms: norms, to: chosen)
        var closest = (0..<n).map { Double(first[$0, 0]) }
        var potential = closest.reduce(0, +)
        while chosen.count < k {
            var candidates: [Int] = []
            for _ in 0..<trials {
                candidates.append(sampleProportionally(closest, total: potential, random: &random))
            }
            let candidateDistances = distances(data, norms: norms, to: candidates)
            var bestPotential = Double.infinity, bestTrial = 0
            for t in 0..<trials {
                var sum = 0.0
                for i in 0..<n { sum += min(closest[i], Double(candidateDistances[i, t])) }
                if sum < bestPotential { bestPotential = sum; bestTrial = t }
            }
            for i in 0..<n { closest[i] = min(closest[i], Double(candidateDistances[i, bestTrial])) }
            potential = bestPotential
            chosen.append(candidates[bestTrial])
        }
        return Matrix(rowArrays: chosen.map { data.denseRow($0) })
    }

    /// An index drawn with probability weights[i] / total (uniform when all weights are zero).
    private func sampleProportionally(_ weights: [Double], total: Double, random: inout RandomGenerator) -> Int {
        guard total > 0 else { return random.index(below: weights.count) }
        let target = random.nextUnitDouble() * total
        var running = 0.0
        for (i, w) in weights.enumerated() {
            running += w
            if running > target { return i }
        }
        return weights.lastIndex { $0 > 0 } ?? weights.count - 1
    }

    private func lloyd<Input: KMeansInput>(_ data: Input, norms: [Double], centers start: Matrix, threshold: Double) -> KMeansResult {
        let k = settings.clusterCount, d = data.columnCount, n = data.rowCount
        var centers = start
        var (assignments, distances) = KMeans.assign(data, norms: norms, centers: centers)
        var iterations = 0
        while iterations < settings.maxIterations {
            iterations += 1
            var sums = [Double](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            sums.withUnsafeMutableBufferPointer { buffer in
                for i in 0..<n {
                    counts[assignments[i]] += 1
                    data.addRow(i, to: buffer.baseAddress! + assignments[i] * d)
                }
            }
            var updated = Matrix(rows: k, columns: d)
            // Empty clusters take the points farthest from their centers (scikit-learn's rule).
            let empty = (0..<k).filter { counts[$0] == 0 }
            let farthest = empty.isEmpty ? [] : Array((0..<n).sorted { distances[$0] > distances[$1] }.prefix(empty.count))
            for (cluster, point) in zip(empty, farthest) {
                let row = data.denseRow(point)
                for c in 0..<d { updated[cluster, c] = row[c] }
            }
            for j in 0..<k where counts[j] > 0 {
                // The mean's direction maximizes the summed cosine similarity of the members.
                let scale = settings.spherical ? sums[(j * d)..<(j * d + d)].reduce(0) { $0 + $1 * $1 }.squareRoot()
                                      : Double(counts[j])
                guard scale > 0 else { continue }
                for c in 0..<d { updated[j, c] = Float(sums[j * d + c] / scale) }
            }
            var shift = 0.0
            for i in 0..<(k * d) {
                let delta = Double(updated.values[i] - centers.values[i])
                shift += delta * delta
            }
            centers = updated
            let previous = assignments
            (assignments, distances) = KMeans.assign(data, norms: norms, centers: centers)
            if assignments == previous || shift <= threshold { break }
        }
        return KMeansResult(centers: centers, assignments: assignments,
                            inertia: distances.reduce(0, +), iterations: iterations)
    }
}
