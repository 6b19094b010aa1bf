import ArgumentParser
import DeepKMeans
import Foundation

struct VectorizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectorize",
        abstract: "Turn a document collection into tf-idf rows and write them for other tools.",
        discussion: "Writes matrix.mtx (Matrix Market), vocabulary.txt, idf.txt, labels.txt and documents.txt.")

    @Argument(help: "Documents: a folder, a 20 Newsgroups tree, a CSV, TSV, JSON Lines or text file, or - (JSON Lines on standard input).")
    var path: String

    @OptionGroup var export: ExportOptions

    @OptionGroup var corpus: CorpusArguments
    @OptionGroup var distribution: DistributedOption

    /// What `--json` prints.
    struct Summary: Encodable {
        var documents: Int, terms: Int, nonZeroFraction: Double, readSeconds: Double, writeSeconds: Double, out: String, ranks: Int
    }

    func run() throws {
        try Failure.guarding(distributed: distribution.distributed) { communicator in
            let start = Date()
            let folder = communicator.isRoot ? try OutputFolder(export.out, force: export.force, inputs: [path]) : nil
            let loaded = try corpus.load(path, progress: !export.json, quiet: export.quiet, communicator: communicator)
            let vectorized = Date()
            // Distributed, the rows come to rank 0, which writes them.
            guard let whole = try loaded.gathered(communicator), let folder else { return }
            try CorpusExport.write(whole, to: folder)
            let written = Date()
            if export.quiet { return }
            if export.json {
                return try JSONOutput.print(
                    Summary(
                        documents: whole.count, terms: whole.vectorizer.vocabulary.count,
                        nonZeroFraction: whole.matrix.density, readSeconds: vectorized.timeIntervalSince(start),
                        writeSeconds: written.timeIntervalSince(vectorized), out: export.out, ranks: communicator.size))
            }
            Terminal.print(
                "\(whole.count) documents, \(whole.vectorizer.vocabulary.count) terms, "
                    + String(
                        format: "%.2f%% non-zero; read and vectorized in %.1fs, written in %.1fs to ",
                        whole.matrix.density * 100, vectorized.timeIntervalSince(start), written.timeIntervalSince(vectorized))
                    + export.out + (communicator.size > 1 ? " (\(communicator.size) ranks)" : ""))
        }
    }
}
