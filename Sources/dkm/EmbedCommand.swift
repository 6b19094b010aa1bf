import ArgumentParser
import DKMTerminal
import DeepKMeans
import Foundation

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed a document collection with a sentence encoder and write the rows for other tools.",
        discussion:
            "Writes embeddings.safetensors (tensor \"embeddings\", one row per document), documents.txt, labels.txt and encoder.json.")

    @Argument(help: "Documents: a folder, a 20 Newsgroups tree, a CSV, TSV, JSON Lines or text file, or - (JSON Lines on standard input).")
    var path: String

    @OptionGroup var encoding: EncoderOptions

    @OptionGroup var export: ExportOptions

    @OptionGroup var corpus: CorpusArguments

    /// What `--json` prints.
    struct Summary: Encodable {
        var documents: Int, dimension: Int, tokens: Int, encoder: EncoderRecord
        /// Documents whose embedding came from the cache.
        var reused: Int
        var loadSeconds: Double, readSeconds: Double, encodeSeconds: Double, writeSeconds: Double, out: String
    }

    func run() throws {
        try Failure.guarding(distributed: false) { _ in
            let start = Date()
            let folder = try OutputFolder(export.out, force: export.force, inputs: [path])
            guard encoding.encoder != EncoderOptions.off else {
                throw ValidationError("embed needs an encoder: auto or a name or path, not none")
            }
            let encoder = try SentenceEncoder(
                path: SentenceEncoder.locate(encoding.isNamed ? encoding.encoder : SentenceEncoder.defaultName),
                precision: encoding.encoderPrecision)
            let loaded = Date()
            let documents = try corpus.load(
                path, progress: !export.json && !export.quiet, quiet: export.quiet || export.json, encoder: encoder.folder)
            let read = Date()
            let progress = export.quiet || export.json ? nil : EncodingProgress(total: documents.count)
            let report: (Int) -> Void = { progress?.update(done: $0) }
            let outcome = try encoder.embed(tokenized: documents.encoderTokens, cache: encoding.cache, onProgress: report)
            let (embeddings, reused) = (outcome.embeddings, outcome.reused)
            progress?.finish()
            let encoded = Date()
            let record = EncoderRecord(encoder)
            try EmbeddingExport.write(embeddings, of: documents, encoder: record, to: folder)
            let written = Date()
            if export.quiet { return }
            let tokens = documents.encoderTokens.reduce(0) { $0 + $1.count }
            if export.json {
                return try JSONOutput.print(
                    Summary(
                        documents: documents.count, dimension: encoder.dimension, tokens: tokens, encoder: record, reused: reused,
                        loadSeconds: loaded.timeIntervalSince(start), readSeconds: read.timeIntervalSince(loaded),
                        encodeSeconds: encoded.timeIntervalSince(read), writeSeconds: written.timeIntervalSince(encoded),
                        out: export.out))
            }
            Terminal.print(
                "\(documents.count) documents (\(tokens) tokens\(reused > 0 ? ", \(reused) from the cache" : "")) embedded in \(encoder.dimension) dimensions by \(record.name); "
                    + String(
                        format: "model loaded in %.1fs, read in %.1fs, encoded in %.1fs, written in %.1fs to ",
                        loaded.timeIntervalSince(start), read.timeIntervalSince(loaded), encoded.timeIntervalSince(read),
                        written.timeIntervalSince(encoded)) + export.out)
        }
    }
}
