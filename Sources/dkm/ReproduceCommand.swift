import ArgumentParser
import DKMPaper
import DeepKMeans
import Foundation

struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract:
            "Regenerate the paper's Tables 1 and 2: every method on every data set with the paper's seeds, lambda and gamma chosen by line search on validation ACC.",
        discussion: """
            Each run is written to OUT/<dataset>/<method>/<seed>.json (line-search runs under \
            OUT/<dataset>/<method>/search/) as it ends; rerunning the same command skips them, so a \
            stopped reproduction resumes. DKM and AE-KM runs also resume mid-run from checkpoints. \
            OUT/tables.md, results.csv and results.json are rewritten after each run.
            """)

    @Option(help: "Data sets, comma-separated: mnist, usps, 20news, rcv1.")
    var datasets: String = "mnist,usps,20news"

    @Option(help: "Methods, comma-separated (default: all eight of the paper's tables).")
    var methods: String = ClusteringMethod.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Runs per method, with the paper's seeds in order.")
    var runs: Int = 10

    @Option(help: "Seeds per value in the line search of lambda (gamma). (default: 2, or --runs if fewer)")
    var searchRuns: Int?

    /// Two seeds per searched value unless asked otherwise, never more than the runs.
    private var searchSeedCount: Int { searchRuns ?? min(2, runs) }

    @Option(help: "Use this lambda (gamma for IDEC) for every method instead of the line search.")
    var lambda: Float?

    @Option(help: "Runs to train side by side (the threads are shared among them).")
    var jobs: Int = 1

    @Option(help: "Folder for the runs and the tables.")
    var out: String = "results"

    @Option(help: "Folder in the layout of the project's datasets MANIFEST: mnist/, usps/, 20news-bydate/ and reference-splits/<dataset>/.")
    var dataRoot: String = "../shared/datasets"

    @Option(help: "RCV1: the folder or .zip of newsML items (the paper's 10,000-document sample is drawn from it).")
    var rcv1: String?

    @Option(help: "Folder of pretrained auto-encoders shared by the methods and seeds (default: OUT/.pretrained).")
    var pretrainedCache: String?

    @Flag(help: "Only rewrite tables.md, results.csv and results.json from the runs stored in OUT (every data set and method found there).")
    var tablesOnly = false

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    @OptionGroup(title: "Model options (the defaults are the paper's)") var model: ModelOptions

    var datasetNames: [String] { datasets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func parsedMethods() throws -> [ClusteringMethod] {
        let chosen = try methods.split(separator: ",").map { name in
            guard let method = ClusteringMethod(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError(
                    "unknown method '\(name)'; choose among \(ClusteringMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return method
        }
        return Reproduction.gridOrder(chosen)
    }

    func validate() throws {
        for name in datasetNames where !PaperResults.datasets.contains(name) {
            throw ValidationError("unknown data set '\(name)'; choose among \(PaperResults.datasets.joined(separator: ", "))")
        }
        guard !datasetNames.isEmpty else { throw ValidationError("--datasets needs at least one data set") }
        _ = try parsedMethods()
        guard (1...Experiment.paperSeeds.count).contains(runs) else {
            throw ValidationError("--runs must be between 1 and \(Experiment.paperSeeds.count) (the paper's seeds)")
        }
        guard (1...runs).contains(searchSeedCount) else { throw ValidationError("--search-runs must be between 1 and --runs (\(runs))") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard !datasetNames.contains("rcv1") || rcv1 != nil || tablesOnly else {
            throw ValidationError("rcv1 needs --rcv1 PATH (the newsML items)")
        }
    }

    func run() throws {
        try Failure.guarding {
            // The tables replace only tables dkm wrote, and nothing is written into the data.
            try ReproductionTables.check(
                folder: out,
                inputs: datasetNames.flatMap {
                    Benchmark(rawValue: $0)!.referenceInputs(root: dataRoot, rcv1: rcv1)
                })
            try OutputFolder.createKeepingFolder(out)
            let loaded = try tablesOnly ? datasetNames.map { ReproductionDataset.named($0) } : datasetNames.map(load)
            let reproduction = Reproduction(
                datasets: loaded, methods: try parsedMethods(), seeds: Array(Experiment.paperSeeds.prefix(runs)),
                store: ReproductionStore(folder: out))
            reproduction.searchRuns = searchSeedCount
            if tablesOnly { try reproduction.writeTables(); return Terminal.print("wrote \(out)/tables.md, results.csv and results.json") }
            reproduction.fixedLambda = lambda
            reproduction.jobs = jobs
            try reproduction.keepFiles(in: out, pretrainingCache: pretrainedCache)
            try reproduction.useSettings { try model.settings(for: $0, clusterCount: $1, lambda: nil) }
            Terminal.print(reproduction.plan)
            fflush(nil)
            let progress = ReproductionProgress(showsBar: !quiet)
            try reproduction.runKeepingTables(events: progress.handle)
            if progress.reusedRuns > 0 { Terminal.print("\(progress.reusedRuns) run(s) were already stored and not run again") }
            Terminal.print("wrote \(out)/tables.md, results.csv and results.json")
        }
    }

    /// A data set as the paper used it, from the MANIFEST layout under --data-root.
    func load(_ name: String) throws -> ReproductionDataset {
        try Benchmark(rawValue: name)!.reference(root: dataRoot, rcv1: rcv1)
    }
}
