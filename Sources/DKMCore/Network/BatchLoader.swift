/// Copies minibatch rows into fixed workspaces: the network input (dense or CSR) and the
/// dense reconstruction target.
package final class BatchLoader {
    package let features: Features
    /// The most rows a batch can have (the workspaces' size).
    package let batchSize: Int
    package private(set) var dense: Matrix
    private var sparse: SparseMatrix
    /// The corrupted dense input of a denoising step (sized on first use).
    private var noisy = Matrix(rows: 0, columns: 0)

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

    /// Loads `indices` as `load` does, then zeroes each input entry with probability `rate` and
    /// scales the others by 1 / (1 - rate) (inverted dropout on the input, as a denoising
    /// auto-encoder is trained); the reconstruction target `dense` stays clean. Row i's noise is
    /// drawn from `rowSeeds[i]` alone, so it does not depend on which process holds the row.
    package func loadCorrupted(_ indices: [Int], rate: Float, rowSeeds: [UInt64]) -> Features {
        precondition(rowSeeds.count == indices.count)
        let input = load(indices)
        let threshold = UInt64(Double(rate) * Double(UInt64.max))
        let keep = 1 / (1 - rate)
        switch input {
        case .dense(let clean):
            if noisy.rows < batchSize || noisy.columns != clean.columns { noisy = Matrix(rows: batchSize, columns: clean.columns) }
            noisy.setRowCount(clean.rows)
            let width = clean.columns
            for row in 0..<clean.rows {
                var random = RandomGenerator(seed: rowSeeds[row])
                for i in row * width..<(row + 1) * width {
                    noisy.values[i] = random.next() < threshold ? 0 : clean.values[i] * keep
                }
            }
            return .dense(noisy)
        case .sparse:
            let starts = sparse.rowStarts
            sparse.updateValues { values in
                for row in 0..<indices.count {
                    var random = RandomGenerator(seed: rowSeeds[row])
                    for i in starts[row]..<starts[row + 1] { values[i] = random.next() < threshold ? 0 : values[i] * keep }
                }
            }
            return .sparse(sparse)
        }
    }
}
