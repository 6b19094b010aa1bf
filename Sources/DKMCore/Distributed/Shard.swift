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
