import Foundation

/// Progress while a sentence encoder embeds texts: texts done of the total, texts per second
/// and time left on standard error, redrawn in place on a terminal (at most ten times a
/// second), else a line every five seconds; a closing line with what it took.
package final class EncodingProgress {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let start = Date()
    private let total: Int
    private lazy var lastDraw = isTerminal ? Date.distantPast : start

    package init(total: Int) { self.total = total }

    package func update(done: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= (isTerminal ? 0.1 : 5) else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + line(done, now) + (isTerminal ? "" : "\n")).utf8))
    }

    package func finish() {
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + line(total, Date()) + "\n").utf8))
    }

    private func line(_ done: Int, _ now: Date) -> String {
        let seconds = max(now.timeIntervalSince(start), 1e-3)
        let rate = Double(done) / seconds
        let time =
            done >= total
            ? "took " + ProgressBar.duration(seconds)
            : rate > 0 ? "left " + ProgressBar.duration(Double(total - done) / rate) : ""
        return String(format: "encoding: %d/%d texts, %.0f texts/s, %@", done, total, rate, time)
    }
}
