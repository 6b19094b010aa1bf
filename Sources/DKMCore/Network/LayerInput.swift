/// What a layer reads: dense rows, or CSR rows for a first layer on sparse text features.
public enum LayerInput {
    case dense(Matrix)
    case sparse(SparseMatrix)

    public var rows: Int {
        switch self {
        case .dense(let matrix): matrix.rows
        case .sparse(let matrix): matrix.rows
        }
    }

    public var columns: Int {
        switch self {
        case .dense(let matrix): matrix.columns
        case .sparse(let matrix): matrix.columns
        }
    }
}
