/// The reconstruction term: mean over the batch of g(x, A(x)).
public struct ReconstructionLoss: Sendable {
    public let distance: Distance

    public init(distance: Distance) { self.distance = distance }

    /// Returns the mean loss over the first `rows` rows and writes `scale` times its gradient
    /// with respect to the reconstruction into `gradient`.
    public func evaluate(input: Matrix, reconstruction: Matrix, gradient: inout Matrix, scale: Float = 1) -> Double {
        let rows = reconstruction.rows, width = reconstruction.columns
        precondition(input.rows >= rows && input.columns == width && gradient.rows == rows && gradient.columns == width)
        let perRow = scale / Float(rows)
        var total = 0.0
        input.values.withUnsafeBufferPointer { x in
            reconstruction.values.withUnsafeBufferPointer { y in
                gradient.values.withUnsafeMutableBufferPointer { g in
                    g.update(repeating: 0)
                    for r in 0..<rows {
                        let offset = r * width
                        total += Double(distance.value(x.baseAddress! + offset, y.baseAddress! + offset, count: width))
                        distance.accumulateGradient(
                            y.baseAddress! + offset, x.baseAddress! + offset, count: width,
                            scale: perRow, gradientA: g.baseAddress! + offset, gradientB: nil)
                    }
                }
            }
        }
        return total / Double(rows)
    }
}
