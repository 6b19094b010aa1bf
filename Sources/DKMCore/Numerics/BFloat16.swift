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

    /// Rounds `count` values, split over the threads when there are many.
    static func round(_ values: UnsafePointer<Float>, count: Int, into halves: UnsafeMutablePointer<UInt16>) {
        Parallel.forEachRange(count, minimumPerThread: 65_536) { range in
            for i in range { halves[i] = rounded(values[i]) }
        }
    }
}
