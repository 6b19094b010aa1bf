import Foundation

/// A fully connected layer y = act(x W + b), with W stored input x output.
///
/// The layer owns its batch workspaces (output and output gradient), sized once for a
/// batch size, so forward and backward passes allocate nothing.
public final class DenseLayer {
    public let inputSize: Int
    public let outputSize: Int
    public let activation: Activation
    public let weights: Parameter
    public let bias: Parameter
    /// Activations of the last forward pass (batch x output).
    @exclusivity(unchecked) public private(set) var output: Matrix
    /// Gradient of the loss with respect to `output`; callers write it before `backward`.
    @exclusivity(unchecked) public var outputGradient: Matrix

    /// The format of the batch products (forward and both gradients); `apply` is always fp32.
    public var precision: ProductPrecision = .fp32

    /// Rows of the current batch (at most the batch size the layer was built for).
    public var batchSize: Int { output.rows }

    /// Makes the workspaces hold `rows` rows (a distributed rank's share of a batch varies).
    public func setBatchRows(_ rows: Int) {
        output.setRowCount(rows)
        outputGradient.setRowCount(rows)
    }

    /// Glorot-uniform weights, zero biases.
    public init(inputSize: Int, outputSize: Int, activation: Activation, batchSize: Int, random: inout RandomGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.activation = activation
        let limit = Float((6.0 / Double(inputSize + outputSize)).squareRoot())
        var initial = Matrix(rows: inputSize, columns: outputSize)
        for i in initial.values.indices { initial.values[i] = random.uniform(-limit, limit) }
        weights = Parameter(initial)
        bias = Parameter(Matrix(rows: 1, columns: outputSize))
        output = Matrix(rows: batchSize, columns: outputSize)
        outputGradient = Matrix(rows: batchSize, columns: outputSize)
    }

    /// The layer applied to any number of rows, outside the training workspaces.
    public func apply(_ input: Matrix) -> Matrix {
        var result = Matrix(rows: input.rows, columns: outputSize)
        LinearAlgebra.multiply(input, weights.value, into: &result)
        for r in 0..<input.rows {
            for j in 0..<outputSize {
                let value = result[r, j] + bias.value.values[j]
                result[r, j] = activation == .relu ? max(value, 0) : value
            }
        }
        return result
    }

    public func forward(_ input: Features) {
        precondition(
            input.rows == batchSize && input.columns == inputSize,
            "layer expects \(batchSize)x\(inputSize), got \(input.rows)x\(input.columns)")
        switch input {
        case .dense(let x): LinearAlgebra.multiply(x, weights.value, into: &output, precision: precision)
        case .sparse(let x): LinearAlgebra.multiply(x, weights.value, into: &output)
        }
        let width = outputSize, rows = batchSize  // read before `output` is borrowed below
        let relu = activation == .relu
        bias.value.values.withUnsafeBufferPointer { b in
            output.values.withUnsafeMutableBufferPointer { y in
                Parallel.forEachRange(rows, minimumPerThread: max(1, 32_768 / width)) { rows in
                    for r in rows {
                        let row = y.baseAddress! + r * width
                        if relu {
                            for j in 0..<width { row[j] = max(row[j] + b[j], 0) }
                        } else {
                            for j in 0..<width { row[j] += b[j] }
                        }
                    }
                }
            }
        }
    }

    /// Turns `outputGradient` into the weight and bias gradients.
    /// `outputGradient` is overwritten with the gradient before the activation, which
    /// `inputGradient(into:)` then carries back to the input.
    public func backward(_ input: Features) {
        let width = outputSize, rows = batchSize, relu = activation == .relu
        outputGradient.values.withUnsafeMutableBufferPointer { g in
            output.values.withUnsafeBufferPointer { y in
                bias.gradient.values.withUnsafeMutableBufferPointer { b in
                    // Threads own column slices: mask by the ReLU and sum the bias gradient.
                    Parallel.forEachRange(width, minimumPerThread: max(1, 32_768 / rows)) { columns in
                        for j in columns { b[j] = 0 }
                        for r in 0..<rows {
                            let gRow = g.baseAddress! + r * width, yRow = y.baseAddress! + r * width
                            if relu {
                                // A select rather than a branch, so the loop vectorizes.
                                for j in columns {
                                    let masked = yRow[j] <= 0 ? 0 : gRow[j]
                                    gRow[j] = masked
                                    b[j] += masked
                                }
                            } else {
                                for j in columns { b[j] += gRow[j] }
                            }
                        }
                    }
                }
            }
        }
        switch input {
        case .dense(let x):
            LinearAlgebra.multiply(x, outputGradient, into: &weights.gradient, transposeA: true, precision: precision)
        case .sparse(let x):
            LinearAlgebra.multiplyTransposed(x, outputGradient, into: &weights.gradient)
        }
    }

    /// The gradient with respect to the layer's input; call after `backward`.
    public func inputGradient(into gradient: inout Matrix) {
        LinearAlgebra.multiply(outputGradient, weights.value, into: &gradient, transposeB: true, precision: precision)
    }
}
