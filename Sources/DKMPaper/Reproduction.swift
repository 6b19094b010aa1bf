import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// One data set of a reproduction: its points and labels, and the reference split.
package struct ReproductionDataset: Sendable {
    package var name: String
    package var data: Dataset
    package var split: EvaluationSplit
    package var clusterCount: Int

    /// A data set known by name only (for tables of stored runs, which need no data).
    package static func named(_ name: String) -> ReproductionDataset {
        ReproductionDataset(
            name: name, data: Dataset(name: name, features: .dense(Matrix(rows: 0, columns: 0)), labels: nil),
            split: EvaluationSplit(validation: [], test: []), clusterCount: Benchmark(rawValue: name)?.clusterCount ?? 0)
    }

    package init(name: String, data: Dataset, split: EvaluationSplit, clusterCount: Int) {
        self.name = name
        self.data = data
        self.split = split
        self.clusterCount = clusterCount
    }
}

/// One training run of the grid.
package struct ReproductionTask: Hashable, Sendable {
    package var dataset: String
    package var method: ClusteringMethod
    package var seed: UInt64
    package var lambda: Float?
    /// A line-search run (scored on validation to choose lambda) rather than a reported one.
    package var isSearch: Bool

    package var label: String {
        let value = lambda.map { " \(method.lambdaName) \(ReproductionStore.format($0))" } ?? ""
        return "\(dataset) \(method.displayName)\(value) seed \(seed)\(isSearch ? " (search)" : "")"
    }
}

/// What a reproduction reports as it goes.
package enum ReproductionEvent {
    /// Progress within a run, with the grid's runs done, their total and an estimate of the
    /// seconds left for the whole grid.
    case progress(ReproductionTask, TrainingProgress, done: Int, total: Int, secondsLeft: Double?)
    /// A run ended (or was found stored), with the grid's standing after it.
    case finished(ReproductionTask, ReproductionRecord, reused: Bool, done: Int, total: Int, secondsLeft: Double?)
    /// The line search chose `value` for a data set and method.
    case selected(dataset: String, method: ClusteringMethod, value: Float, search: [SearchPoint])
}

/// One value of a line search: the validation ACC of each search seed.
package struct SearchPoint: Codable, Equatable, Sendable {
    package var value: Float
    package var validationACC: [Double]
    package var failures: Int

    package var meanValidationACC: Double? {
        failures == 0 && !validationACC.isEmpty ? validationACC.reduce(0, +) / Double(validationACC.count) : nil
    }

    /// The value with the best mean validation ACC (the first on ties); values where a run
    /// failed are out.
    package static func best(_ points: [SearchPoint]) -> SearchPoint? {
        points.filter { $0.meanValidationACC != nil }.reduce(nil) { best, point in
            guard let best else { return point }
            return point.meanValidationACC! > best.meanValidationACC! ? point : best
        }
    }
}

/// The paper's protocol (Section 4.3) over a grid of data sets and methods: for methods with a
/// lambda (gamma for IDEC), a line search over `searchValues` with the first `searchRuns` seeds,
/// chosen on validation ACC; then every seed at the chosen value, scored on both splits.
///
/// Each run is stored as soon as it ends (`ReproductionStore`); a rerun skips stored runs, and a
/// search run at the chosen value is reused as that seed's reported run.
package final class Reproduction {
    package var datasets: [ReproductionDataset]
    package var methods: [ClusteringMethod]
    package var seeds: [UInt64]
    package var searchRuns = 2
    package var searchValues: [Float] = (-4...3).map { Float(pow(10, Double($0))) }
    /// Skip the search and use this lambda (gamma) for every method that has one.
    package var fixedLambda: Float?
    package var store: ReproductionStore
    package var pretrainingCache: String?
    package var checkpointFolder: String?
    package var checkpointInterval: TimeInterval = 60
    /// Runs trained side by side (each with its share of the threads).
    package var jobs = 1
    /// The settings of a method on a data set before lambda is set (default: the paper's).
    package var baseSettings: (ReproductionDataset, ClusteringMethod) -> DeepKMeansSettings = { dataset, method in
        method.defaultSettings(clusterCount: dataset.clusterCount)
    }

    private let lock = NSLock()
    private var done = 0
    private var total = 0
    /// Seconds of finished runs per data set and method, for the time-left estimate.
    private var durations: [String: [Double]] = [:]

    package init(datasets: [ReproductionDataset], methods: [ClusteringMethod], seeds: [UInt64], store: ReproductionStore) {
        self.datasets = datasets
        self.methods = methods
        self.seeds = seeds
        self.store = store
    }

    var searchSeeds: [UInt64] { Array(seeds.prefix(searchRuns)) }

    /// The grid order of `methods`: those that pretrain first, so later ones reuse the cached
    /// pretraining; within each group, the order of the paper's tables.
    package static func gridOrder(_ methods: [ClusteringMethod]) -> [ClusteringMethod] {
        let rank = { (method: ClusteringMethod) in (method.usesPretraining ? 0 : 1, ClusteringMethod.allCases.firstIndex(of: method)!) }
        return ClusteringMethod.allCases.sorted { rank($0) < rank($1) }.filter(methods.contains)
    }

    func searches(_ method: ClusteringMethod) -> Bool { method.hasLambda && fixedLambda == nil }

    /// Runs of one method on one data set (line search included; reused search runs count once).
    func runCount(_ method: ClusteringMethod) -> Int {
        searches(method) ? searchValues.count * searchSeeds.count + seeds.count - searchSeeds.count : seeds.count
    }

    /// Runs in the whole grid.
    package var runCount: Int { datasets.count * methods.reduce(0) { $0 + runCount($1) } }

    /// Keeps the pretrainings in `cache` (default: OUT/.pretrained) and the checkpoints in
    /// OUT/.checkpoints, creating the folders (never replacing anything).
    package func keepFiles(in out: String, pretrainingCache cache: String?) throws {
        pretrainingCache = cache ?? (out as NSString).appendingPathComponent(".pretrained")
        checkpointFolder = (out as NSString).appendingPathComponent(".checkpoints")
        for folder in [pretrainingCache!, checkpointFolder!] { try OutputFolder.createKeepingFolder(folder) }
    }

    /// Trains each method with `settings(method, K)`, made up front for every method and data
    /// set's K, so that a bad option fails before any run.
    package func useSettings(_ settings: (ClusteringMethod, Int) throws -> DeepKMeansSettings) throws {
        var made: [String: DeepKMeansSettings] = [:]
        for dataset in datasets {
            for method in methods { made["\(method.rawValue)/\(dataset.clusterCount)"] = try settings(method, dataset.clusterCount) }
        }
        baseSettings = { dataset, method in made["\(method.rawValue)/\(dataset.clusterCount)"]! }
    }

    /// What the grid will run, in a line.
    package var plan: String {
        "reproducing \(methods.map(\.displayName).joined(separator: ", ")) on "
            + "\(datasets.map { "\($0.name) (\($0.data.count) points)" }.joined(separator: ", ")): "
            + "\(runCount) runs in all, \(seeds.count) seeds, line search with \(searchSeeds.count) seed(s) per value"
    }

    package func settings(_ dataset: ReproductionDataset, _ method: ClusteringMethod, lambda: Float?) -> DeepKMeansSettings {
        var settings = baseSettings(dataset, method)
        if let lambda { settings.lambda = lambda }
        return settings
    }

    /// Rewrites the folder's tables over everything stored there: this grid and what earlier
    /// reproductions (of other data sets or methods) stored.
    package func writeTables() throws {
        let stored = Dictionary(uniqueKeysWithValues: PaperResults.datasets.map { ($0, store.storedMethods(dataset: $0)) })
        let names = datasets.map(\.name)
        let tableDatasets = PaperResults.datasets.filter { names.contains($0) || !stored[$0]!.isEmpty }
        let tableMethods = ClusteringMethod.allCases.filter { method in
            methods.contains(method) || tableDatasets.contains { stored[$0]!.contains(method) }
        }
        try ReproductionTables.write(
            ReproductionSummary(
                store: store, datasets: tableDatasets, methods: tableMethods, seeds: seeds,
                searchSeeds: searchSeeds), store: store)
    }

    /// Runs the grid with the tables kept current after every trained run (so a stopped grid
    /// still has them) and rewritten at the end, even when the grid stopped early.
    package func runKeepingTables(events: @escaping (ReproductionEvent) -> Void) throws {
        let tablesLock = NSLock()
        var tablesError: Error?
        var runError: Error?
        do {
            try run { event in
                events(event)
                guard case .finished(_, _, false, _, _, _) = event else { return }
                tablesLock.lock()
                defer { tablesLock.unlock() }
                do { try self.writeTables() } catch { tablesError = tablesError ?? error }
            }
        } catch {
            runError = error
        }
        try writeTables()
        if let error = runError ?? tablesError { throw error }
    }

    /// Runs what is not stored yet, data set by data set, method by method.
    package func run(events: @escaping (ReproductionEvent) -> Void) throws {
        do {
            try runGrid(events: events)
        } catch ClusteringError.interrupted {
            // Rerunning the reproduction (not `--resume`) is how a stopped one continues.
            throw ClusteringError.reproductionInterrupted(folder: store.folder)
        }
    }

    private func runGrid(events: @escaping (ReproductionEvent) -> Void) throws {
        guard !seeds.isEmpty else { throw ClusteringError.invalidSetting("a reproduction needs at least one seed") }
        guard searchRuns >= 1, !searchValues.isEmpty else { throw ClusteringError.invalidSetting("the line search needs values and runs") }
        guard jobs >= 1 else { throw ClusteringError.invalidSetting("--jobs must be at least 1") }
        done = 0
        total = runCount
        for dataset in datasets {
            for method in methods {
                var lambda = method.hasLambda ? fixedLambda : nil
                var searchRecords: [ReproductionTask: ReproductionRecord] = [:]
                if searches(method) {
                    let tasks = searchValues.flatMap { value in
                        searchSeeds.map { ReproductionTask(dataset: dataset.name, method: method, seed: $0, lambda: value, isSearch: true) }
                    }
                    searchRecords = try execute(tasks, on: dataset, events: events)
                    let points = searchValues.map { value in
                        let records = tasks.filter { $0.lambda == value }.compactMap { searchRecords[$0] }
                        return SearchPoint(
                            value: value, validationACC: records.compactMap { $0.scores["validation"]?.acc },
                            failures: records.filter { $0.failure != nil }.count)
                    }
                    guard let best = SearchPoint.best(points) else {
                        throw ClusteringError.invalidSetting(
                            "\(method.displayName) on \(dataset.name): every \(method.lambdaName) of the search failed")
                    }
                    lambda = best.value
                    events(.selected(dataset: dataset.name, method: method, value: best.value, search: points))
                }
                let tasks = seeds.map { ReproductionTask(dataset: dataset.name, method: method, seed: $0, lambda: lambda, isSearch: false) }
                // A search run at the chosen value is that seed's reported run.
                for task in tasks {
                    var searchTask = task
                    searchTask.isSearch = true
                    guard let record = searchRecords[searchTask], record.failure == nil,
                        try stored(task, on: dataset) == nil
                    else { continue }
                    try store.write(record, to: path(task))
                }
                _ = try execute(tasks, on: dataset, events: events)
            }
        }
    }

    private func path(_ task: ReproductionTask) -> String {
        store.path(dataset: task.dataset, method: task.method, seed: task.seed, searchValue: task.isSearch ? task.lambda : nil)
    }

    private func stored(_ task: ReproductionTask, on dataset: ReproductionDataset) throws -> ReproductionRecord? {
        try store.read(path(task), expecting: settings(dataset, task.method, lambda: task.lambda))
    }

    /// The records of `tasks`: stored ones as they are, the others trained `jobs` at a time.
    private func execute(
        _ tasks: [ReproductionTask], on dataset: ReproductionDataset,
        events: @escaping (ReproductionEvent) -> Void
    ) throws -> [ReproductionTask: ReproductionRecord] {
        var records: [ReproductionTask: ReproductionRecord] = [:]
        var pending: [ReproductionTask] = []
        for task in tasks {
            if let record = try stored(task, on: dataset) {
                records[task] = record
                // A reported run copied from the search was counted there.
                let copiedFromSearch = !task.isSearch && searches(task.method) && searchSeeds.contains(task.seed)
                if !copiedFromSearch { finish(task, record, reused: true, events: events) }
            } else {
                pending.append(task)
            }
        }
        try Parallel.runJobs(pending.count, jobs: jobs) { index in
            let task = pending[index]
            let record = try train(task, on: dataset, events: events)
            try store.write(record, to: path(task))
            lock.lock()
            records[task] = record
            lock.unlock()
            finish(task, record, reused: false, events: events)
        }
        return records
    }

    private func train(
        _ task: ReproductionTask, on dataset: ReproductionDataset,
        events: @escaping (ReproductionEvent) -> Void
    ) throws -> ReproductionRecord {
        let settings = settings(dataset, task.method, lambda: task.lambda)
        let checkpointing = checkpointFolder.map { folder in
            let value = task.lambda.map { "-" + ReproductionStore.searchFolderName(method: task.method, value: $0) } ?? ""
            return Checkpointing(
                path: (folder as NSString).appendingPathComponent(
                    "\(task.dataset)-\(task.method.rawValue)\(value)-\(task.seed).checkpoint"),
                interval: checkpointInterval, resume: true)
        }
        let start = Date()
        do {
            let run = try task.method.run(
                on: dataset.data.features, settings: settings, seed: task.seed,
                pretrainingCache: pretrainingCache, checkpointing: checkpointing
            ) { progress in
                let (done, total, left) = self.standing()
                events(.progress(task, progress, done: done, total: total, secondsLeft: left))
            }
            guard let labels = dataset.data.labels else {
                throw ClusteringError.invalidSetting("data set \(dataset.name) has no labels to score against")
            }
            return ReproductionRecord(
                dataset: task.dataset, method: task.method, seed: task.seed, lambda: task.lambda,
                settings: settings, scores: dataset.split.scores(run.assignment.clusters, labels: labels),
                seconds: run.secondsBeforeResume + Date().timeIntervalSince(start),
                fineTuningEpochs: run.fineTuningEpochs)
        } catch let error as ClusteringError {
            // A loss that diverges at this lambda is a result of the search, not a reason to stop.
            guard case .nonFinite = error else { throw error }
            return ReproductionRecord(
                dataset: task.dataset, method: task.method, seed: task.seed, lambda: task.lambda,
                settings: settings, scores: [:], failure: error.description,
                seconds: Date().timeIntervalSince(start))
        }
    }

    private func finish(
        _ task: ReproductionTask, _ record: ReproductionRecord, reused: Bool,
        events: (ReproductionEvent) -> Void
    ) {
        lock.lock()
        done += 1
        durations["\(task.dataset)/\(task.method.rawValue)", default: []].append(record.seconds)
        lock.unlock()
        let (done, total, left) = standing()
        events(.finished(task, record, reused: reused, done: done, total: total, secondsLeft: left))
    }

    /// Runs done, their total, and the seconds the rest should take: each remaining run is
    /// estimated by the mean of finished runs of its data set and method, else of all runs.
    private func standing() -> (Int, Int, Double?) {
        lock.lock()
        defer { lock.unlock() }
        let all = durations.values.flatMap { $0 }
        guard !all.isEmpty else { return (done, total, nil) }
        let overall = all.reduce(0, +) / Double(all.count)
        var left = 0.0
        var remaining = total - done
        // Remaining runs of each group, counted in the grid's order.
        for dataset in datasets {
            for method in methods {
                let key = "\(dataset.name)/\(method.rawValue)"
                let open = min(max(runCount(method) - (durations[key]?.count ?? 0), 0), remaining)
                remaining -= open
                let mean = durations[key].map { $0.reduce(0, +) / Double($0.count) } ?? overall
                left += Double(open) * mean
            }
        }
        return (done, total, left / Double(jobs))
    }
}
