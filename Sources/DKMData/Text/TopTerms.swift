import DKMCore
/// The terms that describe a cluster, in two views.
public enum TopTerms {
    public struct Term: Codable, Equatable, Sendable {
        public var term: String
        public var weight: Float

        public init(term: String, weight: Float) {
            self.term = term
            self.weight = weight
        }
    }

    /// Decoder view: the entries of a representative decoded to tf-idf space that most exceed
    /// `baseline` (the decoded mean of the corpus), largest first, so that the terms frequent
    /// everywhere do not lead every cluster; without a baseline, the largest entries.
    public static func decoded(_ decoded: Matrix, baseline: [Float]? = nil, vocabulary: [String], count: Int) -> [[Term]] {
        precondition(decoded.columns == vocabulary.count && (baseline?.count ?? vocabulary.count) == vocabulary.count)
        return (0..<decoded.rows).map { k in
            let row = Array(decoded.row(k))
            guard let baseline else { return largest(row, vocabulary: vocabulary, count: count) }
            return largest(zip(row, baseline).map { $0 - $1 }, vocabulary: vocabulary, count: count).filter { $0.weight > 0 }
        }
    }

    /// Members view: the members' mean tf-idf minus the corpus mean, largest first.
    /// Distributed, `matrix` and `clusters` are this process's rows; the sums cover every process's.
    public static func members(
        _ matrix: SparseMatrix, clusters: [Int], clusterCount: Int, vocabulary: [String], count: Int,
        communicator: Communicator = SingleProcess.shared
    ) throws -> [[Term]] {
        let d = matrix.columns
        // Per cluster the column sums, then the corpus's column sums, then the cluster sizes.
        var sums = [Double](repeating: 0, count: clusterCount * d + d + clusterCount)
        let total = clusterCount * d, size = total + d
        for r in 0..<matrix.rows {
            let k = clusters[r]
            sums[size + k] += 1
            for e in matrix.rowStarts[r]..<matrix.rowStarts[r + 1] {
                let c = Int(matrix.columnIndices[e]), v = Double(matrix.values[e])
                sums[k * d + c] += v
                sums[total + c] += v
            }
        }
        try communicator.sum(&sums)
        let rows = sums[size...].reduce(0, +)
        return (0..<clusterCount).map { k in
            guard sums[size + k] > 0 else { return [] }
            let lift = (0..<d).map { Float(sums[k * d + $0] / sums[size + k] - sums[total + $0] / rows) }
            return largest(lift, vocabulary: vocabulary, count: count).filter { $0.weight > 0 }
        }
    }

    /// Each cluster's mean row (clusters x columns; a cluster with no row is all zeros).
    public static func memberMeans(_ matrix: SparseMatrix, clusters: [Int], clusterCount: Int) -> Matrix {
        var means = Matrix(rows: clusterCount, columns: matrix.columns)
        var sizes = [Float](repeating: 0, count: clusterCount)
        for r in 0..<matrix.rows {
            sizes[clusters[r]] += 1
            for e in matrix.rowStarts[r]..<matrix.rowStarts[r + 1] { means[clusters[r], Int(matrix.columnIndices[e])] += matrix.values[e] }
        }
        for k in 0..<clusterCount where sizes[k] > 0 {
            for c in 0..<matrix.columns { means[k, c] /= sizes[k] }
        }
        return means
    }

    static func largest(_ weights: [Float], vocabulary: [String], count: Int) -> [Term] {
        weights.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
            .prefix(count).map { Term(term: vocabulary[$0], weight: weights[$0]) }
    }
}
