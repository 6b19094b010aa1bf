/// Ends pretraining once the reconstruction loss has stopped improving: after an epoch whose
/// loss is less than `minimumImprovement` (relative) below the loss `window` epochs before it.
/// (Not in the paper, which pretrains a fixed number of epochs.) The rule reads only the
/// epoch losses of the history, so a resumed run stops where an uninterrupted one does.
public struct LossPlateau: Codable, Equatable, Sendable {
    public var window: Int
    public var minimumImprovement: Double

    public init(window: Int, minimumImprovement: Double) {
        self.window = window
        self.minimumImprovement = minimumImprovement
    }

    /// Whether pretraining has plateaued after the epochs whose mean losses are `losses`, in order.
    public func isReached(losses: [Double]) -> Bool {
        guard window >= 1, losses.count > window, let last = losses.last else { return false }
        let earlier = losses[losses.count - 1 - window]
        guard earlier > 0 else { return true }
        return (earlier - last) / earlier < minimumImprovement
    }
}
