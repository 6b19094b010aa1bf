import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// Student's two-sample t-test with pooled variance (equal variances assumed), two-sided: the
/// test the paper ran on its 10 runs per method (as scipy.stats.ttest_ind's default).
package enum StudentTTest {
    package struct Result: Codable, Equatable, Sendable {
        package var t: Double
        package var degreesOfFreedom: Double
        /// Probability of a |t| at least this large if both samples share one mean.
        package var p: Double
    }

    /// nil when either sample has fewer than 2 values (no variance to estimate).
    package static func twoSided(_ a: [Double], _ b: [Double]) -> Result? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let na = Double(a.count), nb = Double(b.count)
        let meanA = a.reduce(0, +) / na, meanB = b.reduce(0, +) / nb
        let squaresA = a.reduce(0) { $0 + ($1 - meanA) * ($1 - meanA) }
        let squaresB = b.reduce(0) { $0 + ($1 - meanB) * ($1 - meanB) }
        let df = na + nb - 2
        let pooled = (squaresA + squaresB) / df
        let standardError = (pooled * (1 / na + 1 / nb)).squareRoot()
        guard standardError > 0 else {
            // No spread at all: equal means cannot be told apart, different ones always can.
            let equal = meanA == meanB
            return Result(t: equal ? 0 : (meanA > meanB ? .infinity : -.infinity), degreesOfFreedom: df, p: equal ? 1 : 0)
        }
        let t = (meanA - meanB) / standardError
        return Result(t: t, degreesOfFreedom: df, p: twoSidedPValue(t: t, degreesOfFreedom: df))
    }

    /// P(|T| >= |t|) for Student's t with `degreesOfFreedom`: I_{v/(v+t^2)}(v/2, 1/2).
    package static func twoSidedPValue(t: Double, degreesOfFreedom v: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        return regularizedIncompleteBeta(x: v / (v + t * t), a: v / 2, b: 0.5)
    }

    /// I_x(a, b), from its continued fraction (evaluated with the modified Lentz method) on the
    /// side of x where that converges fast.
    static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(x: 1 - x, a: b, b: a) }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logPowers - logBeta
        return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-15
        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            // Even term, then odd term, of the fraction's coefficients.
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let factor = d * c
            result *= factor
            if abs(factor - 1) < epsilon { break }
        }
        return result
    }
}
