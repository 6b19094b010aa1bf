/// A trainable tensor with its gradient and its Adam moments.
public final class Parameter {
    public var value: Matrix
    public var gradient: Matrix
    var firstMoment: [Float]
    var secondMoment: [Float]
    /// Adam steps taken on this tensor (bias correction is per tensor, as in PyTorch).
    var step: Int = 0

    public init(_ value: Matrix) {
        self.value = value
        self.gradient = Matrix(rows: value.rows, columns: value.columns)
        self.firstMoment = [Float](repeating: 0, count: value.values.count)
        self.secondMoment = [Float](repeating: 0, count: value.values.count)
    }

    /// Forgets the optimizer state, e.g. when a tensor is re-initialized.
    public func resetOptimizerState() {
        step = 0
        firstMoment.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        secondMoment.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
