import DKMTerminal
import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// Progress of a whole reproduction grid on standard error (runs done of the total, time left,
/// the current run's phase and epoch), and a line on standard output per finished run.
/// Safe to call from the concurrent runs of `--jobs`.
package final class ReproductionProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let showsBar: Bool
    private var lastDraw = Date.distantPast
    private var reused = 0
    private let width = 20

    package init(showsBar: Bool = true) { self.showsBar = showsBar }

    package func handle(_ event: ReproductionEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case let .progress(task, progress, done, total, secondsLeft):
            guard showsBar, Date().timeIntervalSince(lastDraw) >= (isTerminal ? 0.1 : 60) else { return }
            lastDraw = Date()
            let fraction = total > 0 ? Double(done) / Double(total) : 0
            let filled = Int(fraction * Double(width))
            var line = "[\(String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled))] "
            line += "\(done)/\(total) runs"
            if let secondsLeft { line += ", about \(ProgressBar.duration(secondsLeft)) left" }
            line +=
                " · \(task.label) · \(progress.phase) epoch \(min(Int(progress.completed) + 1, max(progress.total, 1)))/\(progress.total)"
            if let loss = progress.loss { line += String(format: " loss %.4g", loss) }
            FileHandle.standardError.write(Data((isTerminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
        case let .finished(task, record, wasReused, done, total, secondsLeft):
            if wasReused { reused += 1; return }
            clearBar()
            let left = secondsLeft.map { done < total ? " · about \(ProgressBar.duration($0)) left" : "" } ?? ""
            print("[\(done)/\(total)] \(task.label): \(ReproductionProgress.describe(record))\(left)")
            fflush(nil)
        case let .selected(dataset, method, value, search):
            clearBar()
            let scores = search.map { point in
                "\(ReproductionStore.format(point.value)): "
                    + (point.meanValidationACC.map { String(format: "%.1f", 100 * $0) } ?? "failed")
            }
            print(
                "\(dataset) \(method.displayName): \(method.lambdaName) = \(ReproductionStore.format(value)) chosen "
                    + "(validation ACC % per value: \(scores.joined(separator: ", ")))")
            fflush(nil)
        }
    }

    /// Runs found already stored (not run again).
    package var reusedRuns: Int {
        lock.lock()
        defer { lock.unlock() }
        return reused
    }

    private func clearBar() {
        if showsBar && isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func describe(_ record: ReproductionRecord) -> String {
        let seconds = ProgressBar.duration(record.seconds)
        if let failure = record.failure { return "failed: \(failure) (\(seconds))" }
        let parts = ["validation", "test"].compactMap { subset in
            record.scores[subset].map { String(format: "\(subset) ACC %.1f NMI %.1f", 100 * $0.acc, 100 * $0.nmi) }
        }
        return parts.joined(separator: ", ") + " (\(seconds))"
    }
}
