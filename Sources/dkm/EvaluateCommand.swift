import ArgumentParser
import DKMPaper
import DeepKMeans
import Foundation

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Run a method with several seeds on a labeled benchmark and report ACC, NMI and ARI.")

    @OptionGroup var source: DatasetOptions

    @Option(help: "Number of runs; they use the paper's seeds in order.")
    var runs: Int = 1

    @Option(help: "Run with this one seed instead of the paper's.")
    var seed: UInt64?

    @Option(help: "Runs to train side by side (the threads are shared among them).")
    var jobs: Int = 1

    @Option(help: "Folder with 'validation' and 'test' index lists; scores each separately.")
    var split: String?

    @Option(help: "Write the full report as JSON to this file (kept current after every run).")
    var json: String?

    @Flag(
        help:
            "Keep the finished runs of an interrupted evaluation found in --json's file, continue an unfinished run from its --checkpoint, and run the rest."
    )
    var resume = false

    @OptionGroup var training: TrainingOptions
    @OptionGroup var distribution: DistributedOption

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        _ = try training.namedMethod()
        guard jobs == 1 || !distribution.distributed else {
            throw ValidationError("--jobs cannot be combined with --distributed (the ranks already share each run)")
        }
        guard !resume || json != nil || training.checkpoint != nil else {
            throw ValidationError("--resume needs --json (the report) or --checkpoint (the training state) to resume from")
        }
        guard seed != nil || runs <= Experiment.paperSeeds.count else {
            throw ValidationError("--runs can be at most \(Experiment.paperSeeds.count) with the paper's seeds")
        }
    }

    func run() throws {
        try Failure.guarding(distributed: distribution.distributed) { communicator in
            let root = communicator.isRoot
            let data = try source.load(communicator: communicator)
            let pointCount = try communicator.sum(data.count)
            let method = try training.namedMethod()
            let settings = try training.settings(for: method, clusterCount: source.dataset.clusterCount, defaultPreset: .paper)
            let split = try split.map { try EvaluationSplit(directory: $0, pointCount: pointCount) }
            let seeds = seed.map { [$0] } ?? Array(Experiment.paperSeeds.prefix(runs))
            var experiment = Experiment(dataset: data, method: method, settings: settings, seeds: seeds, split: split)
            experiment.communicator = communicator
            experiment.jobs = jobs
            if let folder = training.checkpoint {
                if root { try OutputFolder.createKeepingFolder(folder) }
                experiment.checkpointFolder = folder
                experiment.checkpointInterval = training.checkpointSeconds
                experiment.resumeCheckpoints = resume
            }
            // The report is replaced only when it is an earlier dkm report.
            let reportFile = json.map { OutputFile($0, recognizes: ExperimentReport.recognizes) }
            if root { try reportFile?.check() }
            if let cache = training.pretrainedCache {
                if root { try OutputFolder.createKeepingFolder(cache) }
                experiment.pretrainingCache = cache
            }
            if root {
                Terminal.print(
                    "\(method.displayName) on \(data.name): \(pointCount) points, \(data.features.columns) features, "
                        + "K = \(settings.clusterCount), lambda = \(settings.lambda), \(seeds.count) run(s)"
                        + (communicator.isDistributed ? ", \(communicator.size) rank(s)" : ""))
                fflush(nil)
            }
            let bar = training.quiet || !root ? nil : RunsProgress(runCount: seeds.count)
            let report = try experiment.run(
                reportFile: reportFile, resume: resume,
                progress: { index, progress in bar?.update(run: index, progress) },
                onRun: { run in
                    bar?.finish(run: seeds.firstIndex(of: run.seed)!)
                    guard root else { return }
                    Terminal.print(ExperimentText.line(for: run))
                    fflush(nil)
                })
            if root { for line in ExperimentText.summaryLines(report) { Terminal.print(line) } }
        }
    }
}
