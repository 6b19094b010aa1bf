import Foundation

/// The processes of one run and the collective operations between them (MPI's, when the run is
/// distributed). Every process calls the same operations in the same order; each call returns
/// on every process with the same combined result.
///
/// The primitives move raw bytes or sum numbers; the typed helpers below build on them.
public protocol Communicator: AnyObject {
    /// This process's number, 0 ..< size; rank 0 writes the outputs.
    var rank: Int { get }
    var size: Int { get }
    /// A `--distributed` run (of any number of ranks, one included): its checkpoints are keyed
    /// by the global data, so they resume on any number of ranks.
    var isDistributed: Bool { get }
    /// Element-wise sums over all processes, in place.
    func sum(_ values: UnsafeMutableBufferPointer<Float>) throws
    func sum(_ values: UnsafeMutableBufferPointer<Double>) throws
    func sum(_ values: UnsafeMutableBufferPointer<Int64>) throws
    /// Every process's bytes, in rank order, on every process.
    func allGather(bytes: [UInt8]) throws -> [[UInt8]]
    /// Every process's bytes, in rank order, on `root` only (the others get []).
    func gather(bytes: [UInt8], root: Int) throws -> [[UInt8]]
    /// `root`'s bytes on every process.
    func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8]
}

extension Communicator {
    public var isRoot: Bool { rank == 0 }

    public func sum(_ values: inout [Float]) throws { try values.withUnsafeMutableBufferPointer { try sum($0) } }
    public func sum(_ values: inout [Double]) throws { try values.withUnsafeMutableBufferPointer { try sum($0) } }

    public func sum(_ values: inout [Int]) throws {
        var wide = values.map(Int64.init)
        try wide.withUnsafeMutableBufferPointer { try sum($0) }
        values = wide.map(Int.init)
    }

    public func sum(_ value: Double) throws -> Double {
        var values = [value]
        try sum(&values)
        return values[0]
    }

    public func sum(_ value: Int) throws -> Int {
        var values = [value]
        try sum(&values)
        return values[0]
    }

    /// One value from each process, in rank order.
    public func allGather<T: BitwiseCopyable>(_ value: T) throws -> [T] {
        try allGather(bytes: Self.bytes(of: [value])).map { Self.values(of: $0, as: T.self)[0] }
    }

    /// Every process's array, concatenated in rank order, on every process.
    public func allGatherConcatenated<T: BitwiseCopyable>(_ values: [T]) throws -> [T] {
        try allGather(bytes: Self.bytes(of: values)).flatMap { Self.values(of: $0, as: T.self) }
    }

    /// Every process's array, concatenated in rank order, on `root` (the others get []).
    public func gatherConcatenated<T: BitwiseCopyable>(_ values: [T], root: Int = 0) throws -> [T] {
        try gather(bytes: Self.bytes(of: values), root: root).flatMap { Self.values(of: $0, as: T.self) }
    }

    /// Every process's values (any Codable, e.g. document ids), concatenated in rank order, on every process.
    public func allGatherEncoded<T: Codable>(_ values: [T]) throws -> [T] {
        guard size > 1 else { return values }
        return try allGather(bytes: Array(try JSONEncoder().encode(values))).flatMap {
            try JSONDecoder().decode([T].self, from: Data($0))
        }
    }

    /// Whether any process says yes (e.g. "stop now").
    public func any(_ flag: Bool) throws -> Bool { try sum(flag ? 1 : 0) > 0 }

    static func bytes<T: BitwiseCopyable>(of values: [T]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    static func values<T: BitwiseCopyable>(of bytes: [UInt8], as type: T.Type) -> [T] {
        let count = bytes.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source.prefix(count * MemoryLayout<T>.stride)))
            }
            initialized = count
        }
    }
}

/// A run of one process: every collective is the identity.
public final class SingleProcess: Communicator, Sendable {
    public static let shared = SingleProcess()

    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public var isDistributed: Bool { false }
    public func sum(_ values: UnsafeMutableBufferPointer<Float>) throws {}
    public func sum(_ values: UnsafeMutableBufferPointer<Double>) throws {}
    public func sum(_ values: UnsafeMutableBufferPointer<Int64>) throws {}
    public func allGather(bytes: [UInt8]) throws -> [[UInt8]] { [bytes] }
    public func gather(bytes: [UInt8], root: Int) throws -> [[UInt8]] { [bytes] }
    public func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8] { bytes }
}

/// Why a distributed run stopped.
public enum DistributedError: Error, Equatable, CustomStringConvertible {
    /// A collective did not complete in time: another rank died, hangs or is unreachable.
    case timeout(operation: String, rank: Int, seconds: Int)
    /// The run was stopped (mpirun forwards a dead rank's failure as SIGTERM) while this rank
    /// waited for the others.
    case peerLost(operation: String, rank: Int)
    /// MPI reported an error.
    case mpi(operation: String, rank: Int, message: String)
    /// A message too large for one MPI call (counts are 32-bit).
    case tooLarge(operation: String, bytes: Int)
    /// Another rank failed with this message (that rank reports it).
    case failedElsewhere(rank: Int, message: String)
    /// `--distributed` in a build without MPI.
    case unavailable

    public var description: String {
        switch self {
        case .timeout(let operation, _, let seconds):
            "\(operation) did not complete within \(seconds) s: another rank died, hangs or cannot be reached "
                + "(raise DKM_MPI_TIMEOUT if ranks are just slow); resume from the last checkpoint with --resume"
        case .peerLost(let operation, _):
            "stopped while waiting for the other ranks in \(operation): another rank failed or the job was "
                + "cancelled; resume from the last checkpoint with --resume, on any number of ranks"
        case .mpi(let operation, _, let message):
            "MPI error in \(operation): \(message)"
        case .tooLarge(let operation, let bytes):
            "\(operation): \(bytes) bytes is more than one MPI message can carry (2 GiB)"
        case .failedElsewhere(let rank, let message):
            "rank \(rank) failed: \(message)"
        case .unavailable:
            "--distributed needs a dkm built with Open MPI (apt install libopenmpi-dev openmpi-bin, then rebuild)"
        }
    }
}
