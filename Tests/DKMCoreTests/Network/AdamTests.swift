import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct AdamTests {
    /// Two Adam steps worked out by hand (lr 1e-3, b1 0.9, b2 0.999, eps 1e-8):
    /// step 1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g², so p -= 1e-3 · sign(g) (almost exactly);
    /// step 2 with g = (0.2, 0.3): m = (0.065, 0.021), v = (2.8975e-4, 9.999e-5),
    /// m̂ = m / 0.19, v̂ = v / 0.001999, p -= 1e-3 · m̂ / (√v̂ + eps).
    @Test func twoStepsMatchHandComputedValues() {
        let parameter = Parameter(Matrix(rows: 1, columns: 2, values: [1, -2]))
        let adam = Adam()
        parameter.gradient.values = [0.5, -0.1]
        adam.update(parameter)
        #expect(abs(parameter.value.values[0] - 0.999) < 1e-6)
        #expect(abs(parameter.value.values[1] - -1.999) < 1e-6)
        parameter.gradient.values = [0.2, 0.3]
        adam.update(parameter)
        #expect(abs(parameter.value.values[0] - 0.998_101_42) < 2e-6)
        #expect(abs(parameter.value.values[1] - -1.999_494_19) < 2e-6)
    }

    @Test func resetStartsBiasCorrectionAgain() {
        let parameter = Parameter(Matrix(rows: 1, columns: 1, values: [0]))
        parameter.gradient.values = [3]
        Adam().update(parameter)
        Adam().update(parameter)
        parameter.resetOptimizerState()
        parameter.value.values = [0]
        Adam(learningRate: 0.5).update(parameter)
        // A fresh first step moves by the learning rate whatever the gradient's size.
        #expect(abs(parameter.value.values[0] - -0.5) < 1e-5)
    }

    /// Every element gets exactly Algorithm 1's arithmetic over three steps, bit for bit
    /// (the bias corrections from the Float settings, widened to Double).
    @Test func everyElementMatchesTheFormulaExactly() {
        var random = RandomGenerator(seed: 3)
        let start = (0..<21).map { _ in random.uniform(-1, 1) }
        let parameter = Parameter(Matrix(rows: 3, columns: 7, values: start))
        var (value, m, v) = (start, [Float](repeating: 0, count: 21), [Float](repeating: 0, count: 21))
        let adam = Adam()
        for t in 1...3 {
            let gradient = (0..<21).map { _ in random.uniform(-2, 2) }
            parameter.gradient.values = gradient
            adam.update(parameter)
            let (rate, b1, b2) = (Double(Float(1e-3)), Double(Float(0.9)), Double(Float(0.999)))
            let stepSize = Float(rate / (1 - pow(b1, Double(t))))
            let correction = Float(1 / (1 - pow(b2, Double(t))).squareRoot())
            for i in 0..<21 {
                m[i] = 0.9 * m[i] + (1 - 0.9) * gradient[i]
                v[i] = 0.999 * v[i] + (1 - 0.999) * gradient[i] * gradient[i]
                value[i] -= stepSize * m[i] / (v[i].squareRoot() * correction + 1e-8)
            }
            #expect(parameter.value.values == value, "step \(t)")
            #expect(parameter.firstMoment == m && parameter.secondMoment == v, "step \(t)")
        }
    }
}
