import ArgumentParser
import DeepKMeans
import Foundation

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Sort new documents into the clusters of a saved model.",
        discussion: "Documents are tokenized and vectorized with the model's own settings, vocabulary and idf.")

    @Option(help: "A model folder written by 'dkm cluster --out DIR' (DIR/model).")
    var model: String

    @Argument(help: "Text files, or folders of them.")
    var paths: [String]

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
            try output?.check(inputs: paths + [model])
            let loaded = try ClusteringModel.load(from: model)
            var documents: [Document] = []
            for path in paths {
                if DocumentFiles.isDirectory(path) {
                    try FolderReader(root: path, onSkip: warnSkipped).forEachDocument { document in
                        documents.append(Document(id: (path as NSString).appendingPathComponent(document.id), text: document.text))
                    }
                } else {
                    documents.append(Document(id: path, text: try DocumentFiles.readText(path)))
                }
            }
            let placements = try loaded.place(documents, termCount: terms)
            if json {
                try JSONOutput.print(placements)
            } else if let out, let output {
                try output.write(PlacementCSV.render(placements))
                print("\(placements.count) documents placed; written to \(out)")
            } else {
                for p in placements {
                    guard let cluster = p.cluster, let distance = p.distance, let weight = p.weight else {
                        print("\(p.id)\tunassigned (no term of the model's vocabulary)")
                        continue
                    }
                    print("\(p.id)\tcluster \(cluster)" + (p.status == .outlier ? " (outlier)" : "")
                          + String(format: "\tdistance %.4g\tweight %.2f\t", distance, weight) + p.terms.joined(separator: ", "))
                }
            }
        }
    }
}

func warnSkipped(_ skipped: SkippedDocument) {
    FileHandle.standardError.write(Data("dkm: warning: skipped \(skipped.id): \(skipped.reason)\n".utf8))
}
