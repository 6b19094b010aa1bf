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

    @Option(name: .customLong("k"), help: "Number of clusters (images: default the number of classes).")
    var clusterCount: Int?

    @Option(help: "Cluster a random sample of this many points instead of all.")
    var sample: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = Experiment.paperSeeds[0]

    @Option(help: "Write assignments (id, cluster, distance, weight, label) as CSV to this file.")
    var out: String?

    @Option(help: "Top terms to show per cluster.")
    var terms: Int = 10

    @OptionGroup var corpus: CorpusArguments
    @OptionGroup var training: TrainingOptions

    func validate() throws {
        guard (path == nil) != (dataset == nil) else {
            throw ValidationError("give either a PATH of documents or --dataset for images")
        }
        guard path == nil || clusterCount != nil else { throw ValidationError("--k is required for documents") }
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
    }

    func run() throws {
        try Failure.guarding {
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
            let k = clusterCount ?? dataset?.clusterCount ?? 0
            let settings = try training.settings(clusterCount: k)
            print("\(training.method.displayName) on \(path ?? data.name): \(data.count) points, \(data.features.columns) features, K = \(k)")
            fflush(stdout)
            let bar = training.quiet ? nil : ProgressBar()
            let result = try training.method.run(on: data.features, settings: settings, seed: seed,
                                                 progress: { bar?.update($0) })
            var summary = ClusterSummary(clusters: result.assignment.clusters, clusterCount: k, labels: data.labels)
            if let text {
                summary.describeText(text, run: result, termCount: terms)
                print(summary.renderText(labelNames: data.labelNames))
            } else {
                print(summary.render(labelNames: data.labelNames))
            }
            if let out {
                try AtomicFile.write(AssignmentsCSV.render(result.assignment, ids: ids, labels: data.labels, labelNames: data.labelNames), to: out)
                print("assignments written to \(out)")
            }
        }
    }
}
