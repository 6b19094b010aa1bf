import Foundation
import DKMEncoder

/// Which sentence encoder made a set of embeddings: what a saved model keeps so that new
/// documents are embedded the same way, and what refuses another encoder.
public struct EncoderRecord: Codable, Equatable, Sendable {
    public var name: String
    public var sha256: String
    public var pooling: String
    public var normalizes: Bool
    public var maximumLength: Int
    public var dimension: Int

    public init(_ encoder: SentenceEncoder) {
        name = encoder.name
        sha256 = encoder.sha256
        pooling = encoder.folder.pooling.rawValue
        normalizes = encoder.folder.normalizes
        maximumLength = encoder.folder.maximumLength
        dimension = encoder.dimension
    }

    var metadata: [String: String] {
        ["encoder": name, "encoder_sha256": sha256, "pooling": pooling, "normalized": "\(normalizes)", "max_seq_length": "\(maximumLength)"]
    }
}
