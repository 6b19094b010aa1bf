import Foundation
import DKMCore

/// The gradient descent both t-SNE maps share (van der Maaten & Hinton 2008): a small Gaussian
/// start drawn from `random`, early exaggeration 12 for the first 250 iterations, momentum 0.5
/// then 0.8, per-coordinate gains, learning rate max(n / 12, 50).
enum TSNEDescent {

    /// Runs `iterations` steps; `gradient(positions, exaggeration, &gradient)` fills the gradient
    /// of KL(P || Q) at the positions (x0, y0, x1, y1, ...). With `recenters`, the map is moved
    /// back to the origin after each step (the loss does not change under a translation).
    static func run(
        pointCount n: Int, iterations: Int, recenters: Bool, random: inout RandomGenerator,
        gradient: ([Double], Double, inout [Double]) -> Void
    ) -> Matrix {
        var y = [Double](repeating: 0, count: n * 2)
        for i in y.indices {
            let u = max(random.nextUnitDouble(), 1e-12), v = random.nextUnitDouble()
            y[i] = 1e-4 * (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        var velocity = [Double](repeating: 0, count: n * 2)
        var gains = [Double](repeating: 1, count: n * 2)
        var step = [Double](repeating: 0, count: n * 2)
        let rate = max(Double(n) / 12, 50)
        for iteration in 0..<iterations {
            let exaggeration = iteration < 250 ? 12.0 : 1.0
            let momentum = iteration < 250 ? 0.5 : 0.8
            gradient(y, exaggeration, &step)
            for k in 0..<(2 * n) {
                let g = step[k]
                gains[k] = (g > 0) == (velocity[k] > 0) ? max(gains[k] * 0.8, 0.01) : gains[k] + 0.2
                velocity[k] = momentum * velocity[k] - rate * gains[k] * g
                y[k] += velocity[k]
            }
            if recenters {
                var meanX = 0.0, meanY = 0.0
                for i in 0..<n { meanX += y[2 * i]; meanY += y[2 * i + 1] }
                meanX /= Double(n); meanY /= Double(n)
                for i in 0..<n { y[2 * i] -= meanX; y[2 * i + 1] -= meanY }
            }
        }
        return Matrix(rows: n, columns: 2, values: y.map(Float.init))
    }
}

/// The bisection on a point's Gaussian precision beta that both t-SNE maps run until the
/// conditional distribution's entropy is log(perplexity).
struct TSNEBandwidth {
    private(set) var beta = 1.0
    private var low = 0.0, high = Double.infinity

    /// Moves beta towards the target after a row of this `entropy`; false once within 1e-5.
    mutating func update(entropy: Double, target: Double) -> Bool {
        if abs(entropy - target) < 1e-5 { return false }
        if entropy > target {
            low = beta
            beta = high.isInfinite ? beta * 2 : (beta + high) / 2
        } else {
            lower()
        }
        return true
    }

    /// Halves towards the lower bound (a row whose weights all vanished).
    mutating func lower() {
        high = beta
        beta = (beta + low) / 2
    }
}
