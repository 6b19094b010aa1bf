import Foundation
import DeepKMeans

/// A one-line progress bar on standard error: phase, epoch, loss, alpha and time left.
/// On a terminal it redraws in place (at most ten times a second); otherwise it prints a
/// line at every tenth of a phase.
package final class ProgressBar {
    private let width = 24
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var phaseStart = Date()
    private var phase: TrainingPhase?
    private var lastDraw = Date.distantPast
    private var lastTenth = -1
    private let prefix: String

    package init(prefix: String = "") { self.prefix = prefix }

    package func update(_ progress: TrainingProgress, label: String? = nil) {
        let now = Date()
        if progress.phase != phase {
            if isTerminal && phase != nil { FileHandle.standardError.write(Data("\n".utf8)) }
            phase = progress.phase
            phaseStart = now
            lastTenth = -1
        }
        let fraction = progress.total > 0 ? min(progress.completed / Double(progress.total), 1) : 1
        let done = fraction >= 1
        if isTerminal {
            guard done || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        } else {
            let tenth = Int(fraction * 10)
            guard tenth > lastTenth else { return }
            lastTenth = tenth
        }
        lastDraw = now
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var line = "\(prefix)\(label.map { "\($0) " } ?? "")\(progress.phase) [\(bar)] "
        if progress.phase == .embed {
            let rate = progress.completed / max(now.timeIntervalSince(phaseStart), 1e-3)
            line +=
                "documents \(Int(progress.completed))/\(progress.total)" + (progress.completed > 0 ? String(format: "  %.0f/s", rate) : "")
        } else {
            line += "epoch \(min(Int(progress.completed) + (done ? 0 : 1), progress.total))/\(progress.total)"
        }
        if let loss = progress.loss { line += String(format: "  loss %.4g", loss) }
        if let alpha = progress.alpha { line += String(format: "  alpha %.3g", alpha) }
        let elapsed = now.timeIntervalSince(phaseStart)
        if fraction > 0 && !done {
            line += "  left " + ProgressBar.duration(elapsed * (1 - fraction) / fraction)
        } else if done {
            line += "  took " + ProgressBar.duration(elapsed)
        }
        let text = isTerminal ? "\r\u{1B}[K" + line + (done ? "\n" : "") : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
        if done && isTerminal { phase = nil }
    }

    /// Ends a bar left open (a phase that stopped before its total, as fine-tuning does once
    /// the clusters settle), so what is printed next starts on a line of its own.
    package func finish() {
        if isTerminal && phase != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        phase = nil
    }

    package static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}
