import DKMCore

/// What a clustering term carries from one epoch to the next, kept in checkpoints so that a
/// resumed run continues exactly as it would have. Arrays run over every point in the global
/// order, whatever the number of processes.
public struct ObjectiveState: Codable, Equatable, Sendable {
    /// DCN: each point's cluster. IDEC: each point's label at the last target refresh.
    public var clusters: [Int]?
    /// DCN: each cluster's count, which sets its representative's step.
    public var counts: [Double]?
    /// DKM's early stop: each point's nearest representative when last seen (-1: not yet), and
    /// the calm epochs in a row so far.
    public var lastNearest: [Int]?
    public var calmEpochs: Int?
    /// IDEC: the target distribution P, a row per point (kept as a tensor, not in the JSON).
    public var target: Matrix?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case clusters, counts, lastNearest, calmEpochs
    }

    /// Fails with a message naming `file` unless every per-point array has `pointCount` entries
    /// and `counts` has `clusterCount`.
    func check(pointCount: Int, clusterCount: Int, file: String) throws {
        let lengths = [clusters?.count, lastNearest?.count, target?.rows].compactMap { $0 }
        guard lengths.allSatisfy({ $0 == pointCount }), (counts?.count ?? clusterCount) == clusterCount,
              (target?.columns ?? clusterCount) == clusterCount,
              (clusters ?? []).allSatisfy({ (0..<clusterCount).contains($0) }),
              (lastNearest ?? []).allSatisfy({ (-1..<clusterCount).contains($0) }) else {
            throw DataFileError(file: file, .mismatch("the clustering term's state does not fit \(pointCount) points and \(clusterCount) clusters"))
        }
    }
}
