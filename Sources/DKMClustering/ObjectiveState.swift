import DKMCore

/// What a clustering term carries from one epoch to the next, kept in checkpoints so that a
/// resumed run continues exactly as it would have. Each method names its own entries; arrays
/// over points run over every point in the global order, whatever the number of processes.
public struct ObjectiveState: Equatable, Sendable {
    /// The layout written today; checkpoints without a version hold the first one's named fields.
    public static let version = 2

    /// Named arrays of whole numbers (a cluster per point, say).
    public var integers: [String: [Int]] = [:]
    /// Named arrays of reals (a count per cluster, say).
    public var reals: [String: [Double]] = [:]
    /// Named matrices, kept as tensors beside the JSON (IDEC's target distribution).
    public var matrices: [String: Matrix] = [:]

    public init() {}

    /// The entry `name` of `integers`, checked: `count` values, each in `range` (nil when absent).
    public func integers(_ name: String, count: Int, in range: ClosedRange<Int>, file: String) throws -> [Int]? {
        guard let values = integers[name] else { return nil }
        guard values.count == count, values.allSatisfy(range.contains) else { throw mismatch(name, file: file) }
        return values
    }

    /// The entry `name` of `reals`, checked: `count` finite values (nil when absent).
    public func reals(_ name: String, count: Int, file: String) throws -> [Double]? {
        guard let values = reals[name] else { return nil }
        guard values.count == count, values.allSatisfy(\.isFinite) else { throw mismatch(name, file: file) }
        return values
    }

    /// The entry `name` of `matrices`, checked: `rows` by `columns` (nil when absent).
    public func matrix(_ name: String, rows: Int, columns: Int, file: String) throws -> Matrix? {
        guard let matrix = matrices[name] else { return nil }
        guard matrix.rows == rows, matrix.columns == columns else { throw mismatch(name, file: file) }
        return matrix
    }

    private func mismatch(_ name: String, file: String) -> DataFileError {
        DataFileError(file: file, .mismatch("the clustering term's state '\(name)' does not fit this run's points and clusters"))
    }
}

extension ObjectiveState: Codable {
    private enum CodingKeys: String, CodingKey {
        case version, integers, reals
        // Version 1 wrote DCN's, IDEC's and DKM's entries as fields of their own.
        case clusters, counts, lastNearest, calmEpochs
    }

    /// The matrices are not in the JSON: the checkpoint keeps them as tensors.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.version) {
            integers = try container.decode([String: [Int]].self, forKey: .integers)
            reals = try container.decode([String: [Double]].self, forKey: .reals)
            return
        }
        integers["clusters"] = try container.decodeIfPresent([Int].self, forKey: .clusters)
        integers["lastNearest"] = try container.decodeIfPresent([Int].self, forKey: .lastNearest)
        integers["calmEpochs"] = try container.decodeIfPresent(Int.self, forKey: .calmEpochs).map { [$0] }
        reals["counts"] = try container.decodeIfPresent([Double].self, forKey: .counts)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .version)
        try container.encode(integers, forKey: .integers)
        try container.encode(reals, forKey: .reals)
    }
}
