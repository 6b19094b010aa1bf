#if DKM_MPI
import CMPI
import Foundation

/// The ranks of an `mpirun` job (Open MPI). Collectives are started non-blocking and waited
/// for with a deadline, so a dead or hung rank ends the run with a message instead of a hang.
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int
    public var isDistributed: Bool { true }
    /// Seconds a collective may wait for the other ranks (`DKM_MPI_TIMEOUT`, default 600).
    public var timeout: TimeInterval
    private var communicator: MPI_Comm?

    /// Starts MPI (once per process; a process started without mpirun is a job of one rank).
    public init() throws {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            var provided: Int32 = 0
            let code = MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
            guard code == MPI_SUCCESS else { throw DistributedError.mpi(operation: "MPI_Init", rank: 0, message: "code \(code)") }
        }
        var own: MPI_Comm?
        MPI_Comm_dup(dkm_mpi_comm_world(), &own)
        MPI_Comm_set_errhandler(own, dkm_mpi_errors_return())
        communicator = own
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(own, &rank)
        MPI_Comm_size(own, &size)
        self.rank = Int(rank)
        self.size = Int(size)
        timeout = ProcessInfo.processInfo.environment["DKM_MPI_TIMEOUT"].flatMap(TimeInterval.init) ?? 600
    }

    /// Ends MPI after a successful run.
    public func finish() {
        MPI_Comm_free(&communicator)
        MPI_Finalize()
    }

    /// Ends every rank of the job (after this rank reported an error).
    public func abort(exitCode: Int32) -> Never {
        MPI_Abort(dkm_mpi_comm_world(), exitCode)
        exit(exitCode)
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        try allReduce(values.baseAddress, count: values.count, type: dkm_mpi_float(), operation: "sum of \(values.count) floats")
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        try allReduce(values.baseAddress, count: values.count, type: dkm_mpi_double(), operation: "sum of \(values.count) doubles")
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Int64>) throws {
        try allReduce(values.baseAddress, count: values.count, type: dkm_mpi_int64(), operation: "sum of \(values.count) integers")
    }

    public func allGather(bytes: [UInt8]) throws -> [[UInt8]] { try gatherVariable(bytes, root: nil) }

    public func gather(bytes: [UInt8], root: Int) throws -> [[UInt8]] { try gatherVariable(bytes, root: root) }

    public func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8] {
        var count = [Int64(bytes.count)]
        try count.withUnsafeMutableBytes { buffer in
            var request = dkm_mpi_request_null()
            let code = MPI_Ibcast(buffer.baseAddress, 1, dkm_mpi_int64(), Int32(root), communicator, &request)
            try wait(&request, start: code, operation: "broadcast of a size")
        }
        guard count[0] <= Int64(Int32.max) else { throw DistributedError.tooLarge(operation: "broadcast", bytes: Int(count[0])) }
        var data = rank == root ? bytes : [UInt8](repeating: 0, count: Int(count[0]))
        if count[0] > 0 {
            try data.withUnsafeMutableBytes { buffer in
                var request = dkm_mpi_request_null()
                let code = MPI_Ibcast(buffer.baseAddress, Int32(count[0]), dkm_mpi_byte(), Int32(root), communicator, &request)
                try wait(&request, start: code, operation: "broadcast of \(count[0]) bytes")
            }
        }
        return data
    }

    // MARK: - Helpers

    /// Every rank's bytes, of any length, on `root` (nil: on every rank).
    private func gatherVariable(_ bytes: [UInt8], root: Int?) throws -> [[UInt8]] {
        let name = root == nil ? "all-gather" : "gather"
        let counts = try exchangeCounts(bytes.count, root: root, operation: name)
        let (displacements, total) = try layout(counts, operation: name)
        var received = [UInt8](repeating: 0, count: max(total, 1))
        let counts32 = counts.map(Int32.init)
        try bytes.withUnsafeBytes { send in
            try received.withUnsafeMutableBytes { receive in
                var request = dkm_mpi_request_null()
                let code =
                    root.map {
                        MPI_Igatherv(
                            send.baseAddress, Int32(bytes.count), dkm_mpi_byte(), receive.baseAddress, counts32,
                            displacements, dkm_mpi_byte(), Int32($0), communicator, &request)
                    }
                    ?? MPI_Iallgatherv(
                        send.baseAddress, Int32(bytes.count), dkm_mpi_byte(), receive.baseAddress, counts32,
                        displacements, dkm_mpi_byte(), communicator, &request)
                try wait(&request, start: code, operation: "\(name) of \(total) bytes")
            }
        }
        return root == nil || root == rank ? split(received, counts: counts, displacements: displacements) : []
    }

    private func allReduce(_ pointer: UnsafeMutableRawPointer?, count: Int, type: MPI_Datatype?, operation: String) throws {
        guard count > 0 else { return }
        guard count <= Int(Int32.max) else { throw DistributedError.tooLarge(operation: operation, bytes: count) }
        var request = dkm_mpi_request_null()
        let code = MPI_Iallreduce(
            UnsafeRawPointer(dkm_mpi_in_place()), pointer, Int32(count), type, dkm_mpi_sum(),
            communicator, &request)
        try wait(&request, start: code, operation: operation)
    }

    /// Each rank's byte count, on every rank (or on `root`).
    private func exchangeCounts(_ count: Int, root: Int?, operation: String) throws -> [Int] {
        var mine = [Int64(count)]
        var all = [Int64](repeating: 0, count: size)
        try mine.withUnsafeMutableBytes { send in
            try all.withUnsafeMutableBytes { receive in
                var request = dkm_mpi_request_null()
                let code =
                    root.map {
                        MPI_Igather(
                            send.baseAddress, 1, dkm_mpi_int64(), receive.baseAddress, 1, dkm_mpi_int64(), Int32($0),
                            communicator, &request)
                    }
                    ?? MPI_Iallgather(
                        send.baseAddress, 1, dkm_mpi_int64(), receive.baseAddress, 1, dkm_mpi_int64(),
                        communicator, &request)
                try wait(&request, start: code, operation: "\(operation) of sizes")
            }
        }
        return all.map(Int.init)
    }

    private func layout(_ counts: [Int], operation: String) throws -> ([Int32], Int) {
        var displacements: [Int32] = []
        var total = 0
        for count in counts {
            displacements.append(Int32(truncatingIfNeeded: total))
            total += count
        }
        guard total <= Int(Int32.max) else { throw DistributedError.tooLarge(operation: operation, bytes: total) }
        return (displacements, total)
    }

    private func split(_ bytes: [UInt8], counts: [Int], displacements: [Int32]) -> [[UInt8]] {
        zip(counts, displacements).map { count, start in Array(bytes[Int(start)..<Int(start) + count]) }
    }

    /// Waits for a started collective, polling so that a deadline and signals are noticed.
    private func wait(_ request: inout MPI_Request?, start code: Int32, operation: String) throws {
        guard code == MPI_SUCCESS else { throw DistributedError.mpi(operation: operation, rank: rank, message: message(code)) }
        let started = Date()
        var done: Int32 = 0
        var polls = 0
        var signalled: Date?
        while true {
            let status = MPI_Test(&request, &done, dkm_mpi_status_ignore())
            guard status == MPI_SUCCESS else { throw DistributedError.mpi(operation: operation, rank: rank, message: message(status)) }
            if done != 0 { return }
            polls += 1
            if polls > 200 { usleep(polls > 5000 ? 1000 : 20) }  // spin briefly, then sleep between polls
            if Interruption.requested != 0 {
                // mpirun stops the surviving ranks with SIGTERM when one dies; a plain Ctrl-C
                // reaches every rank, and they then meet at the end of the epoch instead.
                let since = signalled ?? Date()
                signalled = since
                if Date().timeIntervalSince(since) > 1 { throw DistributedError.peerLost(operation: operation, rank: rank) }
            }
            if polls % 100 == 0, Date().timeIntervalSince(started) > timeout {
                throw DistributedError.timeout(operation: operation, rank: rank, seconds: Int(timeout))
            }
        }
    }

    private func message(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &buffer, &length)
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
#endif
