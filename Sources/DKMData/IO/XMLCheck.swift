import DKMCore

/// Checks that bytes are well-formed XML (no network, no DTD loading), e.g. the XHTML report.
public enum XMLCheck {
    /// nil when well-formed, else where it breaks.
    public static func problem(in bytes: [UInt8]) -> String? {
        do {
            try XMLStream.forEachNode(bytes, file: "check.xml") { _ in }
            return nil
        } catch let error as DataFileError {
            if case .mismatch(let reason) = error.problem { return reason }
            return error.description
        } catch {
            return "\(error)"
        }
    }
}
