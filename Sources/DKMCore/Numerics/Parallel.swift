import Dispatch
import Foundation

/// Splits element-wise work over the cores. Each element is computed the same way whatever
/// the split, so results do not depend on the thread count.
public enum Parallel {
    /// Threads to use: `DKM_THREADS`, else `OPENBLAS_NUM_THREADS`, else the active cores.
    /// Lowered by callers that run several trainings side by side (`dkm reproduce --jobs`).
    nonisolated(unsafe) public static var threadCount: Int = {
        let environment = ProcessInfo.processInfo.environment
        for name in ["DKM_THREADS", "OPENBLAS_NUM_THREADS"] {
            if let value = environment[name].flatMap(Int.init), value >= 1 { return value }
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Calls `body(range)` on disjoint ranges covering 0 ..< count, concurrently when the work
    /// is large enough (`minimumPerThread` elements per thread at least).
    public static func forEachRange(_ count: Int, minimumPerThread: Int = 16_384, _ body: (Range<Int>) -> Void) {
        let threads = min(threadCount, max(1, count / max(minimumPerThread, 1)))
        if threads <= 1 {
            body(0..<count)
            return
        }
        let chunk = (count + threads - 1) / threads
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let start = t * chunk
            if start < count { body(start ..< min(start + chunk, count)) }
        }
    }

    /// Calls `body(i)` for every i in 0 ..< count, `jobs` at a time, each job with its share
    /// of the threads. After the first error no further task starts; that error is rethrown
    /// once the running tasks end.
    public static func runJobs(_ count: Int, jobs: Int, _ body: (Int) throws -> Void) throws {
        let workers = max(1, min(jobs, count))
        let savedThreads = threadCount
        if workers > 1 { threadCount = max(1, savedThreads / workers) }
        defer { threadCount = savedThreads }
        let lock = NSLock()
        var next = 0
        var firstError: Error?
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                lock.lock()
                guard firstError == nil, next < count else { lock.unlock(); return }
                let task = next
                next += 1
                lock.unlock()
                do {
                    try body(task)
                } catch {
                    lock.lock()
                    if firstError == nil { firstError = error }
                    lock.unlock()
                }
            }
        }
        if let firstError { throw firstError }
    }
}
