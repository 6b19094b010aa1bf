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

    @Flag(help: "Replace an --out folder that holds an earlier dkm output (never anything else).")
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
    @OptionGroup var distribution: DistributedOption

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
        try Failure.guarding(distributed: distribution.distributed) { communicator in
            let distributed = communicator.isDistributed
            if distributed {
                guard sample == nil, clusterCount != "auto" else {
                    throw ValidationError("--sample and --k auto do not run distributed")
                }
            }
            let root = communicator.isRoot
            // Everything that will be written is checked before the long work starts.
            let folder = try out.flatMap { root ? try OutputFolder($0, force: force, inputs: [path, self.data].compactMap { $0 }) : nil }
            if let cache = training.pretrainedCache, root { try OutputFolder.createKeepingFolder(cache) }
            if let checkpoint = training.checkpoint, root { try Checkpointing(path: checkpoint).checkPath() }
            var text: TextCorpus?
            var data: Dataset
            if let path {
                let loaded = try corpus.load(path, communicator: communicator)
                text = loaded
                data = try loaded.dataset(communicator: communicator)
            } else {
                data = try dataset!.load(directory: self.data, shard: Shard(index: communicator.rank, count: communicator.size))
            }
            if let sample, sample < data.count {
                var random = RandomGenerator(seed: seed ^ 0x5A4D_504C)
                let chosen = Array(random.permutation(data.count).prefix(sample)).sorted()
                data = data.subset(chosen)
                text = text.map { $0.subset(chosen) }
            }
            let bar = training.quiet || !root ? nil : ProgressBar()
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
            let layout = try RowLayout(localCount: data.count, communicator: communicator)
            if !json && root {
                print("\(training.method.displayName) on \(path ?? data.name): \(layout.globalCount) points, \(data.features.columns) features, K = \(k)"
                      + (distributed ? ", \(communicator.size) rank(s)" : ""))
                fflush(stdout)
            }
            Interruption.install()
            let checkpointing = training.checkpoint.map {
                Checkpointing(path: $0, interval: training.checkpointSeconds, resume: resume)
            }
            let result = try training.method.run(on: data.features, settings: settings, seed: seed,
                                                 pretrainingCache: training.pretrainedCache, checkpointing: checkpointing,
                                                 progress: { bar?.update($0) }, communicator: communicator)
            // Distributed: what identifies each document, from every rank, in the global order.
            let labels = try data.labels.map { try communicator.allGatherConcatenated($0) }
            let ids = try text.map { try communicator.allGatherEncoded($0.ids) }
            let titles = try text.map { try communicator.allGatherEncoded($0.titles) }
            var summary = ClusterSummary(clusters: result.assignment.clusters, clusterCount: k, labels: labels,
                                         labelNames: data.labelNames)
            let mapTitles: [String]
            if let text, let ids, let titles {
                try summary.describeText(text, firstRow: layout.localRange.lowerBound, ids: ids, titles: titles, run: result,
                                         termCount: terms, communicator: communicator)
                mapTitles = ids.indices.map { titles[$0] ?? ids[$0] }
            } else {
                mapTitles = (0..<layout.globalCount).map { i in labels.map { "#\(i) \(data.labelNames[$0[i]])" } ?? "#\(i)" }
            }
            let report = ClusterReport(run: result, summary: summary, clusterCountScores: countScores)
            let html = try out.map { _ in
                try HTMLReport(title: "dkm: \(path ?? data.name)", report: report, run: result, features: data.features,
                               titles: mapTitles, labels: labels, labelNames: data.labelNames, mapMethod: map,
                               communicator: communicator).html
            }
            guard root else { return }
            if json {
                try JSONOutput.print(report)
            } else {
                print(text != nil ? summary.renderText(labelNames: data.labelNames) : summary.render(labelNames: data.labelNames))
            }
            if let out, let html, let folder {
                let model = ClusteringModel(run: result, inputSize: data.features.columns, corpus: text, labelNames: data.labelNames)
                let csv = AssignmentsCSV.render(result.assignment, ids: ids, labels: labels, labelNames: data.labelNames)
                try ClusterOutput.write(to: folder, report: report, assignmentsCSV: csv, model: model, reportHTML: html)
                if !json { print("written to \(out): clusters.json, assignments.csv, model/, report.html") }
            }
        }
    }
}
