import ArgumentParser
import DeepKMeans
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge clusters of a saved model into one, without retraining, and write new results.",
        discussion: """
            dkm merge --model run/model 3 7 --documents notes            joins clusters 3 and 7 (as 3)
            dkm merge --model run/model 3 --into 7 --documents notes     joins cluster 3 into 7
            The documents the model clustered are read again with the model's own vocabulary: the
            joined cluster's representative is its members' centroid, every document is placed again,
            and a new results folder (clusters.json, assignments.csv, topic_info.csv, model/,
            report.html) is written. The clusters after the merge are numbered without gaps, in their
            old order; names given with 'dkm label' are kept. The model itself is never changed.
            """)

    @Option(help: "A model folder written by 'dkm cluster' (its model/ folder).")
    var model: String

    @Argument(help: "The clusters to join (at least two, or one with --into).")
    var clusters: [Int] = []

    @Option(help: "The cluster whose place and name the joined cluster takes (default: the first listed).")
    var into: Int?

    @Option(
        help: "The documents the model clustered, read as 'cluster' read them (a folder, archive, CSV, TSV, JSON Lines or text file, or -)."
    )
    var documents: String

    @OptionGroup(title: "Reading") var reading: ReadingArguments
    @OptionGroup var modelEncoder: ModelEncoderOption

    @Option(help: "Folder for the new results (default: a new NAME-merged folder here, NAME the documents').")
    var out: String?

    @Flag(help: "Replace an --out folder that holds an earlier dkm output (never anything else).")
    var force = false

    @Flag(help: "Print clusters.json on standard output instead of the table.")
    var json = false

    @Option(help: "The report's map: tsne (Barnes-Hut), tsne-exact or pca.")
    var map: Projection.Method = .tsne

    @Option(help: "Top terms to show per cluster.")
    var terms: Int = 10

    func validate() throws {
        guard !clusters.isEmpty else { throw ValidationError("name the clusters to merge, for example: dkm merge --model run/model 3 7") }
        guard Set(clusters + (into.map { [$0] } ?? [])).count >= 2 else {
            throw ValidationError("name at least two different clusters, or one and --into")
        }
        try OptionRanges.check(terms, "terms", in: OptionRanges.terms)
    }

    func run() throws {
        try Failure.guarding {
            let started = Date()
            let loaded = try ClusteringModel.load(from: model)
            let plan = try ClusterMerge(clusters, into: into, clusterCount: loaded.description.clusterCount)
            let inputs = [documents, model].filter { $0 != "-" }
            let folder =
                try out.map { try OutputFolder($0, force: force, inputs: inputs) }
                ?? ResultsFolder.take(for: documents, kind: "merged", inputs: inputs)
            try WritePaths.check([folder.path], inputs: inputs)
            let skipped = SkipCounter()
            let encoder = try loaded.sentenceEncoder(at: modelEncoder.encoder)
            var settings = try loaded.corpusSettings(reading: reading.options(skipped: skipped))
            settings.encoderTokenizer = encoder?.tokenizer
            settings.onTruncate = reading.truncationWarning
            let corpus = try settings.load(documents, progress: !json)
            skipped.report()
            let readTime = PhaseTiming(phase: "read and vectorize", seconds: Date().timeIntervalSince(started))
            var fitted = try plan.apply(to: loaded, corpus: corpus, encoder: encoder, termCount: terms)
            let mapStarted = Date()
            let html = try fitted.htmlReport(title: "dkm: \(documents), clusters merged", map: map)
            fitted.report.timings = [
                readTime, PhaseTiming(phase: "merge and describe", seconds: mapStarted.timeIntervalSince(started) - readTime.seconds),
                PhaseTiming(phase: "map and report", seconds: Date().timeIntervalSince(mapStarted)),
                PhaseTiming(phase: "total", seconds: Date().timeIntervalSince(started)),
            ]
            if json {
                try JSONOutput.print(fitted.report)
            } else {
                Terminal.print(Self.summary(plan, of: model, moved: fitted.report.merge?.moved ?? 0, fitted: fitted))
                Terminal.print(fitted.text + "\ntime: " + PhaseTimer.line(fitted.report.timings ?? []))
            }
            try fitted.write(to: folder, reportHTML: html)
            let line = try Terminal.writtenLine(folder)
            if json { Terminal.error("dkm: \(line)\n") } else { Terminal.print(line) }
        }
    }

    /// What was joined, where the other clusters went, and what moved.
    static func summary(_ plan: ClusterMerge, of model: String, moved: Int, fitted: FittedClustering) -> String {
        let joined = plan.numbering[plan.target]
        let name = fitted.model.description.name(of: joined).map { " \"\($0)\"" } ?? ""
        var lines = [
            "merged clusters \(plan.merged.map(String.init).joined(separator: ", ")) of \(model) into cluster \(joined)\(name) "
                + "(\(fitted.summary.clusters[joined].size) documents); \(plan.numbering.count) clusters became \(plan.clusterCount)"
        ]
        let renumbered = plan.numbering.indices.filter { !plan.merged.contains($0) && plan.numbering[$0] != $0 }
        if !renumbered.isEmpty {
            lines.append("new numbers: " + renumbered.map { "\($0) is now \(plan.numbering[$0])" }.joined(separator: ", "))
        }
        if moved > 0 { lines.append("\(moved) document(s) are nearer another representative after the merge and moved there") }
        return lines.joined(separator: "\n")
    }
}
