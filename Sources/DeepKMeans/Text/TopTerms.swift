/// The terms that describe a cluster, in two views.
public enum TopTerms {
    public struct Term: Codable, Equatable, Sendable {
        public var term: String
        public var weight: Float
    }

    /// Decoder view: the largest entries of a representative decoded to tf-idf space.
    public static func decoded(_ decoded: Matrix, vocabulary: [String], count: Int) -> [[Term]] {
        precondition(decoded.columns == vocabulary.count)
        return (0..<decoded.rows).map { k in largest(Array(decoded.row(k)), vocabulary: vocabulary, count: count) }
    }

    /// Members view: the members' mean tf-idf minus the corpus mean, largest first.
    public static func members(_ matrix: SparseMatrix, clusters: [Int], clusterCount: Int, vocabulary: [String], count: Int) -> [[Term]] {
        let d = matrix.columns
        var sums = [Double](repeating: 0, count: clusterCount * d)
        var total = [Double](repeating: 0, count: d)
        var sizes = [Int](repeating: 0, count: clusterCount)
        for r in 0..<matrix.rows {
            let k = clusters[r]
            sizes[k] += 1
            for e in matrix.rowStarts[r] ..< matrix.rowStarts[r + 1] {
                let c = Int(matrix.columnIndices[e]), v = Double(matrix.values[e])
                sums[k * d + c] += v
                total[c] += v
            }
        }
        return (0..<clusterCount).map { k in
            guard sizes[k] > 0 else { return [] }
            let lift = (0..<d).map { Float(sums[k * d + $0] / Double(sizes[k]) - total[$0] / Double(matrix.rows)) }
            return largest(lift, vocabulary: vocabulary, count: count).filter { $0.weight > 0 }
        }
    }

    static func largest(_ weights: [Float], vocabulary: [String], count: Int) -> [Term] {
        weights.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
            .prefix(count).map { Term(term: vocabulary[$0], weight: weights[$0]) }
    }
}
