import DKMTestSupport
import DeepKMeans
import Testing

@Suite struct DenseLayerTests {
    /// The backward pass masks the output gradient by the ReLU and sums it into the bias
    /// gradient, with threads owning column slices. Against the plain loops, for a small batch
    /// and for one large enough (2,048 rows) that the columns are split over the threads.
    @Test(arguments: [Activation.relu, .linear], [3, 2_048])
    func backwardMatchesPlainLoops(activation: Activation, rows: Int) {
        var random = RandomGenerator(seed: 11)
        let width = 45
        let layer = DenseLayer(inputSize: 6, outputSize: width, activation: activation, batchSize: rows, random: &random)
        let x = Matrix(rows: rows, columns: 6, values: (0..<(rows * 6)).map { _ in random.uniform(-1, 1) })
        layer.forward(.dense(x))
        let gradient = (0..<(rows * width)).map { _ in random.uniform(-1, 1) }
        layer.outputGradient.values = gradient
        layer.backward(.dense(x))

        var masked = gradient
        var biasGradient = [Float](repeating: 0, count: width)
        for r in 0..<rows {
            for j in 0..<width {
                if activation == .relu && layer.output[r, j] <= 0 { masked[r * width + j] = 0 }
                biasGradient[j] += masked[r * width + j]
            }
        }
        #expect(activation == .linear || masked != gradient, "the ReLU should mask something")
        #expect(layer.outputGradient.values == masked)
        #expect(layer.bias.gradient.values == biasGradient)
    }
}
