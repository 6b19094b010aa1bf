import ArgumentParser
import DKMTerminal
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

    @Argument(help: "Documents: a folder, a 20 Newsgroups tree, a CSV, TSV, JSON Lines or text file, or - (JSON Lines on standard input).")
    var path: String?

    @Option(help: "Image data set: \(ImageDatasetName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var dataset: ImageDatasetName?

    @Option(help: "Folder with the image data set's files (Fashion-MNIST defaults to the Debian package's).")
    var data: String?

    @Option(
        name: .customLong("k"),
        help: "Number of clusters, or 'auto' to choose it by silhouette over --k-range (images: default the number of classes).")
    var clusterCount: String?

    @Option(help: "With --k auto: the numbers of clusters to try, as LOW..HIGH.")
    var kRange: String = "2..30"

    @Option(help: "Cluster a random sample of this many documents (drawn before the vocabulary is chosen) or points instead of all.")
    var sample: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = Clusterer.defaultSeed

    @Option(
        help:
            "Folder for clusters.json, assignments.csv, model/ and report.html (default: a new NAME-clusters folder here, NAME the input's)."
    )
    var out: String?

    @Flag(help: "Write no output folder: only print the clusters.")
    var noOut = false

    @Flag(help: "Replace an --out folder that holds an earlier dkm output (never anything else).")
    var force = false

    @Flag(help: "Print clusters.json on standard output instead of the table.")
    var json = false

    @Flag(help: "Continue from --checkpoint if it exists.")
    var resume = false

    @Option(
        help:
            "The report's map of up to 2,000 sampled points: tsne (Barnes-Hut, as the paper's Figure 2), tsne-exact (quadratic: slow) or pca."
    )
    var map: Projection.Method = .tsne

    @Option(help: "Top terms to show per cluster.")
    var terms: Int = 10

    @OptionGroup var corpus: CorpusArguments
    @OptionGroup var encoding: EncoderOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var distribution: DistributedOption

    func validate() throws {
        guard (path == nil) != (dataset == nil) else { throw ValidationError("give either a PATH of documents or --dataset for images") }
        guard path == nil || clusterCount != nil else { throw ValidationError("--k is required for documents (a number or 'auto')") }
        if let clusterCount, clusterCount != "auto", Int(clusterCount) == nil {
            throw ValidationError("--k takes a whole number or 'auto', not '\(clusterCount)'")
        }
        _ = try range()
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        try OptionRanges.check(terms, "terms", in: OptionRanges.terms)
        if noOut, out != nil { throw ValidationError("give --out or --no-out, not both") }
        try encoding.check(documents: path != nil, distributed: distribution.distributed)
        if resume, training.checkpoint == nil {
            throw ValidationError("--resume needs --checkpoint FILE (the training state to continue from)")
        }
    }

    func run() throws {
        try Failure.guarding(distributed: distribution.distributed) { communicator in
            let root = communicator.isRoot
            let folder = try resultsFolder(root: root)
            let checkpointLock = try training.checkpoint.flatMap { root ? try Checkpointing(path: $0, resume: resume).claim() : nil }
            defer { checkpointLock?.release() }
            let started = Date()
            // With --encoder auto, the corpus's first documents decide whether it is embedded.
            let candidate = try encoding.candidate(
                documents: path != nil, distributed: distribution.distributed,
                paperPreset: training.model.preset == .paper)
            let (text, images) = try readInput(encoder: candidate, communicator: communicator)
            let reading = PhaseTiming(phase: text == nil ? "read" : "read and vectorize", seconds: Date().timeIntervalSince(started))
            let (encoder, loading) = try encoding.load(candidate, for: text).map { ($0.0, $0.1) } ?? (nil, nil)
            let name = path ?? images!.name
            let bar = training.quiet || !root ? nil : ProgressBar()
            let clusterer = try clusterer(encoder: encoder, name: name, bar: bar, communicator: communicator)
            var fitted = try text.map { try clusterer.fit($0) } ?? clusterer.fit(images!)  // all ranks: collectives
            if !noOut { bar?.update(TrainingProgress(phase: .report, completed: 0, total: 1)) }
            let mapStarted = Date()
            let html = noOut ? nil : try fitted.htmlReport(title: "dkm: \(name)", map: map)  // all ranks: collectives
            if !noOut { bar?.update(TrainingProgress(phase: .report, completed: 1, total: 1)) }
            bar?.finish()
            var timings = [reading] + (loading.map { [$0] } ?? []) + (fitted.report.timings ?? [])
            if html != nil { timings.append(PhaseTiming(phase: "map and report", seconds: Date().timeIntervalSince(mapStarted))) }
            timings.append(PhaseTiming(phase: "total", seconds: Date().timeIntervalSince(started)))
            fitted.report.timings = timings
            if root { try deliver(fitted, html: html, to: folder) }
        }
    }
}
