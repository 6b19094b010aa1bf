/// The layer sizes of a fully connected auto-encoder with a mirrored decoder.
public struct AutoencoderArchitecture: Codable, Equatable, Sendable {
    public var inputSize: Int
    /// Hidden encoder sizes, input side first (the paper: 500, 500, 2000).
    public var hiddenSizes: [Int]
    public var embeddingSize: Int

    public init(inputSize: Int, hiddenSizes: [Int] = [500, 500, 2000], embeddingSize: Int) {
        self.inputSize = inputSize
        self.hiddenSizes = hiddenSizes
        self.embeddingSize = embeddingSize
    }

    /// Sizes of every layer boundary: input, hidden..., embedding, mirrored hidden..., input.
    public var layerSizes: [Int] {
        [inputSize] + hiddenSizes + [embeddingSize] + hiddenSizes.reversed() + [inputSize]
    }

    public var description: String { layerSizes.map(String.init).joined(separator: "-") }

    /// Multiply-adds of one forward pass for one dense sample.
    public var multiplyAddsPerSample: Int {
        zip(layerSizes, layerSizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// The auto-encoder: ReLU on every hidden layer, linear embedding and output layers.
public final class Autoencoder {
    public let architecture: AutoencoderArchitecture
    public let layers: [DenseLayer]
    /// Number of layers in the encoder; `layers[encoderDepth - 1]` outputs the embedding.
    public let encoderDepth: Int
    /// The most rows a batch can have.
    public let batchCapacity: Int

    public init(architecture: AutoencoderArchitecture, batchSize: Int, random: inout RandomGenerator) {
        self.architecture = architecture
        let sizes = architecture.layerSizes
        encoderDepth = architecture.hiddenSizes.count + 1
        batchCapacity = batchSize
        var built: [DenseLayer] = []
        for index in 0..<(sizes.count - 1) {
            let isLinear = index == encoderDepth - 1 || index == sizes.count - 2
            built.append(
                DenseLayer(
                    inputSize: sizes[index], outputSize: sizes[index + 1],
                    activation: isLinear ? .linear : .relu,
                    batchSize: batchSize, random: &random))
        }
        layers = built
    }

    public var batchSize: Int { layers[0].batchSize }

    /// Sets every layer's workspaces to `rows` rows (at most the batch size built for).
    public func setBatchRows(_ rows: Int) {
        for layer in layers { layer.setBatchRows(rows) }
    }
    public var embeddingLayer: DenseLayer { layers[encoderDepth - 1] }
    public var outputLayer: DenseLayer { layers[layers.count - 1] }
    public var embedding: Matrix { embeddingLayer.output }
    public var reconstruction: Matrix { outputLayer.output }

    /// Weights and biases of every layer, in a fixed order.
    public var parameters: [Parameter] { layers.flatMap { [$0.weights, $0.bias] } }

    /// Decodes embedding-space points (e.g. representatives) back to the input space.
    public func decode(_ embedding: Matrix) -> Matrix {
        layers[encoderDepth...].reduce(embedding) { $1.apply($0) }
    }

    /// Embeddings of every row of `features` from a clean forward pass, a batch at a time
    /// (the last batch padded by repeating its final row; the padding is dropped).
    public func embed(_ features: Features) -> Matrix {
        setBatchRows(batchCapacity)
        let n = features.rows, p = architecture.embeddingSize, b = batchSize
        let loader = BatchLoader(features: features, batchSize: b)
        var result = Matrix(rows: n, columns: p)
        var batch = [Int](repeating: 0, count: b)
        var start = 0
        while start < n {
            let count = min(b, n - start)
            for slot in 0..<b { batch[slot] = start + min(slot, count - 1) }
            forward(loader.load(batch), encoderOnly: true)
            embedding.values.withUnsafeBufferPointer { source in
                result.values.withUnsafeMutableBufferPointer { target in
                    (target.baseAddress! + start * p).update(from: source.baseAddress!, count: count * p)
                }
            }
            start += count
        }
        return result
    }

    /// Runs the encoder, and the decoder too unless `encoderOnly`.
    public func forward(_ input: Features, encoderOnly: Bool = false) {
        let depth = encoderOnly ? encoderDepth : layers.count
        layers[0].forward(input)
        for index in 1..<depth { layers[index].forward(.dense(layers[index - 1].output)) }
    }

    /// Back-propagates `outputLayer.outputGradient` (the reconstruction loss gradient) plus
    /// `embeddingGradient` (the clustering loss gradient, if any) into every parameter's gradient.
    /// `gradientsReady` is called for each layer once its gradients are final and its weights are
    /// no longer needed by the pass, so an optimizer can update it while its data are in cache.
    public func backward(_ input: Features, embeddingGradient: Matrix?, gradientsReady: ((DenseLayer) -> Void)? = nil) {
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[index]
            if index == encoderDepth - 1, let extra = embeddingGradient {
                layer.outputGradient.values.withUnsafeMutableBufferPointer { g in
                    extra.values.withUnsafeBufferPointer { e in for i in 0..<g.count { g[i] += e[i] } }
                }
            }
            let layerInput: Features = index == 0 ? input : .dense(layers[index - 1].output)
            layer.backward(layerInput)
            if index > 0 { layer.inputGradient(into: &layers[index - 1].outputGradient) }
            gradientsReady?(layer)
        }
    }
}
