import DKMCore

/// Keeps every representative in use. Over an epoch it counts the batch points nearest to each
/// representative and remembers the points farthest from their nearest one; at the epoch's end
/// a representative that no point was nearest to moves onto one of those points, the farthest
/// first (as scikit-learn's k-means relocates an empty cluster's center), and its Adam moments
/// are forgotten. Without it a representative that loses its last point never wins one back,
/// and the run ends with an empty cluster.
final class EmptyClusterReseeding {
    private let clusterCount: Int
    /// This process's first row in the global order (distributed training).
    private let firstRow: Int
    private var counts: [Int]
    /// Up to K candidates, (distance to the nearest representative, global row, embedding).
    private var farthest: [(distance: Float, row: Int, point: [Float])] = []

    init(clusterCount: Int, firstRow: Int = 0) {
        self.clusterCount = clusterCount
        self.firstRow = firstRow
        counts = [Int](repeating: 0, count: clusterCount)
    }

    /// Takes note of a batch: `distances` holds f(h_i, r_k) for each of its points (rows) and
    /// representatives (columns); `batch` the points' rows on this process.
    func observe(batch: [Int], embedding: Matrix, distances: Matrix) {
        for i in 0..<distances.rows {
            var nearest = 0
            for k in 1..<clusterCount where distances[i, k] < distances[i, nearest] { nearest = k }
            counts[nearest] += 1
            let distance = distances[i, nearest], row = firstRow + batch[i]
            guard farthest.count < clusterCount || distance > farthest[farthest.count - 1].distance,
                !farthest.contains(where: { $0.row == row })
            else { continue }
            let point = Array(embedding.values[i * embedding.columns..<(i + 1) * embedding.columns])
            let slot = farthest.firstIndex { $0.distance < distance } ?? farthest.count
            farthest.insert((distance, row, point), at: slot)
            if farthest.count > clusterCount { farthest.removeLast() }
        }
    }

    /// Moves each representative that no point of the epoch was nearest to onto a candidate
    /// point, and starts counting the next epoch. Returns how many moved. Distributed, every
    /// process takes the same decision from the counts and candidates of all of them.
    func endEpoch(_ representatives: Parameter, communicator: Communicator) throws -> Int {
        defer {
            counts = [Int](repeating: 0, count: clusterCount)
            farthest.removeAll()
        }
        try communicator.sum(&counts)
        let empty = counts.indices.filter { counts[$0] == 0 }
        guard !empty.isEmpty else { return 0 }
        var candidates = farthest
        if communicator.isDistributed {
            let width = representatives.value.columns
            let distances = try communicator.allGatherConcatenated(farthest.map(\.distance))
            let rows = try communicator.allGatherConcatenated(farthest.map(\.row))
            let points = try communicator.allGatherConcatenated(farthest.flatMap(\.point))
            candidates = distances.indices.map { (distances[$0], rows[$0], Array(points[$0 * width..<($0 + 1) * width])) }
            candidates.sort { ($0.distance, $1.row) > ($1.distance, $0.row) }
        }
        for (k, candidate) in zip(empty, candidates) {
            for (j, value) in candidate.point.enumerated() { representatives.value[k, j] = value }
            representatives.resetOptimizerState(row: k)
        }
        return min(empty.count, candidates.count)
    }
}
