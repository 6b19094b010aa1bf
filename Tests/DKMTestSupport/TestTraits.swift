import Foundation
import Testing

/// The marks of the tests that take seconds. A quick run (`scripts/test-quick`, which sets
/// `DKM_QUICK_TESTS=1`) leaves them out and finishes in well under a minute; CI runs everything.
/// They are conditions rather than tags because `swift test` selects by name only.
extension Trait where Self == ConditionTrait {
    /// Trains in a debug build, starts dkm processes that train, or waits on signals.
    public static var slow: Self { .disabled(if: TestSupport.isQuickRun, "slow: left out of quick runs (DKM_QUICK_TESTS)") }
    /// Starts processes under mpirun.
    public static var mpi: Self { .disabled(if: TestSupport.isQuickRun, "mpirun: left out of quick runs (DKM_QUICK_TESTS)") }
}

extension TestSupport {
    /// Whether this is a quick run, which leaves out the `.slow` and `.mpi` tests.
    public static var isQuickRun: Bool { ProcessInfo.processInfo.environment["DKM_QUICK_TESTS"].map { !$0.isEmpty && $0 != "0" } ?? false }
}
