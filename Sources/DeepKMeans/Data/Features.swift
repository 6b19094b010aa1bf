/// The rows a method clusters: dense (images, embeddings) or CSR (tf-idf text).
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
