import ArgumentParser
import DeepKMeans
import Foundation

/// Turns library errors into one clear line on standard error and a documented exit code.
enum Failure {
    static let badInput: Int32 = 65
    static let internalFailure: Int32 = 70
    /// Stopped by SIGINT or SIGTERM after saving a checkpoint; --resume continues.
    static let interrupted: Int32 = 75

    static func exit(for error: Error) -> ExitCode {
        let message: String
        let code: Int32
        switch error {
        case let error as DataFileError:
            message = error.description
            code = badInput
        case let error as OutputError:
            message = error.description
            code = ExitCode.validationFailure.rawValue
        case let error as ModelError:
            message = error.description
            code = badInput
        case let error as VectorizerError:
            message = error.description
            code = badInput
        case let error as ClusteringError:
            message = error.description
            code = error.exitCode
        default:
            message = String(describing: error)
            code = internalFailure
        }
        FileHandle.standardError.write(Data("dkm: error: \(message)\n".utf8))
        return ExitCode(code)
    }

    /// Runs `body`, mapping any library error onto an exit code.
    static func guarding(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw exit(for: error)
        }
    }
}

extension ClusteringError {
    var exitCode: Int32 {
        switch self {
        case .tooFewPoints, .invalidSetting: ExitCode.validationFailure.rawValue  // the arguments
        case .nonFinite: Failure.internalFailure
        case .interrupted: Failure.interrupted
        }
    }
}
