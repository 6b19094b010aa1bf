import Foundation
import DKMCore

extension TextCorpus {
    /// The whole corpus on rank 0 (nil on the others): every process's tf-idf rows, ids, titles
    /// and labels in rank order. For outputs that are the vectors themselves (`dkm vectorize`).
    public func gathered(_ communicator: Communicator) throws -> TextCorpus? {
        guard communicator.size > 1 else { return self }
        let rowLengths = (0..<matrix.rows).map { matrix.rowStarts[$0 + 1] - matrix.rowStarts[$0] }
        let lengths = try communicator.gatherConcatenated(rowLengths)
        let columns = try communicator.gatherConcatenated(matrix.columnIndices)
        let values = try communicator.gatherConcatenated(matrix.values)
        let parts = try communicator.gather(
            bytes: Array(try JSONEncoder().encode(Identities(ids: ids, titles: titles, labels: labels, snippets: snippets))),
            root: 0)
        guard communicator.isRoot else { return nil }
        var starts = [0]
        for length in lengths { starts.append(starts.last! + length) }
        var whole = self
        whole.matrix = SparseMatrix(
            rows: lengths.count, columns: matrix.columns, rowStarts: starts, columnIndices: columns,
            values: values)
        let identities = try parts.map { try JSONDecoder().decode(Identities.self, from: Data($0)) }
        whole.ids = identities.flatMap(\.ids)
        whole.titles = identities.flatMap(\.titles)
        whole.labels = identities.flatMap(\.labels)
        whole.snippets = identities.flatMap(\.snippets)
        return whole
    }

    /// What names a process's documents, sent in one message.
    private struct Identities: Codable {
        var ids: [String]
        var titles: [String?]
        var labels: [String?]
        var snippets: [String]
    }
}
