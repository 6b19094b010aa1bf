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
    /// The dense layers' number format; models saved before it existed decode as fp32.
    public var precision: EncoderPrecision

    public init(_ encoder: SentenceEncoder) {
        name = encoder.name
        sha256 = encoder.sha256
        pooling = encoder.folder.pooling.rawValue
        normalizes = encoder.folder.normalizes
        maximumLength = encoder.folder.maximumLength
        dimension = encoder.dimension
        precision = encoder.precision
    }

    enum CodingKeys: String, CodingKey { case name, sha256, pooling, normalizes, maximumLength, dimension, precision }

    public init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        name = try values.decode(String.self, forKey: .name)
        sha256 = try values.decode(String.self, forKey: .sha256)
        pooling = try values.decode(String.self, forKey: .pooling)
        normalizes = try values.decode(Bool.self, forKey: .normalizes)
        maximumLength = try values.decode(Int.self, forKey: .maximumLength)
        dimension = try values.decode(Int.self, forKey: .dimension)
        precision = try values.decodeIfPresent(EncoderPrecision.self, forKey: .precision) ?? .fp32
    }

    /// Throws unless `other` embeds as this encoder does (its name may differ: a copy of the folder).
    public func check(_ other: EncoderRecord) throws {
        guard other.sha256 == sha256 else {
            throw ModelError.incompatible(
                "the model's documents were embedded by \(name) (weights sha256 \(sha256.prefix(12))...); "
                    + "\(other.name) has other weights (\(other.sha256.prefix(12))...)")
        }
        guard other.pooling == pooling, other.normalizes == normalizes, other.maximumLength == maximumLength, other.dimension == dimension
        else {
            throw ModelError.incompatible(
                "\(other.name) has \(name)'s weights but pools, normalizes or cuts texts otherwise than the model's encoder")
        }
        guard other.precision == precision else {
            throw ModelError.incompatible(
                "the model's documents were embedded in \(precision.rawValue); this encoder runs in \(other.precision.rawValue)")
        }
    }

    var metadata: [String: String] {
        [
            "encoder": name, "encoder_sha256": sha256, "pooling": pooling, "normalized": "\(normalizes)",
            "max_seq_length": "\(maximumLength)", "precision": precision.rawValue,
        ]
    }
}
