/// Products of fp32 activations with `QuantizedMatrix` weights in 8-bit integers, about three
/// times the fp32 rate with VNNI and twice without, at a cosine of about 0.999 to the fp32
/// result on a sentence encoder.
///
/// Each activation row is rounded on its own to `activationLevels` + 1 levels between its
/// smallest and largest value, so a row's result does not depend on the other rows of the batch:
/// a[i, k] ~ offsets[i] + steps[i] * q[i, k], hence
/// (a W^T)[i, n] ~ scales[n] * (steps[i] * (q W_q^T)[i, n] + offsets[i] * rowSums[n]).
/// The buffers are sized once, so a product allocates nothing.
public final class Int8Products {
    public let rowCapacity: Int, columnCapacity: Int, outputCapacity: Int
    private let rounded: UnsafeMutablePointer<UInt8>
    private let products: UnsafeMutablePointer<Int32>
    private let steps, offsets: UnsafeMutablePointer<Float>

    /// Room for products of at most `rows` x `columns` activations into `outputColumns` outputs.
    public init(rows: Int, columns: Int, outputColumns: Int) {
        rowCapacity = rows
        columnCapacity = columns
        outputCapacity = outputColumns
        rounded = .allocate(capacity: rows * columns)
        products = .allocate(capacity: rows * outputColumns)
        steps = .allocate(capacity: rows)
        offsets = .allocate(capacity: rows)
    }

    deinit {
        rounded.deallocate()
        products.deallocate()
        steps.deallocate()
        offsets.deallocate()
    }

    /// c = a W^T + bias (then GELU, erf form, when asked), with W the rounded `weights`.
    public func multiplyTransposed(
        _ a: Matrix, _ weights: QuantizedMatrix, addingBias bias: [Float], into c: inout Matrix, gelu: Bool = false
    ) {
        let (m, k, n) = (a.rows, a.columns, weights.rows)
        precondition(
            k == weights.columns && bias.count == n && c.rows == m && c.columns == n && m <= rowCapacity && k <= columnCapacity
                && n <= outputCapacity, "shapes \(m)x\(k), \(n)x\(weights.columns), output \(c.rows)x\(c.columns)")
        guard m > 0, n > 0, k > 0 else { return }
        round(a)
        let shape = OneDNNMatmul.Shape(
            m: m, n: n, k: k, transposeA: false, transposeB: true, alpha: 1, beta: 0, precision: .fp32, batch: nil,
            integers: true)
        weights.values.withUnsafeBufferPointer { w in
            OneDNNMatmul.multiply(rounded, w.baseAddress!, into: products, shape: shape, threads: Parallel.threadCount)
        }
        c.values.withUnsafeMutableBufferPointer { restore(into: $0.baseAddress!, rows: m, weights: weights, bias: bias) }
        if gelu {
            c.values.withUnsafeMutableBufferPointer { OneDNNGELU.apply($0.baseAddress!, count: m * n, threads: Parallel.threadCount) }
        }
    }

    /// out = scales[n] * (steps[i] * products[i, n] + offsets[i] * rowSums[n]) + bias[n].
    private func restore(into out: UnsafeMutablePointer<Float>, rows m: Int, weights: QuantizedMatrix, bias: [Float]) {
        let n = weights.rows
        let products = UnsafePointer(self.products)
        let steps = UnsafePointer(self.steps)
        let offsets = UnsafePointer(self.offsets)
        weights.scales.withUnsafeBufferPointer { scales in
            weights.rowSums.withUnsafeBufferPointer { sums in
                bias.withUnsafeBufferPointer { bias in
                    Parallel.forEachChunk(m, chunk: 64) { range in
                        for i in range {
                            let step = steps[i], offset = offsets[i]
                            let row = out + i * n, integers = products + i * n
                            for j in 0..<n { row[j] = scales[j] * (step * Float(integers[j]) + offset * sums[j]) + bias[j] }
                        }
                    }
                }
            }
        }
    }

    /// The largest rounded activation: 255 where this CPU's u8 x s8 products are exact, else 127.
    /// Without VNNI (AVX2), oneDNN adds pairs of u8 x s8 products in 16 bits first, which
    /// 2 x 255 x 127 overflows and 2 x 127 x 127 does not. Measured on the sentence encoder, 7-bit
    /// activations lose less than 7-bit weights (whose rows hold outliers).
    public static let activationLevels: Int = exactProducts(activation: 255) ? 255 : 127

    /// Whether products of `activation` with the largest weight come out exact.
    static func exactProducts(activation: UInt8) -> Bool {
        let (m, n, k) = (2, 2, 64), weight = QuantizedMatrix.levels
        let a = [UInt8](repeating: activation, count: m * k), b = [Int8](repeating: weight, count: k * n)
        var c = [Int32](repeating: 0, count: m * n)
        let shape = OneDNNMatmul.Shape(
            m: m, n: n, k: k, transposeA: false, transposeB: true, alpha: 1, beta: 0, precision: .fp32, batch: nil,
            integers: true)
        OneDNNMatmul.multiply(a, b, into: &c, shape: shape, threads: 1)
        return c.allSatisfy { Int($0) == Int(activation) * Int(weight) * k }
    }

    /// Each row of `a` to `activationLevels` + 1 levels from its smallest to its largest value. A row holding NaN
    /// or an infinity gets a NaN step, so its outputs are NaN as in fp32.
    private func round(_ a: Matrix) {
        let (rows, columns) = (a.rows, a.columns)
        let rounded = self.rounded, levels = Float(Self.activationLevels)
        let steps = self.steps
        let offsets = self.offsets
        a.values.withUnsafeBufferPointer { values in
            Parallel.forEachChunk(rows, chunk: 64) { range in
                for i in range {
                    let row = values.baseAddress! + i * columns, out = rounded + i * columns
                    let (low, high, poison) = Self.range(row, count: columns)
                    let span = high - low
                    guard span > 0, span.isFinite, poison == 0 else {
                        out.update(repeating: 0, count: columns)
                        steps[i] = poison == 0 && span == 0 ? 0 : .nan
                        offsets[i] = poison == 0 ? low : .nan
                        continue
                    }
                    let inverse = levels / span
                    // Adding 1.5 x 2^23 rounds to an integer held in the low mantissa bits, at most 255
                    // here: a pass the compiler vectorizes, unlike a checked conversion.
                    for j in 0..<columns { out[j] = UInt8(truncatingIfNeeded: ((row[j] - low) * inverse + 12_582_912).bitPattern) }
                    steps[i] = span / levels
                    offsets[i] = low
                }
            }
        }
    }

    /// The smallest and largest of `count` values, and their sum times 0 (NaN if any is NaN or
    /// infinite), eight lanes at a time.
    private static func range(_ row: UnsafePointer<Float>, count: Int) -> (low: Float, high: Float, poison: Float) {
        var low = SIMD8<Float>(repeating: row[0]), high = low, poison = SIMD8<Float>()
        let whole = count / 8 * 8
        for j in stride(from: 0, to: whole, by: 8) {
            let next = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self)
            low.replace(with: next, where: next .< low)
            high.replace(with: next, where: next .> high)
            poison += next * 0
        }
        var (smallest, largest, sum) = (low.min(), high.max(), poison.sum())
        for j in whole..<count {
            smallest = Swift.min(smallest, row[j])
            largest = Swift.max(largest, row[j])
            sum += row[j] * 0
        }
        return (smallest, largest, sum)
    }
}
