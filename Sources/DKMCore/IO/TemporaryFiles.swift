import Foundation

/// The temporary files and folders this process is writing (an atomic write's sibling, an
/// output folder being staged, a lock), so an interrupted run removes them before it exits,
/// and so a later run can recognize and remove what a killed one left behind.
public enum TemporaryFiles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []

    /// The name of a temporary sibling of `name` owned by this process: `.<name>.<pid>.<kind>`.
    public static func siblingName(of name: String, kind: String) -> String {
        ".\(name).\(getpid()).\(kind)"
    }

    /// Runs `body` with `path` registered for removal on an interruption; `path` stays
    /// registered only while `body` runs.
    public static func whileRegistered<T>(_ path: String, _ body: () throws -> T) rethrows -> T {
        register(path)
        defer { unregister(path) }
        return try body()
    }

    public static func register(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.insert(path)
    }

    public static func unregister(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.remove(path)
    }

    /// Runs `body` while no interruption can remove temporaries (a rename that publishes one).
    public static func withoutInterruption<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    /// Removes every registered path and keeps the registry locked, so nothing publishes a
    /// half-written file before the process exits. Called on SIGINT or SIGTERM.
    static func removeAllForExit() {
        lock.lock()
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
        paths.removeAll()
    }

    /// Removes the temporaries of `name` in `directory` (named by `siblingName`) whose process
    /// is gone: a killed run's leftovers. Temporaries of live processes are left alone.
    public static func removeStale(of name: String, in directory: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else { return }
        let prefix = ".\(name)."
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count).split(separator: ".", maxSplits: 1)
            guard rest.count == 2, let pid = Int32(rest[0]), pid > 0, pid != getpid(),
                ["tmp", "staging", "old"].contains(String(rest[1]))
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(entry))
            }
        }
    }
}
