import Foundation
import COpenMP
import DKMCore

/// The BERT encoder's forward pass over a batch of token sequences packed end to end: every
/// token-wise step (embeddings, projections, feed-forward, LayerNorm) runs on all the batch's
/// tokens at once with no padding, and attention runs per sequence over its own tokens only,
/// which is what the padding mask does in the reference.
///
/// The workspaces are sized once for `tokenCapacity` tokens and sequences of at most
/// `longest` tokens, so a batch allocates nothing.
final class BertForward {
    let weights: BertWeights
    let architecture: EncoderFolder.Architecture
    let tokenCapacity: Int, longest: Int
    /// In int8: each layer's dense weights rounded to 8 bits, and the products' buffers.
    private let integers: (layers: [RoundedLayer], products: Int8Products)?
    private var hidden, attended, queryKeyValue, context, inner: Matrix
    /// Each thread's attention scores, heads x longest x longest.
    private let scores: UnsafeMutablePointer<Float>
    private let scoresPerThread: Int

    init(
        weights: BertWeights, architecture: EncoderFolder.Architecture, tokenCapacity: Int, longest: Int,
        precision: EncoderPrecision = .fp32
    ) {
        self.weights = weights
        self.architecture = architecture
        self.tokenCapacity = tokenCapacity
        self.longest = longest
        let h = architecture.hiddenSize
        let widest = max(3 * h, architecture.intermediateSize)
        integers =
            precision == .int8
            ? (weights.layers.map(RoundedLayer.init), Int8Products(rows: tokenCapacity, columns: widest, outputColumns: widest)) : nil
        func workspace(_ columns: Int) -> Matrix {
            var matrix = Matrix(rows: tokenCapacity, columns: columns)
            matrix.setRowCount(0)
            return matrix
        }
        hidden = workspace(h)
        attended = workspace(h)
        queryKeyValue = workspace(3 * h)
        context = workspace(h)
        inner = workspace(architecture.intermediateSize)
        scoresPerThread = architecture.heads * longest * longest
        scores = .allocate(capacity: scoresPerThread * max(Parallel.threadCount, Parallel.machineThreadCount))
    }

    deinit { scores.deallocate() }

    var precision: EncoderPrecision { integers == nil ? .fp32 : .int8 }

    /// The last layer's output for `sequences` (token ids, each at most `longest`, together at
    /// most `tokenCapacity`), one row per token in order, and where each sequence starts.
    func run(_ sequences: [[Int32]]) -> (states: Matrix, starts: [Int]) {
        var starts = [0]
        for sequence in sequences { starts.append(starts.last! + sequence.count) }
        let tokens = starts.last!
        precondition(tokens <= tokenCapacity && sequences.allSatisfy { $0.count <= longest }, "a batch larger than the workspaces")
        hidden.setRowCount(tokens)
        attended.setRowCount(tokens)
        context.setRowCount(tokens)
        queryKeyValue.setRowCount(tokens)
        inner.setRowCount(tokens)
        embed(sequences, starts: starts)
        for (l, layer) in weights.layers.enumerated() {
            run(layer, rounded: integers?.layers[l], starts: starts)
        }
        return (hidden, starts)
    }

    /// Word + position + token type (0) embeddings, then LayerNorm.
    private func embed(_ sequences: [[Int32]], starts: [Int]) {
        let h = architecture.hiddenSize
        weights.words.values.withUnsafeBufferPointer { words in
            weights.positions.values.withUnsafeBufferPointer { positions in
                weights.tokenTypes.values.withUnsafeBufferPointer { types in
                    hidden.values.withUnsafeMutableBufferPointer { out in
                        Parallel.forEachChunk(sequences.count, chunk: 8) { range in
                            for s in range {
                                for (p, id) in sequences[s].enumerated() {
                                    let row = (starts[s] + p) * h, word = Int(id) * h, position = p * h
                                    for j in 0..<h { out[row + j] = words[word + j] + positions[position + j] + types[j] }
                                }
                            }
                        }
                    }
                }
            }
        }
        Self.layerNorm(
            &hidden, residual: nil, scale: weights.embeddingNormScale, shift: weights.embeddingNormShift,
            epsilon: architecture.layerNormEpsilon)
    }

    private func run(_ layer: BertWeights.Layer, rounded: RoundedLayer?, starts: [Int]) {
        let epsilon = architecture.layerNormEpsilon
        dense(hidden, layer.queryKeyValue, rounded?.queryKeyValue, layer.queryKeyValueBias, into: &queryKeyValue)
        attend(starts: starts)
        dense(context, layer.attentionOutput, rounded?.attentionOutput, layer.attentionOutputBias, into: &attended)
        Self.layerNorm(&attended, residual: hidden, scale: layer.attentionNormScale, shift: layer.attentionNormShift, epsilon: epsilon)
        dense(attended, layer.intermediate, rounded?.intermediate, layer.intermediateBias, into: &inner, gelu: true)
        dense(inner, layer.output, rounded?.output, layer.outputBias, into: &hidden)
        Self.layerNorm(&hidden, residual: attended, scale: layer.outputNormScale, shift: layer.outputNormShift, epsilon: epsilon)
    }

    /// output = input W^T + bias (then GELU), in 8-bit integers when `rounded` is given.
    private func dense(
        _ input: Matrix, _ weights: Matrix, _ rounded: QuantizedMatrix?, _ bias: [Float], into output: inout Matrix, gelu: Bool = false
    ) {
        if let rounded, let integers {
            integers.products.multiplyTransposed(input, rounded, addingBias: bias, into: &output, gelu: gelu)
        } else {
            LinearAlgebra.multiplyTransposed(input, weights, addingBias: bias, into: &output, gelu: gelu)
        }
    }

    /// A layer's four dense weights rounded to 8 bits.
    private struct RoundedLayer {
        let queryKeyValue, attentionOutput, intermediate, output: QuantizedMatrix

        init(_ layer: BertWeights.Layer) {
            queryKeyValue = QuantizedMatrix(layer.queryKeyValue)
            attentionOutput = QuantizedMatrix(layer.attentionOutput)
            intermediate = QuantizedMatrix(layer.intermediate)
            output = QuantizedMatrix(layer.output)
        }
    }

    /// Multi-head self-attention of each sequence over its own tokens, into `context`:
    /// softmax(Q K^T / sqrt(d)) V per head, the heads side by side.
    private func attend(starts: [Int]) {
        let h = architecture.hiddenSize, heads = architecture.heads, d = h / heads
        let scale = 1 / Float(d).squareRoot()
        let sequences = starts.count - 1
        queryKeyValue.values.withUnsafeBufferPointer { qkv in
            context.values.withUnsafeMutableBufferPointer { context in
                Parallel.forEachChunk(sequences, chunk: 1) { range in
                    let scores = self.scores + Int(omp_get_thread_num()) * scoresPerThread
                    do {
                        for s in range {
                            let length = starts[s + 1] - starts[s]
                            let base = qkv.baseAddress! + starts[s] * 3 * h
                            // Q_i K_i^T for every head i: Q_i is columns i*d..<(i+1)*d of the first
                            // third, K_i the same columns of the second, read transposed.
                            let products = StridedProducts(
                                count: heads, m: length, n: length, k: d,
                                a: .init(batch: d, row: 3 * h, column: 1), b: .init(batch: d, row: 1, column: 3 * h),
                                c: .init(batch: length * length, row: length, column: 1), alpha: scale)
                            LinearAlgebra.multiply(base, base + h, into: scores, products, threads: 1)
                            VectorExponential.softmaxRows(scores, rows: heads * length, columns: length)
                            let weighted = StridedProducts(
                                count: heads, m: length, n: d, k: length,
                                a: .init(batch: length * length, row: length, column: 1), b: .init(batch: d, row: 3 * h, column: 1),
                                c: .init(batch: d, row: h, column: 1))
                            LinearAlgebra.multiply(
                                scores, base + 2 * h, into: context.baseAddress! + starts[s] * h,
                                weighted, threads: 1)
                        }
                    }
                }
            }
        }
    }

    /// Each row of `matrix` (plus `residual`'s) normalized to mean 0 and variance 1 (biased,
    /// + epsilon), then scaled and shifted.
    static func layerNorm(_ matrix: inout Matrix, residual: Matrix?, scale: [Float], shift: [Float], epsilon: Float) {
        let columns = matrix.columns, rows = matrix.rows
        let empty: [Float] = []
        matrix.values.withUnsafeMutableBufferPointer { values in
            (residual?.values ?? empty).withUnsafeBufferPointer { residual in
                scale.withUnsafeBufferPointer { scale in
                    shift.withUnsafeBufferPointer { shift in
                        Parallel.forEachChunk(rows, chunk: 64) { range in
                            for r in range {
                                let row = values.baseAddress! + r * columns
                                if residual.count > 0 {
                                    for j in 0..<columns { row[j] += residual[r * columns + j] }
                                }
                                let (m, variance) = meanAndVariance(row, count: columns)
                                let inverse = 1 / (variance + epsilon).squareRoot()
                                for j in 0..<columns { row[j] = (row[j] - m) * inverse * scale[j] + shift[j] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The mean and the (biased) variance of `count` values, in eight float lanes: a sequential
    /// sum in double does not vectorize, and lanes of 48 terms each keep fp32 precision ample.
    static func meanAndVariance(_ row: UnsafePointer<Float>, count: Int) -> (mean: Float, variance: Float) {
        let whole = count / 8 * 8
        var lanes = SIMD8<Float>()
        for j in stride(from: 0, to: whole, by: 8) { lanes += UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self) }
        var sum = lanes.sum()
        for j in whole..<count { sum += row[j] }
        let mean = sum / Float(count)
        let center = SIMD8<Float>(repeating: mean)
        var squareLanes = SIMD8<Float>()
        for j in stride(from: 0, to: whole, by: 8) {
            let centered = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self) - center
            squareLanes += centered * centered
        }
        var squares = squareLanes.sum()
        for j in whole..<count { squares += (row[j] - mean) * (row[j] - mean) }
        return (mean, squares / Float(count))
    }
}
