import ArgumentParser
import DeepKMeans
import Foundation

/// Turns library errors into one clear line on standard error and a documented exit code.
enum Failure {
    static let badInput: Int32 = 65
    static let internalFailure: Int32 = 70
    /// An output could not be created (EX_CANTCREAT).
    static let cannotCreate: Int32 = 73
    /// Stopped by SIGINT or SIGTERM after saving a checkpoint; --resume continues.
    static let interrupted: Int32 = 75
    /// A distributed run lost a rank (or timed out waiting for one).
    static let unavailable: Int32 = 69

    static func exit(for error: Error, rank: Int? = nil) -> ExitCode {
        let message: String
        let code: Int32
        switch error {
        case let error as DataFileError:
            message = error.description
            code = badInput
        case let error as OutputError:
            message = error.description
            if case .cannotWrite = error { code = cannotCreate } else { code = ExitCode.validationFailure.rawValue }
        case let error as ModelError:
            message = error.description
            code = badInput
        case let error as VectorizerError:
            message = error.description
            code = badInput
        case let error as ClusteringError:
            message = error.description
            code = error.exitCode
        case DistributedError.failedElsewhere:
            return ExitCode(unavailable)  // the failing rank reports it
        case let error as DistributedError:
            message = error.description
            code = error == .unavailable ? ExitCode.validationFailure.rawValue : unavailable
        default:
            message = String(describing: error)
            code = internalFailure
        }
        let origin = rank.map { "rank \($0): " } ?? ""
        Terminal.error("dkm: error: \(origin)\(message)\n")
        return ExitCode(code)
    }

    /// Runs `body` with the job's communicator (one process unless `distributed`), mapping any
    /// error onto an exit code. A failing rank of several reports its error and ends the whole
    /// job, so that no rank waits for it.
    static func guarding(distributed: Bool, _ body: (Communicator) throws -> Void) throws {
        let communicator: Communicator
        do {
            communicator = distributed ? try Distribution.join() : SingleProcess.shared
        } catch {
            throw exit(for: error)
        }
        var failure: ExitCode?
        do {
            try body(communicator)
        } catch let error as ExitCode {
            failure = error
        } catch let error as ValidationError where communicator.size == 1 {
            Distribution.leave(communicator)
            throw error  // ArgumentParser prints it with the usage
        } catch let error as ValidationError {
            Terminal.error("dkm: error: rank \(communicator.rank): \(error.message)\n")
            failure = ExitCode.validationFailure
        } catch {
            failure = exit(for: error, rank: communicator.size > 1 ? communicator.rank : nil)
            // The failing rank ends the job with its own exit code: this rank waits to be ended by it.
            if case DistributedError.failedElsewhere = error { Distribution.awaitAbortElsewhere(communicator) }
        }
        if let failure, communicator.size > 1 { Distribution.abort(communicator, exitCode: failure.rawValue) }
        Distribution.leave(communicator)
        if let failure { throw failure }
    }

    /// Runs `body` in one process, mapping any library error onto an exit code.
    static func guarding(_ body: () throws -> Void) throws {
        try guarding(distributed: false) { _ in try body() }
    }
}

extension ClusteringError {
    var exitCode: Int32 {
        switch self {
        case .tooFewPoints, .invalidSetting: ExitCode.validationFailure.rawValue  // the arguments
        case .nonFinite: Failure.internalFailure
        case .interrupted, .reproductionInterrupted: Failure.interrupted
        }
    }
}
