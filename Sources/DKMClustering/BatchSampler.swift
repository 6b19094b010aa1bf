import DKMCore
/// Draws fixed-size minibatches from a stream of shuffled passes over the data.
///
/// An epoch is ceil(n / B) batches of exactly B points (as in the reference code), so every
/// point is seen about once per epoch and the batch workspaces never change size.
public struct BatchSampler: Codable, Equatable, Sendable {
    public let pointCount: Int
    public let batchSize: Int
    private var order: [Int] = []
    private var position = 0

    public init(pointCount: Int, batchSize: Int) {
        self.pointCount = pointCount
        self.batchSize = min(batchSize, pointCount)
    }

    public var batchesPerEpoch: Int { (pointCount + batchSize - 1) / batchSize }

    /// Writes the next batch's indices into `batch` (which must hold `batchSize` entries).
    public mutating func next(into batch: inout [Int], random: inout RandomGenerator) {
        precondition(batch.count == batchSize)
        for slot in 0..<batchSize {
            if position == order.count {
                if order.isEmpty { order = Array(0..<pointCount) }
                random.shuffle(&order)
                position = 0
            }
            batch[slot] = order[position]
            position += 1
        }
    }
}
