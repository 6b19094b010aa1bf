import Foundation

/// The dissimilarities the paper uses for f (clustering) and g (reconstruction).
public enum Distance: String, Codable, Sendable, CaseIterable {
    /// Squared Euclidean distance summed over dimensions.
    case euclidean
    /// 1 - cos(a, b), the paper's 20NEWS variant.
    case cosine

    /// Norms below this are treated as this, so that cosine stays finite on zero vectors.
    package static let smallestNorm: Double = 1e-8

    /// d(a, b) over `count` entries (cosine accumulates its products in Double).
    public func value(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        switch self {
        case .euclidean:
            var sum: Float = 0
            for i in 0..<count {
                let d = a[i] - b[i]
                sum += d * d
            }
            return sum
        case .cosine:
            let (dot, aa, bb) = Distance.products(a, b, count: count)
            let norms = max(aa.squareRoot(), Distance.smallestNorm) * max(bb.squareRoot(), Distance.smallestNorm)
            return Float(1 - dot / norms)
        }
    }

    /// Adds `scale * ∂d/∂a` to `gradientA` and, when given, `scale * ∂d/∂b` to `gradientB`.
    public func accumulateGradient(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, scale: Float,
        gradientA: UnsafeMutablePointer<Float>?, gradientB: UnsafeMutablePointer<Float>?
    ) {
        switch self {
        case .euclidean:
            let twice = 2 * scale
            for i in 0..<count {
                let d = twice * (a[i] - b[i])
                gradientA?[i] += d
                gradientB?[i] -= d
            }
        case .cosine:
            // d = 1 - <a,b> / (|a||b|);  ∂d/∂a = -(b / (|a||b|) - <a,b> a / (|a|^3 |b|)).
            let (dot, aa, bb) = Distance.products(a, b, count: count)
            let normA = max(aa.squareRoot(), Distance.smallestNorm)
            let normB = max(bb.squareRoot(), Distance.smallestNorm)
            let inverse = 1 / (normA * normB)
            let cosine = dot * inverse
            let s = Double(scale)
            if let gradientA {
                let onB = Float(-s * inverse), onA = Float(s * cosine / (normA * normA))
                for i in 0..<count { gradientA[i] += onB * b[i] + onA * a[i] }
            }
            if let gradientB {
                let onA = Float(-s * inverse), onB = Float(s * cosine / (normB * normB))
                for i in 0..<count { gradientB[i] += onA * a[i] + onB * b[i] }
            }
        }
    }

    private static func products(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> (Double, Double, Double) {
        var dot = 0.0, aa = 0.0, bb = 0.0
        for i in 0..<count {
            let x = Double(a[i]), y = Double(b[i])
            dot += x * y
            aa += x * x
            bb += y * y
        }
        return (dot, aa, bb)
    }
}
