import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// Mean and population standard deviation (as numpy's default, which the reference code printed).
package struct MeanDeviation: Codable, Equatable, Sendable {
    package var mean: Double
    package var std: Double

    package init(mean: Double, std: Double) {
        self.mean = mean
        self.std = std
    }

    package init(_ values: [Double]) {
        let n = Double(max(values.count, 1))
        let average = values.reduce(0, +) / n
        mean = average
        std = (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / n).squareRoot()
    }
}

/// Per-metric summaries over runs.
package struct ScoreSummary: Codable, Equatable, Sendable {
    package var acc: MeanDeviation
    package var nmi: MeanDeviation
    package var ari: MeanDeviation

    package init(_ scores: [ClusteringScores]) {
        acc = MeanDeviation(scores.map(\.acc))
        nmi = MeanDeviation(scores.map(\.nmi))
        ari = MeanDeviation(scores.map(\.ari))
    }
}

/// One seeded run's scores on each evaluated subset ("all", or "validation" and "test").
package struct RunReport: Codable, Equatable, Sendable {
    package var seed: UInt64
    package var scores: [String: ClusteringScores]
    package var seconds: Double
    /// DKMp: scores of the k-means initialization on the pretrained embedding, which is the
    /// AE-KM result for the same seed (reported under "ae-km").
    package var initialization: [String: ClusteringScores]?

    package init(seed: UInt64, scores: [String: ClusteringScores], seconds: Double, initialization: [String: ClusteringScores]? = nil) {
        self.seed = seed
        self.scores = scores
        self.seconds = seconds
        self.initialization = initialization
    }

    static let reservedKeys: Set<String> = ["seed", "seconds", "ae-km"]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(seed, forKey: Key("seed"))
        try container.encode(seconds, forKey: Key("seconds"))
        for (subset, score) in scores { try container.encode(score, forKey: Key(subset)) }
        try container.encodeIfPresent(initialization, forKey: Key("ae-km"))
    }

    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        seed = try container.decode(UInt64.self, forKey: Key("seed"))
        seconds = try container.decodeIfPresent(Double.self, forKey: Key("seconds")) ?? 0
        initialization = try container.decodeIfPresent([String: ClusteringScores].self, forKey: Key("ae-km"))
        var scores: [String: ClusteringScores] = [:]
        for key in container.allKeys where !RunReport.reservedKeys.contains(key.stringValue) {
            scores[key.stringValue] = try container.decode(ClusteringScores.self, forKey: key)
        }
        self.scores = scores
    }
}

/// `dkm evaluate`'s result: every run and the summary per subset.
package struct ExperimentReport: Codable, Sendable {
    package var dataset: String
    package var method: String
    package var settings: DeepKMeansSettings
    package var runs: [RunReport]
    package var summary: [String: ScoreSummary]
    /// DKMp: summary of the AE-KM initializations, per subset.
    package var initializationSummary: [String: ScoreSummary]?

    /// Whether a file starts as dkm writes these reports (pretty-printed, keys sorted).
    package static func recognizes(_ start: [UInt8]) -> Bool {
        start.starts(with: Array("{\n  \"dataset\" : ".utf8))
    }
}

/// Runs a method with several seeds on a labeled data set and scores each run.
package struct Experiment {
    /// The ten seeds of the reference implementation, in its order.
    package static let paperSeeds: [UInt64] = [Clusterer.defaultSeed, 9129, 291, 4012, 1256, 6819, 4678, 6971, 1362, 575]

    package var dataset: Dataset
    package var method: ClusteringMethod
    package var settings: DeepKMeansSettings
    package var seeds: [UInt64]
    /// Score validation and test indices separately; without it, all points.
    package var split: EvaluationSplit?
    /// Folder of cached pretrainings (see `ClusteringMethod.run`).
    package var pretrainingCache: String?
    /// Folder for one checkpoint file per run, and whether to resume from them.
    package var checkpointFolder: String?
    package var checkpointInterval: TimeInterval = 60
    package var resumeCheckpoints = false
    /// Distributed: `dataset` holds this process's rows and the runs train across processes.
    package var communicator: Communicator = SingleProcess.shared

    package init(dataset: Dataset, method: ClusteringMethod, settings: DeepKMeansSettings, seeds: [UInt64], split: EvaluationSplit?) {
        self.dataset = dataset
        self.method = method
        self.settings = settings
        self.seeds = seeds
        self.split = split
    }

    /// Scores of `clusters` on each subset.
    package func score(_ clusters: [Int]) -> [String: ClusteringScores] {
        guard let labels = dataset.labels else { return [:] }
        return score(clusters, labels: labels)
    }

    func score(_ clusters: [Int], labels: [Int]) -> [String: ClusteringScores] {
        guard let split else { return ["all": ClusteringScores(predicted: clusters, truth: labels)] }
        return split.scores(clusters, labels: labels)
    }

    /// Runs trained side by side (each with its share of the threads); one when distributed.
    package var jobs = 1

    /// Runs every seed not already in `finished` (runs of an earlier, interrupted evaluation
    /// with the same data set, method and settings), `jobs` at a time in seed order.
    /// `onRun` is called once per run, finished ones first, never concurrently; `progress`
    /// gets each run's index in `seeds` and may be called from several runs at once.
    package func run(
        finished: [RunReport] = [], progress: ((Int, TrainingProgress) -> Void)? = nil,
        onRun: ((RunReport) -> Void)? = nil
    ) throws -> ExperimentReport {
        guard dataset.labels != nil else {
            throw ClusteringError.invalidSetting("data set \(dataset.name) has no labels to evaluate against")
        }
        guard jobs >= 1, jobs == 1 || !communicator.isDistributed else {
            throw ClusteringError.invalidSetting("--jobs must be at least 1, and 1 when distributed")
        }
        // Every process's labels, in the global order of the runs' assignments.
        let labels = try communicator.allGatherConcatenated(dataset.labels!)
        var reports: [UInt64: RunReport] = [:]
        for seed in seeds {
            guard let done = finished.first(where: { $0.seed == seed }) else { continue }
            reports[seed] = done
            onRun?(done)
        }
        let pending = seeds.enumerated().filter { reports[$0.element] == nil }
        let lock = NSLock()
        try Parallel.runJobs(pending.count, jobs: jobs) { task in
            let (index, seed) = pending[task]
            let start = Date()
            let checkpointing = checkpointFolder.map { folder in
                Checkpointing(
                    path: (folder as NSString).appendingPathComponent("\(dataset.name)-\(method.rawValue)-\(seed).checkpoint"),
                    interval: checkpointInterval, resume: resumeCheckpoints)
            }
            let result = try method.run(
                on: dataset.features, settings: settings, seed: seed, pretrainingCache: pretrainingCache,
                checkpointing: checkpointing,
                progress: progress.map { handler in { handler(index, $0) } },
                communicator: communicator)
            let report = RunReport(
                seed: seed, scores: score(result.assignment.clusters, labels: labels),
                seconds: Date().timeIntervalSince(start),
                initialization: result.pretrainedClusters.map { score($0, labels: labels) })
            lock.lock()
            defer { lock.unlock() }
            reports[seed] = report
            onRun?(report)
        }
        return report(seeds.compactMap { reports[$0] })
    }

    /// The report for the runs done so far (for partial reports of long evaluations).
    /// Runs the experiment with its JSON report kept in `reportFile`, rewritten after every run
    /// (so a long evaluation stopped early keeps its finished runs); with `resume`, the runs an
    /// earlier report there holds are kept and not run again. Distributed, rank 0 reads and
    /// writes the report and every rank skips the same seeds.
    package func run(
        reportFile: OutputFile?, resume: Bool, progress: ((Int, TrainingProgress) -> Void)? = nil,
        onRun: ((RunReport) -> Void)? = nil
    ) throws -> ExperimentReport {
        var saved: [UInt8] = []
        if communicator.isRoot, resume, let reportFile, FileManager.default.fileExists(atPath: reportFile.path) {
            saved = try FileBytes.read(reportFile.path)
        }
        saved = try communicator.broadcast(bytes: saved, root: 0)
        var earlier: [RunReport] = []
        if let reportFile, !saved.isEmpty {
            let report: ExperimentReport
            do {
                report = try JSONDecoder().decode(ExperimentReport.self, from: Data(saved))
            } catch {
                throw DataFileError(file: reportFile.path, .mismatch("not a dkm evaluate report: \(error)"))
            }
            earlier = try resumableRuns(from: report)
        }
        let encoder = JSONEncoder.readable
        var finished: [RunReport] = []
        var writeError: Error?
        let report = try run(
            finished: earlier, progress: progress,
            onRun: { run in
                onRun?(run)
                guard communicator.isRoot else { return }
                finished.append(run)
                if let reportFile, writeError == nil {
                    do { try reportFile.write(encoder.encode(self.report(finished))) } catch { writeError = error }
                }
            })
        if let writeError { throw writeError }
        return report
    }

    package func report(_ runs: [RunReport]) -> ExperimentReport {
        let initializations = runs.compactMap(\.initialization)
        return ExperimentReport(
            dataset: dataset.name, method: method.rawValue, settings: settings, runs: runs,
            summary: Experiment.summarize(runs.map(\.scores)),
            initializationSummary: initializations.isEmpty ? nil : Experiment.summarize(initializations))
    }

    /// The finished runs of an earlier report, if it is for this same evaluation.
    package func resumableRuns(from earlier: ExperimentReport) throws -> [RunReport] {
        guard earlier.dataset == dataset.name, earlier.method == method.rawValue, earlier.settings == settings else {
            throw ClusteringError.invalidSetting(
                "the existing report is for \(earlier.method) on \(earlier.dataset) with other settings; "
                    + "remove it or write to another file")
        }
        return earlier.runs.filter { seeds.contains($0.seed) }
    }

    static func summarize(_ scores: [[String: ClusteringScores]]) -> [String: ScoreSummary] {
        var summary: [String: ScoreSummary] = [:]
        for subset in Set(scores.flatMap(\.keys)) { summary[subset] = ScoreSummary(scores.compactMap { $0[subset] }) }
        return summary
    }
}
