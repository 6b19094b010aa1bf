#if DKM_MPI
import CMPI
#endif
import Foundation

/// Joining and leaving the `mpirun` job a `--distributed` process belongs to.
public enum Distribution {
    /// Whether this build has MPI.
    public static var isAvailable: Bool {
        #if DKM_MPI
        true
        #else
        false
        #endif
    }

    /// The job's communicator (a job of one rank when started without mpirun).
    public static func join() throws -> Communicator {
        #if DKM_MPI
        return try MPICommunicator()
        #else
        throw DistributedError.unavailable
        #endif
    }

    /// Ends MPI after a successful run (every rank calls it).
    public static func leave(_ communicator: Communicator) {
        #if DKM_MPI
        (communicator as? MPICommunicator)?.finish()
        #endif
    }

    /// Waits, on a rank that learned another rank failed, for the failing rank's abort to end
    /// this process with that rank's exit code: it joins a collective the failing rank never
    /// joins (the abort ends every rank, so the wait lasts as long as the abort takes). Returns
    /// only if that collective fails, when the caller ends the job itself.
    public static func awaitAbortElsewhere(_ communicator: Communicator) {
        guard communicator.size > 1 else { return }
        _ = try? communicator.sum(0)
    }

    /// Ends every rank of the job, after this rank reported an error.
    public static func abort(_ communicator: Communicator, exitCode: Int32) -> Never {
        #if DKM_MPI
        if let mpi = communicator as? MPICommunicator, mpi.size > 1 { mpi.abort(exitCode: exitCode) }
        leave(communicator)
        #endif
        exit(exitCode)
    }
}
