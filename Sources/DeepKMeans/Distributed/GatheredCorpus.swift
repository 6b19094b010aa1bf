import Foundation

extension TextCorpus {
    /// The whole corpus on rank 0 (nil on the others): every process's tf-idf rows, ids, titles
    /// and labels in rank order. For outputs that are the vectors themselves (`dkm vectorize`).
    public func gathered(_ communicator: Communicator) throws -> TextCorpus? {
        guard communicator.size > 1 else { return self }
        let rowLengths = (0..<matrix.rows).map { matrix.rowStarts[$0 + 1] - matrix.rowStarts[$0] }
        let lengths = try communicator.gatherConcatenated(rowLengths)
        let columns = try communicator.gatherConcatenated(matrix.columnIndices)
        let values = try communicator.gatherConcatenated(matrix.values)
        let ids = try communicator.gather(bytes: Array(try JSONEncoder().encode(self.ids)), root: 0)
        let titles = try communicator.gather(bytes: Array(try JSONEncoder().encode(self.titles)), root: 0)
        let labels = try communicator.gather(bytes: Array(try JSONEncoder().encode(self.labels)), root: 0)
        guard communicator.isRoot else { return nil }
        var starts = [0]
        for length in lengths { starts.append(starts.last! + length) }
        var whole = self
        whole.matrix = SparseMatrix(rows: lengths.count, columns: matrix.columns, rowStarts: starts, columnIndices: columns,
                                    values: values)
        whole.ids = try ids.flatMap { try JSONDecoder().decode([String].self, from: Data($0)) }
        whole.titles = try titles.flatMap { try JSONDecoder().decode([String?].self, from: Data($0)) }
        whole.labels = try labels.flatMap { try JSONDecoder().decode([String?].self, from: Data($0)) }
        return whole
    }
}
