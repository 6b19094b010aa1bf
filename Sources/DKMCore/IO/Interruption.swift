import Dispatch
import Foundation

/// What SIGINT, SIGTERM and SIGHUP (a closed terminal, a dropped ssh session) do once
/// `install()` ran (in the command-line tool, not in tests).
///
/// By default the process ends within moments with exit status 128 + the signal (130, 143, 129),
/// after removing every temporary it was writing (`TemporaryFiles`), so no partial output is
/// left. While a training loop that writes checkpoints runs (`deferringToCheckpoints`), the
/// signal is only recorded: the loop saves a checkpoint at its next chance and stops with
/// `ClusteringError.interrupted`. A second signal then ends the process at once.
public enum Interruption {
    /// Non-zero once a signal asked a checkpointing loop to stop.
    nonisolated(unsafe) public static var requested: Int32 = 0

    /// Whether the signal handlers are in place.
    nonisolated(unsafe) public private(set) static var installed = false

    private static let deferralLock = NSLock()
    nonisolated(unsafe) private static var deferralCount = 0
    private static var deferring: Bool {
        deferralLock.lock(); defer { deferralLock.unlock() }
        return deferralCount > 0
    }
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    public static func install() {
        guard !installed else { return }
        let registered = DispatchSemaphore(value: 0)
        // Under nohup SIGHUP is ignored, and must stay so: the run is meant to outlive the terminal.
        var hangUp = sigaction()
        let ignoresHangUp = sigaction(SIGHUP, nil, &hangUp) == 0
            && unsafeBitCast(hangUp.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        for number in [SIGINT, SIGTERM] + (ignoresHangUp ? [] : [SIGHUP]) {
            // The handler runs on a queue of its own, where it may remove files and exit.
            #if !os(Linux)
            // kqueue only reports signals; elsewhere they would still end the process. On Linux,
            // libdispatch installs a handler of its own when the source is registered, and
            // ignoring the signal first would lose one that came before that.
            signal(number, SIG_IGN)
            #endif
            let source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue(label: "dkm.signals"))
            source.setEventHandler { received(number) }
            source.setRegistrationHandler { registered.signal() }
            source.resume()
            sources.append(source)
        }
        // Registration is asynchronous: until it is done a signal takes its default action.
        for _ in sources { _ = registered.wait(timeout: .now() + 5) }
        installed = true
    }

    /// Runs `body` (a training loop that writes checkpoints) with signals turned into a stop
    /// at its next checkpoint.
    public static func deferringToCheckpoints<T>(_ body: () throws -> T) rethrows -> T {
        deferralLock.lock(); deferralCount += 1; deferralLock.unlock()
        defer { deferralLock.lock(); deferralCount -= 1; deferralLock.unlock() }
        return try body()
    }

    private static func received(_ number: Int32) {
        let name = number == SIGINT ? "SIGINT" : number == SIGHUP ? "SIGHUP" : "SIGTERM"
        // After a hang-up the terminal or ssh pipe may be gone: a write to it must not end the
        // process (SIGPIPE) before the checkpoint is saved.
        if number == SIGHUP { signal(SIGPIPE, SIG_IGN) }
        if deferring && requested == 0 {
            requested = 1
            say("dkm: \(name): saving a checkpoint, then stopping (a second signal stops at once)\n")
            return
        }
        TemporaryFiles.removeAllForExit()
        say("dkm: interrupted by \(name); unfinished outputs were removed\n")
        _exit(128 + number)
    }

    private static func say(_ message: String) {
        var bytes = Array(message.utf8)
        _ = Foundation.write(2, &bytes, bytes.count)
    }
}
