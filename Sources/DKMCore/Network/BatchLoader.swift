/// Copies minibatch rows into fixed workspaces: the network input (dense or CSR) and the
/// dense reconstruction target.
package final class BatchLoader {
    package let features: Features
    /// The most rows a batch can have (the workspaces' size).
    package let batchSize: Int
    package private(set) var dense: Matrix
    private var sparse: SparseMatrix

    package init(features: Features, batchSize: Int) {
        self.features = features
        self.batchSize = batchSize
        dense = Matrix(rows: batchSize, columns: features.columns)
        sparse = SparseMatrix(columns: features.columns)
        if case .sparse(let matrix) = features {
            let widest = (0..<matrix.rows).map { matrix.rowStarts[$0 + 1] - matrix.rowStarts[$0] }.max() ?? 0
            sparse.reserveCapacity(rows: batchSize, nonZeros: widest * batchSize)
        }
    }

    /// Loads `indices` (at most `batchSize` of them; a distributed rank's share of a batch may
    /// be fewer) and returns the network input.
    package func load(_ indices: [Int]) -> Features {
        precondition(indices.count <= batchSize)
        dense.setRowCount(indices.count)
        switch features {
        case .dense(let matrix):
            matrix.gatherRows(indices, into: &dense)
            return .dense(dense)
        case .sparse(let matrix):
            sparse.removeAllRows()
            for index in indices { sparse.appendRow(of: matrix, at: index) }
            matrix.writeDenseRows(indices, into: &dense)
            return .sparse(sparse)
        }
    }
}
