import DKMTerminal
import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// The progress bar of several runs that may train side by side (`dkm evaluate --jobs`): it
/// follows the earliest run still going, so one run's epochs are drawn at a time, and names
/// how many others are running. Safe to call from the concurrent runs.
package final class RunsProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let bar = ProgressBar()
    private let runCount: Int
    private var running: Set<Int> = []

    package init(runCount: Int) { self.runCount = runCount }

    /// `progress` of run `index` (0-based, in seed order).
    package func update(run index: Int, _ progress: TrainingProgress) {
        lock.lock()
        defer { lock.unlock() }
        running.insert(index)
        guard index == running.min() else { return }
        let others = running.count - 1
        bar.update(progress, label: "run \(index + 1)/\(runCount)" + (others > 0 ? " (+\(others) running)" : ""))
    }

    /// Run `index` ended; the bar moves on to the next earliest one.
    package func finish(run index: Int) {
        lock.lock()
        defer { lock.unlock() }
        running.remove(index)
    }
}
