import DKMCore
import Foundation
import Synchronization
import Testing

@Suite struct ParallelTests {
    /// Every element is handed out once, in chunks of the asked size (the last one shorter),
    /// whatever the thread count, even when one chunk costs far more than the others.
    @Test(arguments: [1, 2, 3])
    func chunksCoverEveryElementOnce(threads: Int) {
        for (count, chunk) in [(0, 4), (1, 4), (10, 3), (1000, 64), (1000, 1)] {
            let seen = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
            seen.initialize(repeating: 0)
            defer { seen.deallocate() }
            let sizes = Mutex(Set<Int>())
            Parallel.withThreadCount(threads) {
                Parallel.forEachChunk(count, chunk: chunk) { range in
                    if range.lowerBound == 0, count > 100 { usleep(2000) }  // one slow chunk
                    for i in range { seen[i] += 1 }
                    if range.upperBound < count { sizes.withLock { _ = $0.insert(range.count) } }
                }
            }
            #expect(seen.prefix(count).allSatisfy { $0 == 1 }, "count \(count), chunk \(chunk)")
            #expect(sizes.withLock { $0.isSubset(of: [chunk]) })
        }
    }
}
