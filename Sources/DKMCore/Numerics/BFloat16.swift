/// bfloat16: the top 16 bits of a Float32 (sign, 8 exponent bits, 7 mantissa bits).
enum BFloat16 {
    /// Rounds to the nearest bfloat16, ties to even, as oneDNN and PyTorch do; NaN stays NaN.
    @inline(__always)
    static func rounded(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let nearestEven = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16
        return (bits & 0x7FFF_FFFF) > 0x7F80_0000 ? 0x7FC0 : UInt16(truncatingIfNeeded: nearestEven)
    }

    static func float(_ half: UInt16) -> Float { Float(bitPattern: UInt32(half) << 16) }

    /// Rounds a rows x columns matrix into `halves`, row-major. `transposed` reads `values` as
    /// the transpose stored row-major (columns x rows). Rows are split over the threads.
    static func round(
        _ values: UnsafePointer<Float>, rows: Int, columns: Int, transposed: Bool,
        into halves: UnsafeMutablePointer<UInt16>
    ) {
        Parallel.forEachRange(rows, minimumPerThread: max(1, 65_536 / max(columns, 1))) { range in
            for r in range {
                let out = halves + r * columns
                if transposed {
                    for c in 0..<columns { out[c] = rounded(values[c * rows + r]) }
                } else {
                    let row = values + r * columns
                    for c in 0..<columns { out[c] = rounded(row[c]) }
                }
            }
        }
    }
}
