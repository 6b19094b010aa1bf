import ArgumentParser
import DeepKMeans
import Foundation

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Cluster documents (a folder or a 20 Newsgroups tree) or an image data set.",
        discussion: """
            Text: dkm cluster PATH --k K prints each cluster with its size, top terms (of the decoded
            representative and of its members) and most typical documents.
            Images: dkm cluster --dataset usps --data DIR prints cluster sizes and label purity.
            """)

    @Argument(help: "A folder of text files or a 20 Newsgroups tree.")
    var path: String?

    @Option(help: "Image data set: \(ImageDatasetName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var dataset: ImageDatasetName?

    @Option(help: "Folder with the image data set's files (Fashion-MNIST defaults to the Debian package's).")
    var data: String?

    @Option(name: .customLong("k"), help: "Number of clusters, or 'auto' to choose it by silhouette over --k-range (images: default the number of classes).")
    var clusterCount: String?

    @Option(help: "With --k auto: the numbers of clusters to try, as LOW..HIGH.")
    var kRange: String = "2..30"

    @Option(help: "Cluster a random sample of this many points instead of all.")
    var sample: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = Experiment.paperSeeds[0]

    @Option(help: "Folder for clusters.json, assignments.csv, model/ and report.html.")
    var out: String?

    @Flag(help: "Replace a non-empty --out folder.")
    var force = false

    @Flag(help: "Print clusters.json on standard output instead of the table.")
    var json = false

    @Flag(help: "Continue from --checkpoint if it exists.")
    var resume = false

    @Option(help: "The report's map: tsne (up to 2,000 sampled points, as the paper's Figure 2) or pca.")
    var map: Projection.Method = .tsne

    @Option(help: "Top terms to show per cluster.")
    var terms: Int = 10

    @OptionGroup var corpus: CorpusArguments
    @OptionGroup var training: TrainingOptions

    func validate() throws {
        guard (path == nil) != (dataset == nil) else {
            throw ValidationError("give either a PATH of documents or --dataset for images")
        }
        guard path == nil || clusterCount != nil else { throw ValidationError("--k is required for documents (a number or 'auto')") }
        if let clusterCount, clusterCount != "auto", Int(clusterCount) == nil {
            throw ValidationError("--k takes a whole number or 'auto', not '\(clusterCount)'")
        }
        _ = try range()
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
    }

    func range() throws -> ClosedRange<Int> {
        let parts = kRange.components(separatedBy: "..")
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), 2 <= low, low <= high else {
            throw ValidationError("--k-range takes LOW..HIGH with 2 <= LOW <= HIGH, not '\(kRange)'")
        }
        return low...high
    }

    func run() throws {
        try Failure.guarding {
            if let out { try ClusterOutput.checkTarget(out, force: force) }
            var text: TextCorpus?
            var data: Dataset
            if let path {
                let loaded = try corpus.load(path)
                text = loaded
                data = loaded.dataset
            } else {
                data = try dataset!.load(directory: self.data)
            }
            var ids: [String]? = text?.ids
            if let sample, sample < data.count {
                var random = RandomGenerator(seed: seed ^ 0x5A4D_504C)
                let chosen = Array(random.permutation(data.count).prefix(sample)).sorted()
                data = data.subset(chosen)
                ids = ids.map { all in chosen.map { all[$0] } }
                text = text.map { $0.subset(chosen) }
            }
            let bar = training.quiet ? nil : ProgressBar()
            var k = clusterCount.flatMap(Int.init) ?? dataset?.clusterCount ?? 0
            var countScores: [ClusterCountSelection.Score]?
            if clusterCount == "auto" {
                let selection = try ClusterCountSelection(range: range())
                    .select(data.features, settings: training.settings(clusterCount: range().upperBound), seed: seed,
                            progress: { bar?.update($0) })
                k = selection.best
                countScores = selection.scores
                if !json {
                    print("K = \(k) chosen by silhouette: " + selection.scores.map { String(format: "%d: %.3f", $0.k, $0.silhouette) }.joined(separator: ", "))
                }
            }
            let settings = try training.settings(clusterCount: k)
            if !json {
                print("\(training.method.displayName) on \(path ?? data.name): \(data.count) points, \(data.features.columns) features, K = \(k)")
                fflush(stdout)
            }
            if let cache = training.pretrainedCache { try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true) }
            Interruption.install()
            let checkpointing = training.checkpoint.map {
                Checkpointing(path: $0, interval: training.checkpointSeconds, resume: resume)
            }
            let result = try training.method.run(on: data.features, settings: settings, seed: seed,
                                                 pretrainingCache: training.pretrainedCache, checkpointing: checkpointing,
                                                 progress: { bar?.update($0) })
            var summary = ClusterSummary(clusters: result.assignment.clusters, clusterCount: k, labels: data.labels,
                                         labelNames: data.labelNames)
            if let text { summary.describeText(text, run: result, termCount: terms) }
            let report = ClusterReport(run: result, summary: summary, clusterCountScores: countScores)
            if json {
                try JSONOutput.print(report)
            } else {
                print(text != nil ? summary.renderText(labelNames: data.labelNames) : summary.render(labelNames: data.labelNames))
            }
            if let out {
                let model = ClusteringModel(run: result, inputSize: data.features.columns, corpus: text, labelNames: data.labelNames)
                let csv = AssignmentsCSV.render(result.assignment, ids: ids, labels: data.labels, labelNames: data.labelNames)
                let titles = text.map { corpus in (0..<corpus.count).map { corpus.titles[$0] ?? corpus.ids[$0] } }
                    ?? (0..<data.count).map { i in data.labels.map { "#\(i) \(data.labelNames[$0[i]])" } ?? "#\(i)" }
                let html = HTMLReport(title: "dkm: \(path ?? data.name)", report: report, run: result, features: data.features,
                                      titles: titles, labels: data.labels, labelNames: data.labelNames, mapMethod: map).html
                try ClusterOutput.write(to: out, force: force, report: report, assignmentsCSV: csv, model: model, reportHTML: html)
                if !json { print("written to \(out): clusters.json, assignments.csv, model/, report.html") }
            }
        }
    }
}
