import DKMPaper
import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct ExperimentTests {
    func experiment() -> Experiment {
        let (points, labels) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 6, spread: 1, seed: 11)
        let data = Dataset(name: "blobs", features: .dense(points), labels: labels)
        return Experiment(
            dataset: data, method: .dkmPretrained,
            settings: TestSupport.smallSettings(.dkmPretrained, clusters: 3),
            seeds: Array(Experiment.paperSeeds.prefix(4)), split: nil)
    }

    /// Runs side by side give the same reports as one after another (each run's arithmetic does
    /// not depend on its thread count), in seed order, with `onRun` once per run.
    @Test func jobsGiveTheSameRunsInSeedOrder() throws {
        let one = try experiment().run()
        var parallel = experiment()
        parallel.jobs = 3
        var seen: [UInt64] = []
        let report = try parallel.run(onRun: { seen.append($0.seed) })
        #expect(report.runs.map(\.seed) == Array(Experiment.paperSeeds.prefix(4)))
        #expect(Set(seen) == Set(report.runs.map(\.seed)) && seen.count == 4)
        #expect(report.runs.map(\.scores) == one.runs.map(\.scores))
        #expect(report.summary == one.summary)
    }

    /// Finished runs of an earlier evaluation are kept and only the others are trained.
    @Test func finishedRunsAreNotRunAgain() throws {
        let first = try experiment().run()
        var resumed = experiment()
        resumed.jobs = 2
        // Marked finished runs: were they trained again, their seconds would be measured anew.
        let kept = first.runs.prefix(2).map { run in
            var marked = run
            marked.seconds = 12_345
            return marked
        }
        let lock = NSLock()
        var progressed = Set<Int>()
        let report = try resumed.run(
            finished: kept,
            progress: { index, _ in
                lock.lock(); progressed.insert(index); lock.unlock()
            })
        #expect(progressed == [2, 3])
        #expect(report.runs.prefix(2).map(\.seconds) == [12_345, 12_345])
        #expect(report.runs.suffix(2).allSatisfy { $0.seconds != 12_345 })
        #expect(report.runs.map(\.scores) == first.runs.map(\.scores))
    }

    @Test func meanAndPopulationDeviation() {
        let summary = MeanDeviation([1, 2, 3, 4])
        #expect(summary.mean == 2.5)
        #expect(abs(summary.std - 1.118033988749895) < 1e-12)
    }
}
