import DKMCore

extension Interruption {
    /// Whether to stop at this epoch's end: asked on any process (they all stop together).
    static func isRequested(_ communicator: Communicator) throws -> Bool {
        try communicator.any(installed && requested != 0)
    }

    /// Training without checkpoints stops at an epoch's end on a signal.
    static func stopIfRequested(_ communicator: Communicator) throws {
        if try isRequested(communicator) { throw ClusteringError.interrupted(checkpoint: nil) }
    }
}
