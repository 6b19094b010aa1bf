import DKMTestSupport
import DeepKMeans
import Testing

/// Finite-difference checks of every hand-written gradient.
@Suite struct GradientCheckTests {
    @Test(arguments: [Activation.relu, .linear], [false, true])
    func denseLayerGradients(activation: Activation, sparseInput: Bool) {
        var random = RandomGenerator(seed: 12)
        let layer = DenseLayer(inputSize: 7, outputSize: 5, activation: activation, batchSize: 4, random: &random)
        for i in layer.bias.value.values.indices { layer.bias.value.values[i] = random.uniform(-0.5, 0.5) }
        var x = TestSupport.randomMatrix(rows: 4, columns: 7, random: &random)
        if sparseInput { for i in x.values.indices where i % 3 == 0 { x.values[i] = 0 } }
        let probe = TestSupport.randomMatrix(rows: 4, columns: 5, random: &random)
        func input() -> Features { sparseInput ? .sparse(SparseMatrix(dense: x)) : .dense(x) }
        // Loss = sum(output * probe), so dLoss/dOutput = probe.
        func loss() -> Double {
            layer.forward(input())
            return zip(layer.output.values, probe.values).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        }
        _ = loss()
        if activation == .relu {
            // Finite differences are only valid away from the ReLU kink: the data must keep every
            // pre-activation clear of zero by more than the step.
            var preActivation = Matrix(rows: 4, columns: 5)
            LinearAlgebra.multiply(x, layer.weights.value, into: &preActivation)
            let closest = (0..<20).map { abs(preActivation.values[$0] + layer.bias.value.values[$0 % 5]) }.min()!
            #expect(closest > 0.01, "choose another seed: a pre-activation is \(closest) from the kink")
        }
        layer.outputGradient = probe
        layer.backward(input())
        var inputGradient = Matrix(rows: 4, columns: 7)
        layer.inputGradient(into: &inputGradient)
        let weightGradient = layer.weights.gradient, biasGradient = layer.bias.gradient
        for i in weightGradient.values.indices {
            let numeric = TestSupport.numericalDerivative(
                at: layer.weights.value.values[i], set: { layer.weights.value.values[i] = $0 }, loss: loss)
            #expect(TestSupport.relativeError(numeric, Double(weightGradient.values[i])) < 1e-2, "weight \(i)")
        }
        for i in biasGradient.values.indices {
            let numeric = TestSupport.numericalDerivative(
                at: layer.bias.value.values[i], set: { layer.bias.value.values[i] = $0 }, loss: loss)
            #expect(TestSupport.relativeError(numeric, Double(biasGradient.values[i])) < 1e-2, "bias \(i)")
        }
        for i in x.values.indices where !sparseInput || x.values[i] != 0 {
            let numeric = TestSupport.numericalDerivative(at: x.values[i], set: { x.values[i] = $0 }, loss: loss)
            #expect(TestSupport.relativeError(numeric, Double(inputGradient.values[i])) < 1e-2, "input \(i)")
        }
    }

    @Test(arguments: Distance.allCases)
    func distanceGradients(distance: Distance) {
        var random = RandomGenerator(seed: 5)
        var a = (0..<6).map { _ in random.uniform(-1, 1) }
        var b = (0..<6).map { _ in random.uniform(-1, 1) }
        var gradientA = [Float](repeating: 0, count: 6), gradientB = [Float](repeating: 0, count: 6)
        distance.accumulateGradient(a, b, count: 6, scale: 1.5, gradientA: &gradientA, gradientB: &gradientB)
        func value() -> Double { 1.5 * Double(distance.value(a, b, count: 6)) }
        for i in 0..<6 {
            let numericA = TestSupport.numericalDerivative(at: a[i], set: { a[i] = $0 }, loss: value)
            let numericB = TestSupport.numericalDerivative(at: b[i], set: { b[i] = $0 }, loss: value)
            #expect(TestSupport.relativeError(numericA, Double(gradientA[i])) < 1e-2)
            #expect(TestSupport.relativeError(numericB, Double(gradientB[i])) < 1e-2)
        }
    }

    @Test(arguments: Distance.allCases)
    func reconstructionLossGradient(distance: Distance) {
        var random = RandomGenerator(seed: 8)
        let x = TestSupport.randomMatrix(rows: 3, columns: 5, random: &random)
        var y = TestSupport.randomMatrix(rows: 3, columns: 5, random: &random)
        let loss = ReconstructionLoss(distance: distance)
        var gradient = Matrix(rows: 3, columns: 5), scratch = Matrix(rows: 3, columns: 5)
        _ = loss.evaluate(input: x, reconstruction: y, gradient: &gradient, scale: 2)
        for i in y.values.indices {
            let numeric = TestSupport.numericalDerivative(
                at: y.values[i], set: { y.values[i] = $0 },
                loss: {
                    2 * loss.evaluate(input: x, reconstruction: y, gradient: &scratch)
                })
            #expect(TestSupport.relativeError(numeric, Double(gradient.values[i])) < 1e-2)
        }
    }

    /// The whole DKM objective, mean g + lambda * mean sum_k f_k G_k, differentiated through the
    /// auto-encoder and the softmax weights, against finite differences.
    @Test(arguments: [Float(0.1), 10, 1000], Distance.allCases)
    func fullDeepKMeansLoss(alpha: Float, distance: Distance) {
        var random = RandomGenerator(seed: 21)
        let architecture = AutoencoderArchitecture(inputSize: 6, hiddenSizes: [8, 5], embeddingSize: 3)
        let network = Autoencoder(architecture: architecture, batchSize: 4, random: &random)
        let x = TestSupport.randomMatrix(rows: 4, columns: 6, random: &random, range: 0...1)
        let representatives = Parameter(TestSupport.randomMatrix(rows: 3, columns: 3, random: &random))
        let lambda: Float = 0.7
        let reconstruction = ReconstructionLoss(distance: distance)
        let clustering = SoftKMeansLoss(distance: distance, batchSize: 4, clusterCount: 3)
        var embeddingGradient = Matrix(rows: 4, columns: 3)

        func loss() -> Double {
            network.forward(.dense(x))
            let g = reconstruction.evaluate(
                input: x, reconstruction: network.reconstruction,
                gradient: &network.outputLayer.outputGradient)
            let f = clustering.evaluate(
                embedding: network.embedding, representatives: representatives.value, alpha: alpha,
                scale: lambda, embeddingGradient: &embeddingGradient,
                representativeGradient: &representatives.gradient)
            return g + Double(lambda) * f
        }
        _ = loss()
        network.backward(.dense(x), embeddingGradient: embeddingGradient)
        let analyticRepresentatives = representatives.gradient
        let encoderLayers = Array(network.layers.prefix(network.encoderDepth))
        let analyticEncoder = encoderLayers.map { $0.weights.gradient }

        // At alpha = 1000 the softmax is nearly a step; a smaller step keeps the argmin fixed.
        let step: Float = alpha >= 1000 ? 1e-4 : 1e-3
        let tolerance = alpha >= 1000 ? 5e-2 : 1e-2
        for i in analyticRepresentatives.values.indices {
            let numeric = TestSupport.numericalDerivative(
                at: representatives.value.values[i], step: step, set: { representatives.value.values[i] = $0 }, loss: loss)
            #expect(
                TestSupport.relativeError(numeric, Double(analyticRepresentatives.values[i])) < tolerance,
                "representative entry \(i): numeric \(numeric) analytic \(analyticRepresentatives.values[i])")
        }
        for (index, layer) in encoderLayers.enumerated() {
            for i in stride(from: 0, to: layer.weights.value.values.count, by: 3) {
                let numeric = TestSupport.numericalDerivative(
                    at: layer.weights.value.values[i], step: step, set: { layer.weights.value.values[i] = $0 }, loss: loss)
                #expect(
                    TestSupport.relativeError(numeric, Double(analyticEncoder[index].values[i])) < tolerance,
                    "encoder layer \(index) weight \(i): numeric \(numeric) analytic \(analyticEncoder[index].values[i])")
            }
        }
    }
}
