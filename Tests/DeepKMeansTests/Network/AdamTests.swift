import DeepKMeans
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
}
