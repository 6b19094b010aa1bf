import Foundation
import DKMCore

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
///
/// Distributed, each process passes its own rows (a contiguous range of the global order) and
/// only sums cross between them: D² sampling draws the same random numbers everywhere and finds
/// the chosen point through the processes' summed potentials, and Lloyd's updates sum the
/// centers' coordinate sums and counts. With one process every sum is the local one, so the
/// result is the single-process algorithm's, bit for bit.
public struct KMeans {
    /// With `settings.spherical`, the caller passes unit rows (`Features.unitRows()`).
    public let settings: KMeansSettings
    public let communicator: Communicator

    public init(_ settings: KMeansSettings, communicator: Communicator = SingleProcess.shared) {
        self.settings = settings
        self.communicator = communicator
    }

    /// Clusters `data` (this process's rows); the result's assignments are for those rows.
    public func fit<Input: KMeansInput>(_ data: Input, random: inout RandomGenerator) throws -> KMeansResult {
        let k = settings.clusterCount
        guard k >= 1 else { throw ClusteringError.invalidSetting("the number of clusters must be at least 1") }
        let layout = try RowLayout(localCount: data.rowCount, communicator: communicator)
        guard layout.globalCount >= k else { throw ClusteringError.tooFewPoints(points: layout.globalCount, clusters: k) }
        guard settings.restarts >= 1 else { throw ClusteringError.invalidSetting("k-means needs at least one restart") }
        let norms = data.rowSquaredNorms()
        let threshold = settings.tolerance * (try meanVariance(data, norms: norms, layout: layout))
        var best: KMeansResult?
        for _ in 0..<settings.restarts {
            let seeds = try seedCenters(data, norms: norms, layout: layout, random: &random)
            let result = try lloyd(data, norms: norms, layout: layout, centers: seeds, threshold: threshold)
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

    private func meanVariance<Input: KMeansInput>(_ data: Input, norms: [Double], layout: RowLayout) throws -> Double {
        let n = Double(layout.globalCount), d = data.columnCount
        // The coordinate sums, then the sum of squared norms, summed over the processes at once.
        var sums = [Double](repeating: 0, count: d + 1)
        sums.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<data.rowCount { data.addRow(i, to: buffer.baseAddress!) }
        }
        sums[d] = norms.reduce(0, +)
        try communicator.sum(&sums)
        let meanSquare = sums[d] / n
        let squaredMean = sums[0..<d].reduce(0) { $0 + ($1 / n) * ($1 / n) }
        return max(meanSquare - squaredMean, 0) / Double(d)
    }

    /// The rows at global indices, on every process.
    private func rows<Input: KMeansInput>(_ data: Input, at globals: [Int], layout: RowLayout) throws -> Matrix {
        try communicator.rows(at: globals, layout: layout, columns: data.columnCount) { data.denseRow($0) }
    }

    /// Squared distances from every local row to each row of `points` (rowCount x points.rows).
    private func distances<Input: KMeansInput>(_ data: Input, norms: [Double], to points: Matrix) -> Matrix {
        let pointNorms = points.rowSquaredNorms()
        var dots = Matrix(rows: data.rowCount, columns: points.rows)
        data.dotProducts(with: points, into: &dots)
        for i in 0..<data.rowCount {
            for j in 0..<points.rows {
                dots[i, j] = Float(max(norms[i] + pointNorms[j] - 2 * Double(dots[i, j]), 0))
            }
        }
        return dots
    }

    private func seedCenters<Input: KMeansInput>(
        _ data: Input, norms: [Double], layout: RowLayout,
        random: inout RandomGenerator
    ) throws -> Matrix {
        let k = settings.clusterCount, n = data.rowCount
        let trials = 2 + Int(log(Double(k)))
        var chosen = [random.index(below: layout.globalCount)]
        var centers = try rows(data, at: chosen, layout: layout)
        let first = distances(data, norms: norms, to: centers)
        var closest = (0..<n).map { Double(first[$0, 0]) }
        var potential = try communicator.sum(closest.reduce(0, +))
        while chosen.count < k {
            let candidates = try sampleProportionally(closest, total: potential, draws: trials, layout: layout, random: &random)
            let candidateRows = try rows(data, at: candidates, layout: layout)
            let candidateDistances = distances(data, norms: norms, to: candidateRows)
            var potentials = [Double](repeating: 0, count: trials)
            for t in 0..<trials {
                var sum = 0.0
                for i in 0..<n { sum += min(closest[i], Double(candidateDistances[i, t])) }
                potentials[t] = sum
            }
            try communicator.sum(&potentials)
            var bestPotential = Double.infinity, bestTrial = 0
            for t in 0..<trials where potentials[t] < bestPotential {
                bestPotential = potentials[t]
                bestTrial = t
            }
            for i in 0..<n { closest[i] = min(closest[i], Double(candidateDistances[i, bestTrial])) }
            potential = bestPotential
            chosen.append(candidates[bestTrial])
            centers = Matrix(
                rows: centers.rows + 1, columns: centers.columns,
                values: centers.values + candidateRows.row(bestTrial))
        }
        return centers
    }

    /// `draws` global indices, each drawn with probability weights[i] / total over the weights
    /// of every process (uniform when all weights are zero). The process sums find the process
    /// a draw falls in; that process finds the point.
    private func sampleProportionally(
        _ weights: [Double], total: Double, draws: Int, layout: RowLayout,
        random: inout RandomGenerator
    ) throws -> [Int] {
        guard total > 0 else { return (0..<draws).map { _ in random.index(below: layout.globalCount) } }
        let processTotals = try communicator.allGather(weights.reduce(0, +))
        var found = [Int](repeating: 0, count: draws)
        for draw in 0..<draws {
            let target = random.nextUnitDouble() * total
            var before = 0.0
            var owner = processTotals.lastIndex { $0 > 0 } ?? 0
            for (process, sum) in processTotals.enumerated() {
                if before + sum > target { owner = process; break }
                before += sum
            }
            guard owner == layout.rank else { continue }
            let local = target - (processTotals[..<owner].reduce(0, +))
            var running = 0.0, pick = weights.lastIndex { $0 > 0 } ?? weights.count - 1
            for (i, w) in weights.enumerated() {
                running += w
                if running > local { pick = i; break }
            }
            found[draw] = layout.offsets[owner] + pick
        }
        try communicator.sum(&found)
        return found
    }

    private func lloyd<Input: KMeansInput>(
        _ data: Input, norms: [Double], layout: RowLayout, centers start: Matrix,
        threshold: Double
    ) throws -> KMeansResult {
        let k = settings.clusterCount, d = data.columnCount, n = data.rowCount
        var centers = start
        var (assignments, distances) = KMeans.assign(data, norms: norms, centers: centers)
        var iterations = 0
        while iterations < settings.maxIterations {
            iterations += 1
            // Coordinate sums per cluster, then the counts, summed over the processes at once.
            var sums = [Double](repeating: 0, count: k * d + k)
            sums.withUnsafeMutableBufferPointer { buffer in
                for i in 0..<n {
                    buffer[k * d + assignments[i]] += 1
                    data.addRow(i, to: buffer.baseAddress! + assignments[i] * d)
                }
            }
            try communicator.sum(&sums)
            let counts = (0..<k).map { Int(sums[k * d + $0]) }
            var updated = Matrix(rows: k, columns: d)
            // Empty clusters take the points farthest from their centers (scikit-learn's rule).
            let empty = (0..<k).filter { counts[$0] == 0 }
            if !empty.isEmpty {
                let farthest = try farthestPoints(distances, count: empty.count, layout: layout)
                let rows = try rows(data, at: farthest, layout: layout)
                for (slot, cluster) in empty.enumerated() where slot < farthest.count {
                    for c in 0..<d { updated[cluster, c] = rows[slot, c] }
                }
            }
            for j in 0..<k where counts[j] > 0 {
                // The mean's direction maximizes the summed cosine similarity of the members.
                let scale =
                    settings.spherical
                    ? sums[(j * d)..<(j * d + d)].reduce(0) { $0 + $1 * $1 }.squareRoot()
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
            let changed = try communicator.any(assignments != previous)
            if !changed || shift <= threshold { break }
        }
        let inertia = try communicator.sum(distances.reduce(0, +))
        return KMeansResult(centers: centers, assignments: assignments, inertia: inertia, iterations: iterations)
    }

    /// Global indices of the `count` points farthest from their centers, farthest first (ties:
    /// lower index first).
    private func farthestPoints(_ distances: [Double], count: Int, layout: RowLayout) throws -> [Int] {
        let local = (0..<distances.count).sorted { distances[$0] > distances[$1] }.prefix(count)
        let candidates = try communicator.allGatherConcatenated(
            local.map { [distances[$0], Double(layout.offsets[layout.rank] + $0)] }.flatMap { $0 })
        let pairs = stride(from: 0, to: candidates.count, by: 2).map { (candidates[$0], Int(candidates[$0 + 1])) }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.prefix(count).map(\.1)
    }
}
