import ArgumentParser
import DeepKMeans
import Foundation

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Sort new documents into the clusters of a saved model.",
        discussion: """
            Documents are read as 'cluster' reads them (folders, archives, CSV, TSV, JSON Lines, \
            standard input as '-', HTML, 20 Newsgroups and newsML trees), except that a text or HTML \
            file named on the command line is one document. They are tokenized and vectorized with \
            the model's own settings, vocabulary and idf; a model trained with --encoder embeds them \
            with that encoder, and refuses another.
            """)

    @Option(help: "A model folder written by 'dkm cluster --out DIR' (DIR/model).")
    var model: String

    @Argument(help: "Documents: text or HTML files, folders, archives, CSV/TSV/JSON Lines files, or '-' for JSON Lines on standard input.")
    var paths: [String]

    @OptionGroup(title: "Reading") var reading: ReadingArguments

    @OptionGroup var modelEncoder: ModelEncoderOption

    @Option(help: "Write the placements as CSV to this file instead of printing them.")
    var out: String?

    @Option(help: "Linking terms to show per document.")
    var terms: Int = 5

    func validate() throws {
        try OptionRanges.check(terms, "terms", in: OptionRanges.terms)
    }

    @Flag(help: "Print one JSON document on standard output.")
    var json = false

    func run() throws {
        try Failure.guarding {
            let output = out.map { OutputFile($0, recognizes: PlacementCSV.recognizes) }
            try output?.check(inputs: paths.filter { $0 != "-" } + [model])
            let loaded = try ClusteringModel.load(from: model)
            let sentenceEncoder = try loaded.sentenceEncoder(at: modelEncoder.encoder)
            let skipped = SkipCounter()
            let documents = try DocumentFiles.documents(
                paths, options: reading.options(skipped: skipped),
                onTruncate: reading.truncationWarning)
            skipped.report()
            let placements = try loaded.place(documents, termCount: terms, encoder: sentenceEncoder)
            if json {
                try JSONOutput.print(placements)
            } else if let out, let output {
                try output.write(PlacementCSV.render(placements))
                Terminal.print("\(placements.count) documents placed; written to \(out)")
            } else {
                for p in placements {
                    guard let cluster = p.cluster, let distance = p.distance, let weight = p.weight else {
                        Terminal.print(
                            "\(p.id)\tunassigned ("
                                + (loaded.description.encoder == nil ? "no term of the model's vocabulary)" : "no text)"))
                        continue
                    }
                    Terminal.print(
                        "\(p.id)\tcluster \(cluster)" + (p.clusterName.map { " \($0)" } ?? "") + (p.status == .outlier ? " (outlier)" : "")
                            + String(format: "\tdistance %.4g\tweight %.2f\t", distance, weight) + p.terms.joined(separator: ", "))
                }
            }
        }
    }
}
