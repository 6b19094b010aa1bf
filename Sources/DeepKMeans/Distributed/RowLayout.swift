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
    public var localRange: Range<Int> { offsets[rank] ..< offsets[rank + 1] }
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

/// The part of an ordered input (files, rows) one process reads: the `index`-th of `count`
/// contiguous, nearly equal ranges.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "shard \(index) of \(count)")
        self.index = index
        self.count = count
    }

    public static let whole = Shard(index: 0, count: 1)

    /// This shard's part of 0 ..< total.
    public func range(of total: Int) -> Range<Int> {
        (total * index / count) ..< (total * (index + 1) / count)
    }

    public func part<T>(of items: [T]) -> ArraySlice<T> { items[range(of: items.count)] }

    public var description: String { "shard \(index + 1) of \(count)" }
}

extension Communicator {
    /// The rows at global indices `globals`, on every process: each comes from the process
    /// holding it, through a sum in which the others add zeros.
    func rows(at globals: [Int], layout: RowLayout, columns: Int, row: (Int) -> [Float]) throws -> Matrix {
        var values = [Float](repeating: 0, count: globals.count * columns)
        for (slot, global) in globals.enumerated() {
            guard let local = layout.localIndex(global) else { continue }
            values.replaceSubrange(slot * columns ..< (slot + 1) * columns, with: row(local))
        }
        try sum(&values)
        return Matrix(rows: globals.count, columns: columns, values: values)
    }
}

extension Features {
    /// A hash of the rows that does not depend on how they are split over processes: each row
    /// is hashed with its global index, and the row hashes are summed (modulo 2^32 per half).
    func rowHashSum(firstRow: Int, communicator: Communicator) throws -> UInt64 {
        var halves: [Int] = [0, 0]
        for r in 0..<rows {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            func mix(_ value: UInt64) { hash = (hash ^ value) &* 0x0100_0000_01B3 }
            mix(UInt64(firstRow + r))
            switch self {
            case .dense(let m): for v in m.row(r) { mix(UInt64(v.bitPattern)) }
            case .sparse(let m):
                for e in m.rowStarts[r] ..< m.rowStarts[r + 1] {
                    mix(UInt64(UInt32(bitPattern: m.columnIndices[e])))
                    mix(UInt64(m.values[e].bitPattern))
                }
            }
            halves[0] = (halves[0] + Int(hash & 0xFFFF_FFFF)) & 0xFFFF_FFFF
            halves[1] = (halves[1] + Int(hash >> 32)) & 0xFFFF_FFFF
        }
        try communicator.sum(&halves)
        return UInt64(halves[0] & 0xFFFF_FFFF) | UInt64(halves[1] & 0xFFFF_FFFF) << 32
    }
}
