/// Rows of numbers: dense (images, embeddings) or CSR (tf-idf text). What a method clusters,
/// and what a layer reads (a first layer reads CSR rows directly).
public enum Features: Sendable {
    case dense(Matrix)
    case sparse(SparseMatrix)

    public var rows: Int {
        switch self {
        case .dense(let m): m.rows
        case .sparse(let m): m.rows
        }
    }

    public var columns: Int {
        switch self {
        case .dense(let m): m.columns
        case .sparse(let m): m.columns
        }
    }

    public func gatheringRows(_ indices: [Int]) -> Features {
        switch self {
        case .dense(let m): .dense(m.gatheringRows(indices))
        case .sparse(let m): .sparse(m.gatheringRows(indices))
        }
    }

    /// All values finite? (Bad input must not reach training.)
    public var isFinite: Bool {
        switch self {
        case .dense(let m): m.values.allSatisfy(\.isFinite)
        case .sparse(let m): m.values.allSatisfy(\.isFinite)
        }
    }
}

extension Features {
    /// Every row scaled to unit Euclidean length (rows of zeros stay zero), so that squared
    /// Euclidean distances between rows are 2 x their cosine distances.
    public func unitRows() -> Features {
        switch self {
        case .dense(var m):
            for r in 0..<m.rows {
                let norm = m.row(r).reduce(Double(0)) { $0 + Double($1) * Double($1) }.squareRoot()
                guard norm > 0 else { continue }
                for c in 0..<m.columns { m[r, c] = Float(Double(m[r, c]) / norm) }
            }
            return .dense(m)
        case .sparse(let m):
            var values = m.values
            for r in 0..<m.rows {
                let range = m.rowStarts[r]..<m.rowStarts[r + 1]
                let norm = values[range].reduce(Double(0)) { $0 + Double($1) * Double($1) }.squareRoot()
                guard norm > 0 else { continue }
                for i in range { values[i] = Float(Double(values[i]) / norm) }
            }
            return .sparse(
                SparseMatrix(
                    rows: m.rows, columns: m.columns, rowStarts: m.rowStarts,
                    columnIndices: m.columnIndices, values: values))
        }
    }
}
