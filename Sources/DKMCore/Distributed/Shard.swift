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
        (total * index / count)..<(total * (index + 1) / count)
    }

    public func part<T>(of items: [T]) -> ArraySlice<T> { items[range(of: items.count)] }

    /// This shard's part of the items `pass` produces, handed to `body` as they come, without
    /// holding them: a shard other than the whole first counts the items in a pass of its own.
    /// `pass(counting, each)` starts afresh each time and calls `each` with every item in order.
    public func stream<T>(
        _ pass: (_ counting: Bool, _ each: (T) throws -> Void) throws -> Void,
        _ body: (T) throws -> Void
    ) throws {
        var range = 0..<Int.max
        if self != .whole {
            var count = 0
            try pass(true) { _ in count += 1 }
            range = self.range(of: count)
        }
        var index = 0
        try withoutActuallyEscaping(body) { body in
            try pass(false) { item in
                defer { index += 1 }
                if range.contains(index) { try body(item) }
            }
        }
    }

    public var description: String { "shard \(index + 1) of \(count)" }
}
