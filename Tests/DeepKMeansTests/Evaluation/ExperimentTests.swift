import DeepKMeans
import Foundation
import Testing

@Suite struct ExperimentTests {
    func experiment() -> Experiment {
        let (points, labels) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 6, spread: 1, seed: 11)
        let data = Dataset(name: "blobs", features: .dense(points), labels: labels)
        return Experiment(dataset: data, method: .dkmPretrained,
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
        let kept = Array(first.runs.prefix(2))
        var trained: [UInt64] = []
        let report = try resumed.run(finished: kept, progress: { index, _ in
            // Only the runs still to do report progress.
            #expect(index >= 2)
        }, onRun: { trained.append($0.seed) })
        #expect(report.runs.prefix(2).map(\.seconds) == kept.map(\.seconds))
        #expect(report.runs.map(\.scores) == first.runs.map(\.scores))
        #expect(trained.count == 4)
    }
}
