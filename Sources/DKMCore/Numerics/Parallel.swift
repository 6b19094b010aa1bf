import COpenMP
import Dispatch
import Foundation

/// Splits element-wise work over the cores. Each element is computed the same way whatever
/// the split, so results do not depend on the thread count.
public enum Parallel {
    /// Threads of the machine's share: `DKM_THREADS`, else `OMP_NUM_THREADS`, else the active
    /// cores; never more than the cores (a thousand threads on two cores made libgomp fail or
    /// a two-second run spin without end, and more threads than cores are never faster).
    public static let machineThreadCount: Int = {
        let environment = ProcessInfo.processInfo.environment
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        for name in ["DKM_THREADS", "OMP_NUM_THREADS"] {
            if let value = environment[name].flatMap(Int.init), value >= 1 { return min(value, cores) }
        }
        return cores
    }()

    /// Threads the work of the calling thread may use: `machineThreadCount`, unless the caller
    /// runs inside `withThreadCount` (each of several side-by-side trainings gets its share).
    public static var threadCount: Int {
        let scoped = Int(bitPattern: pthread_getspecific(scopedThreadCountKey))
        return scoped > 0 ? scoped : machineThreadCount
    }

    /// Runs `body` with `threadCount` set to `count` on the calling thread only; other threads,
    /// including other jobs running at the same time, keep theirs.
    public static func withThreadCount<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        let saved = pthread_getspecific(scopedThreadCountKey)
        pthread_setspecific(scopedThreadCountKey, UnsafeRawPointer(bitPattern: max(1, count)))
        defer { pthread_setspecific(scopedThreadCountKey, saved) }
        return try body()
    }

    /// The per-thread slot of `withThreadCount` (an Int stored as the pointer's bits; 0 when unset).
    private static let scopedThreadCountKey: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key is left")
        return key
    }()

    /// Calls `body(range)` on disjoint ranges covering 0 ..< count, concurrently when the work
    /// is large enough (`minimumPerThread` elements per thread at least).
    ///
    /// The ranges run on GNU OpenMP's thread team, the one oneDNN's products use: a pool of our
    /// own beside it would leave OpenMP's idle workers spinning on the cores it needs.
    public static func forEachRange(_ count: Int, minimumPerThread: Int = 16_384, _ body: (Range<Int>) -> Void) {
        let threads = min(threadCount, max(1, count / max(minimumPerThread, 1)))
        if threads <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            var split = RangeSplit(count: count, chunk: (count + threads - 1) / threads, body: body)
            withUnsafeMutablePointer(to: &split) { pointer in
                GOMP_parallel(
                    { context in
                        let split = context!.assumingMemoryBound(to: RangeSplit.self).pointee
                        let start = Int(omp_get_thread_num()) * split.chunk
                        if start < split.count { split.body(start..<min(start + split.chunk, split.count)) }
                    }, pointer, UInt32(threads), 0)
            }
        }
    }

    /// Calls `body(range)` on consecutive ranges of `chunk` elements covering 0 ..< count, each
    /// thread taking the next range when it is done with one: for work whose cost varies from
    /// element to element (a fixed half each would leave one core waiting for the other).
    public static func forEachChunk(_ count: Int, chunk: Int, _ body: (Range<Int>) -> Void) {
        let chunk = max(1, chunk)
        let threads = min(threadCount, (count + chunk - 1) / chunk)
        if threads <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var split = RangeSplit(count: count, chunk: chunk, body: body)
            withUnsafeMutablePointer(to: &split) { pointer in
                GOMP_parallel(
                    { context in
                        let split = context!.assumingMemoryBound(to: RangeSplit.self).pointee
                        var start = 0, end = 0
                        var more = GOMP_loop_dynamic_start(0, split.count, 1, split.chunk, &start, &end)
                        while more {
                            split.body(start..<end)
                            more = GOMP_loop_dynamic_next(&start, &end)
                        }
                        GOMP_loop_end_nowait()
                    }, pointer, UInt32(threads), 0)
            }
        }
    }

    /// Calls `body(i)` for every i in 0 ..< count, `jobs` at a time, each job with its share
    /// of the threads. After the first error no further task starts; that error is rethrown
    /// once the running tasks end.
    public static func runJobs(_ count: Int, jobs: Int, _ body: (Int) throws -> Void) throws {
        let workers = max(1, min(jobs, count))
        let share = workers > 1 ? max(1, threadCount / workers) : threadCount
        let queue = JobQueue(count: count)
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            withThreadCount(share) {
                while let task = queue.next() {
                    do { try body(task) } catch { queue.fail(error) }
                }
            }
        }
        if let error = queue.firstError { throw error }
    }
}

/// The next task to run and the first error, shared by the workers of `Parallel.runJobs`.
private final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var upcoming = 0
    private var error: Error?

    init(count: Int) { self.count = count }

    /// The next task, or nil once all were handed out or one failed.
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, upcoming < count else { return nil }
        upcoming += 1
        return upcoming - 1
    }

    func fail(_ failure: Error) {
        lock.lock(); defer { lock.unlock() }
        if error == nil { error = failure }
    }

    var firstError: Error? {
        lock.lock(); defer { lock.unlock() }
        return error
    }
}

/// What each thread of an OpenMP team needs to find its range; the callers' closures write
/// disjoint ranges of their buffers, so sharing them is safe.
private struct RangeSplit {
    let count: Int
    let chunk: Int
    let body: (Range<Int>) -> Void
}
