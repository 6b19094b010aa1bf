/// The number format of the encoder's dense layers.
///
/// `fp32` is sentence-transformers' own arithmetic (embeddings within 1e-6 of it). `int8`
/// rounds each layer's weights per output and each token's activations per row to 8-bit
/// integers (`Int8Products`): the dense layers, 90 % of the work on 256-token texts, run about
/// three times as fast with VNNI and twice without, and embeddings keep a cosine of about
/// 0.999 to fp32's. Attention, LayerNorm and pooling stay fp32 either way.
public enum EncoderPrecision: String, Codable, Sendable, CaseIterable {
    case fp32
    case int8
}
