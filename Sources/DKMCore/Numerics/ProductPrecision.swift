/// The number format of the network's dense products.
///
/// `fp32` multiplies single-precision operands. `bf16` rounds both operands to bfloat16
/// (8 bits of mantissa) and accumulates in single precision, as `torch.autocast` does on a
/// CPU; weights, gradients and Adam's state stay single precision either way.
public enum ProductPrecision: String, Codable, Sendable, CaseIterable {
    case fp32
    case bf16

    /// Whether this machine's oneDNN can run products in this format (bf16 needs AVX-512).
    public var isSupported: Bool { OneDNNMatmul.supports(self) }
}
