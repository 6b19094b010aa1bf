/// e^x on eight lanes at once, within about 1e-7 relative of `expf`.
///
/// The encoder's attention softmax takes 12 L^2 exponentials per layer for a text of L tokens:
/// called one value at a time, `expf` and its loop were a quarter of the encoder's time on
/// 256-token texts. This keeps to SSE2 operations (no rounding instruction), the baseline every
/// x86-64 build can assume.
public enum VectorExponential {
    /// Below this e^x is under the smallest normal float: 0 is returned.
    static let lowest: Float = -87.33
    /// Above this e^x overflows: it is computed as e^highest.
    static let highest: Float = 88.37

    @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // NaN fails the comparison and is taken as `lowest` here, then given back at the end.
        var clamped = SIMD8<Float>(repeating: lowest).replacing(with: x, where: x .> lowest)
        clamped.replace(with: highest, where: clamped .> highest)
        // n = round(x / ln 2), by adding and taking away 1.5 x 2^23: the sum's low mantissa bits
        // are n itself, so no float-to-integer conversion is needed (Swift's is per lane).
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = clamped * 1.442_695_04 + magic
        let n = shifted - magic
        let integerN = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
        // r = x - n ln 2 with ln 2 in two parts, so r keeps full precision; |r| <= ln 2 / 2.
        let r = (clamped - n * 0.693_145_752) - n * 1.428_606_765e-6
        // e^r by its Taylor series to r^6: the first term left out is below 1.2e-7 relative.
        var p = SIMD8<Float>(repeating: 1.0 / 720)
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2^n, built in the exponent bits.
        let twoToN = unsafeBitCast((integerN &+ 127) &<< 23, to: SIMD8<Float>.self)
        var result = p * twoToN
        result.replace(with: 0, where: x .< lowest)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// Each of the `rows` rows of `columns` values replaced by its softmax: e^(x - max) / sum.
    public static func softmaxRows(_ values: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        let whole = columns / 8 * 8
        for r in 0..<rows {
            let row = values + r * columns
            var largest = SIMD8<Float>(repeating: -.infinity)
            for j in stride(from: 0, to: whole, by: 8) {
                let next = load(row + j)
                largest.replace(with: next, where: next .> largest)
            }
            var top = largest.max()
            for j in whole..<columns { top = Swift.max(top, row[j]) }
            let shift = SIMD8<Float>(repeating: top)
            var sums = SIMD8<Float>()
            for j in stride(from: 0, to: whole, by: 8) {
                let e = exp(load(row + j) - shift)
                sums += e
                UnsafeMutableRawPointer(row + j).storeBytes(of: e, as: SIMD8<Float>.self)
            }
            var sum = sums.sum()
            if whole < columns {
                // The tail through one padded vector: the padding's e^-inf is 0.
                var tail = SIMD8<Float>(repeating: -.infinity)
                for j in whole..<columns { tail[j - whole] = row[j] }
                let e = exp(tail - shift)
                for j in whole..<columns {
                    row[j] = e[j - whole]
                    sum += e[j - whole]
                }
            }
            let inverse = SIMD8<Float>(repeating: 1 / sum)
            for j in stride(from: 0, to: whole, by: 8) {
                UnsafeMutableRawPointer(row + j).storeBytes(of: load(row + j) * inverse, as: SIMD8<Float>.self)
            }
            for j in whole..<columns { row[j] *= inverse[0] }
        }
    }

    @inline(__always)
    private static func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }
}
