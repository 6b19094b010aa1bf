import Foundation

/// Progress while documents are read and tokenized, where the total is not known in advance:
/// documents, megabytes and documents per second on standard error, redrawn in place on a
/// terminal (at most ten times a second), else a line every five seconds; a closing line.
package final class ReadingProgress {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let start = Date()
    /// Off a terminal the first line comes after five seconds (short reads print one line).
    private lazy var lastDraw = isTerminal ? Date.distantPast : start
    private var documents = 0, bytes = 0

    package init() {}

    package func update(documents: Int, bytes: Int) {
        self.documents = documents
        self.bytes = bytes
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= (isTerminal ? 0.1 : 5) else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + line(now) + (isTerminal ? "" : "\n")).utf8))
    }

    /// The closing line (once everything is read).
    package func finish() {
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + line(Date()) + "\n").utf8))
    }

    private func line(_ now: Date) -> String {
        let seconds = max(now.timeIntervalSince(start), 1e-3)
        return String(
            format: "reading: %d documents, %.1f MB, %.0f documents/s, %@", documents, Double(bytes) / 1e6,
            Double(documents) / seconds, ProgressBar.duration(seconds))
    }
}
