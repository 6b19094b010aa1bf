import Foundation
import DKMCore

/// A BERT encoder's parameters, checked against its architecture. Dense weights are kept as
/// PyTorch stores them, out x in, and multiplied transposed; a layer's query, key and value
/// weights are stacked into one (3 hidden) x hidden matrix so one product makes all three.
struct BertWeights: Sendable {
    struct Layer: Sendable {
        var queryKeyValue: Matrix, queryKeyValueBias: [Float]
        var attentionOutput: Matrix, attentionOutputBias: [Float]
        var attentionNormScale: [Float], attentionNormShift: [Float]
        var intermediate: Matrix, intermediateBias: [Float]
        var output: Matrix, outputBias: [Float]
        var outputNormScale: [Float], outputNormShift: [Float]
    }

    var words: Matrix, positions: Matrix, tokenTypes: Matrix
    var embeddingNormScale: [Float], embeddingNormShift: [Float]
    var layers: [Layer]
    /// The SHA-256 of `model.safetensors`, which names these weights.
    var sha256: String

    /// Reads `model.safetensors` of `folder`; tensor names may carry a `bert.` prefix.
    init(folder: String, architecture a: EncoderFolder.Architecture) throws {
        let path = EncoderFolder.file(folder, "model.safetensors")
        let bytes = try FileBytes.read(path, limit: EncoderFolder.largestWeightsBytes)
        sha256 = SHA256.hexDigest(of: bytes)
        var tensors = try SafeTensors.decode(bytes, file: path, otherTypes: .skip).tensors
        for (name, tensor) in tensors where name.hasPrefix("bert.") { tensors[String(name.dropFirst(5))] = tensor }
        func tensor(_ name: String, _ shape: [Int]) throws -> SafeTensors.Tensor {
            guard let tensor = tensors[name] else { throw DataFileError(file: path, .mismatch("no F32 tensor \(name)")) }
            guard tensor.shape == shape else {
                throw DataFileError(file: path, .badShape(expected: "\(name) \(shape) (from config.json)", found: "\(tensor.shape)"))
            }
            return tensor
        }
        func matrix(_ name: String, _ rows: Int, _ columns: Int) throws -> Matrix {
            Matrix(rows: rows, columns: columns, values: try tensor(name, [rows, columns]).values)
        }
        func vector(_ name: String, _ count: Int) throws -> [Float] { try tensor(name, [count]).values }
        let h = a.hiddenSize
        words = try matrix("embeddings.word_embeddings.weight", a.vocabularySize, h)
        positions = try matrix("embeddings.position_embeddings.weight", a.positions, h)
        tokenTypes = try matrix("embeddings.token_type_embeddings.weight", a.tokenTypes, h)
        embeddingNormScale = try vector("embeddings.LayerNorm.weight", h)
        embeddingNormShift = try vector("embeddings.LayerNorm.bias", h)
        layers = try (0..<a.layers).map { l in
            let p = "encoder.layer.\(l)."
            let parts = ["query", "key", "value"]
            let stacked = try parts.flatMap { try tensor(p + "attention.self.\($0).weight", [h, h]).values }
            return Layer(
                queryKeyValue: Matrix(rows: 3 * h, columns: h, values: stacked),
                queryKeyValueBias: try parts.flatMap { try vector(p + "attention.self.\($0).bias", h) },
                attentionOutput: try matrix(p + "attention.output.dense.weight", h, h),
                attentionOutputBias: try vector(p + "attention.output.dense.bias", h),
                attentionNormScale: try vector(p + "attention.output.LayerNorm.weight", h),
                attentionNormShift: try vector(p + "attention.output.LayerNorm.bias", h),
                intermediate: try matrix(p + "intermediate.dense.weight", a.intermediateSize, h),
                intermediateBias: try vector(p + "intermediate.dense.bias", a.intermediateSize),
                output: try matrix(p + "output.dense.weight", h, a.intermediateSize),
                outputBias: try vector(p + "output.dense.bias", h),
                outputNormScale: try vector(p + "output.LayerNorm.weight", h),
                outputNormShift: try vector(p + "output.LayerNorm.bias", h))
        }
    }
}
