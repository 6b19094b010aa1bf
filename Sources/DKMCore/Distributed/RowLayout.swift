/// Which global rows each process holds: process r holds rows offsets[r] ..< offsets[r + 1],
/// in the global order (shards are contiguous ranges, so the ranks' rows, concatenated in rank
/// order, are the rows of a single-process run).
public struct RowLayout: Equatable, Sendable {
    public let rank: Int
    public let offsets: [Int]

    public init(rank: Int, counts: [Int]) {
        self.rank = rank
        var offsets = [0]
        for count in counts { offsets.append(offsets.last! + count) }
        self.offsets = offsets
    }

    /// The layout of every process's `localCount` rows.
    public init(localCount: Int, communicator: Communicator) throws {
        self.init(rank: communicator.rank, counts: try communicator.allGather(localCount))
    }

    /// All rows in one process.
    public static func single(_ count: Int) -> RowLayout { RowLayout(rank: 0, counts: [count]) }

    public var globalCount: Int { offsets.last! }
    public var localRange: Range<Int> { offsets[rank]..<offsets[rank + 1] }
    public var localCount: Int { localRange.count }

    /// The local row of a global row, if this process holds it.
    public func localIndex(_ global: Int) -> Int? {
        localRange.contains(global) ? global - offsets[rank] : nil
    }

    /// The process holding a global row.
    public func owner(of global: Int) -> Int {
        var low = 0, high = offsets.count - 2
        while low < high {
            let middle = (low + high + 1) / 2
            if offsets[middle] <= global { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

extension Communicator {
    /// The rows at global indices `globals`, on every process: each comes from the process
    /// holding it, through a sum in which the others add zeros.
    package func rows(at globals: [Int], layout: RowLayout, columns: Int, row: (Int) -> [Float]) throws -> Matrix {
        var matrix = Matrix(rows: globals.count, columns: columns)
        try gatherRows(at: globals, layout: layout, into: &matrix) { local, slot in
            slot.update(fromContentsOf: row(local))
        }
        return matrix
    }

    /// The same into `matrix` (resized only if its shape differs, so a training step can reuse
    /// it): `copy(local, slot)` writes the row of local index `local` into its slot; it is
    /// called for this process's rows in the order of `globals`.
    package func gatherRows(
        at globals: [Int], layout: RowLayout, into matrix: inout Matrix,
        copy: (_ local: Int, _ slot: UnsafeMutableBufferPointer<Float>) -> Void
    ) throws {
        let columns = matrix.columns
        if matrix.rows != globals.count { matrix = Matrix(rows: globals.count, columns: columns) }
        matrix.values.withUnsafeMutableBufferPointer { values in
            values.update(repeating: 0)
            for (index, global) in globals.enumerated() {
                guard let local = layout.localIndex(global) else { continue }
                copy(local, UnsafeMutableBufferPointer(rebasing: values[index * columns..<(index + 1) * columns]))
            }
        }
        try sum(&matrix.values)
    }
}
