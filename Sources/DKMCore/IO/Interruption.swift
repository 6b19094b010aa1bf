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

    /// Whether the signals are taken by the watcher thread.
    nonisolated(unsafe) public private(set) static var installed = false

    private static let deferralLock = NSLock()
    nonisolated(unsafe) private static var deferralCount = 0
    private static var deferring: Bool {
        deferralLock.lock(); defer { deferralLock.unlock() }
        return deferralCount > 0
    }
    /// The name of the one thread that receives the signals (tests look for it).
    public static let watcherName = "dkm-signals"

    /// Call first thing in `main`, before any other thread exists: the signals are blocked in
    /// this thread, so in every thread started after it (the compute pools of oneDNN and
    /// OpenMP among them), and one thread of ours takes them with `sigwait`. A signal
    /// delivered to a compute thread in the middle of a oneDNN kernel corrupted the heap
    /// (libdispatch's signal sources let that happen), so no compute thread may receive one.
    public static func install() {
        guard !installed else { return }
        installed = true
        // Under nohup SIGHUP is ignored, and must stay so: the run is meant to outlive the terminal.
        var hangUp = sigaction()
        let ignoresHangUp =
            sigaction(SIGHUP, nil, &hangUp) == 0
            && unsafeBitCast(hangUp.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGINT, SIGTERM] + (ignoresHangUp ? [] : [SIGHUP]) {
            sigaddset(&signals, number)
            // A script's background job starts with SIGINT ignored, which would discard the
            // signal even while blocked; a thread that still takes it (one started before
            // `install`) passes it on to the watcher.
            var action = sigaction()
            action.__sigaction_handler.sa_handler = passOn
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let watched = signals
        let watcher = Thread {
            var signals = watched
            Thread.current.name = watcherName
            // The kernel's name (/proc/…/comm) set directly too: Foundation's `Thread.name` skips
            // it when the thread runs before its starter has recorded it (seen on a loaded machine).
            #if os(Linux)
            let comm = open("/proc/thread-self/comm", O_WRONLY)
            if comm >= 0 {
                _ = watcherName.withCString { write(comm, $0, strlen($0)) }
                close(comm)
            }
            #endif
            while true {
                var number: Int32 = 0
                if sigwait(&signals, &number) == 0 { received(number) }
            }
        }
        watcher.start()
    }

    /// The handler of a thread that did not block the signals: blocks them there and sends the
    /// signal to the process again, where only the watcher takes it. Async-signal-safe.
    private static let passOn: @convention(c) (Int32) -> Void = { number in
        var signal = sigset_t()
        sigemptyset(&signal)
        sigaddset(&signal, number)
        pthread_sigmask(SIG_BLOCK, &signal, nil)
        kill(getpid(), number)
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
