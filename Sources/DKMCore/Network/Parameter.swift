/// A trainable tensor with its gradient and its Adam moments.
// The hot buffers below are only touched through the owning layer, loss or optimizer, one
// access at a time; `@exclusivity(unchecked)` spares their loops the dynamic checks that
// `-enforce-exclusivity=unchecked` used to remove for the whole module (no unsafe flags now).
public final class Parameter {
    @exclusivity(unchecked) public var value: Matrix
    @exclusivity(unchecked) public var gradient: Matrix
    @exclusivity(unchecked) public internal(set) var firstMoment: [Float]
    @exclusivity(unchecked) public internal(set) var secondMoment: [Float]
    /// Adam steps taken on this tensor (bias correction is per tensor, as in PyTorch).
    public internal(set) var step: Int = 0

    /// Restores a saved optimizer state (sizes must match).
    public func restoreOptimizerState(step: Int, firstMoment: [Float], secondMoment: [Float]) {
        precondition(firstMoment.count == value.values.count && secondMoment.count == value.values.count)
        self.step = step
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
    }

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

    /// Forgets the optimizer state of one row (a representative moved elsewhere), keeping the
    /// step count, which bias correction shares across the tensor.
    public func resetOptimizerState(row: Int) {
        let width = value.columns
        for i in row * width..<(row + 1) * width {
            firstMoment[i] = 0
            secondMoment[i] = 0
        }
    }
}
