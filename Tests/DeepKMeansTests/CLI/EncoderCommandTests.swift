import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// `cluster --encoder`, `embed` and `assign` with a model of embeddings, from the command line,
/// with the tiny encoder of random weights (the real one is checked in DKMEncoderTests).
@Suite struct EncoderCommandTests {
    static func corpus(in directory: TemporaryDirectory) -> String {
        for document in EncoderClusteringTests.documents.dropLast() {
            directory.write("docs/\(document.label!)/\(document.id).txt", document.text + "\n")
        }
        return directory.file("docs")
    }

    @Test(.slow) func clusterEmbedAndAssignWithAnEncoderFolder() throws {
        let directory = TemporaryDirectory()
        let docs = Self.corpus(in: directory)
        let encoder = try TinyEncoder.write(to: directory.file("tiny"))
        let cache = directory.file("cache")
        let cli = CommandLineTests()
        let clustered = try cli.dkm([
            "cluster", docs, "--labels", "subfolder", "--k", "3", "--method", "km", "--encoder", encoder,
            "--embedding-cache", cache, "--out", directory.file("run"),
        ])
        #expect(clustered.status == 0, "\(clustered.errors)")
        #expect(clustered.output.contains("KM on \(docs) (tiny embeddings): 60 points, 16 features, K = 3"), "\(clustered.output)")
        #expect(clustered.output.contains("members:") && !clustered.output.contains("representative:"))
        let model = try String(contentsOfFile: directory.file("run/model/model.json"), encoding: .utf8)
        #expect(model.contains("\"encoder\"") && model.contains("\"sha256\""))
        let inspected = try cli.dkm(["inspect", "--model", directory.file("run/model")])
        #expect(
            inspected.output.contains("documents embedded by tiny") && inspected.output.contains("16 dimensions"), "\(inspected.output)")
        #expect(!inspected.output.contains("vocabulary: 16 terms"), "\(inspected.output)")
        // embed takes every row from the cache the cluster run filled, and writes the same rows.
        let embedded = try cli.dkm([
            "embed", docs, "--labels", "subfolder", "--encoder", encoder, "--embedding-cache", cache,
            "--out", directory.file("rows"), "--json",
        ])
        #expect(embedded.status == 0, "\(embedded.errors)")
        #expect(embedded.output.contains("\"reused\" : 60"), "\(embedded.output)")
        // In 8-bit products the rows are others: none comes from the fp32 rows' cache, and the output says so.
        let rounded = try cli.dkm([
            "embed", docs, "--encoder", encoder, "--encoder-precision", "int8", "--embedding-cache", cache,
            "--out", directory.file("rows8"), "--json",
        ])
        #expect(rounded.status == 0, "\(rounded.errors)")
        #expect(rounded.output.contains("\"reused\" : 0") && rounded.output.contains("\"precision\" : \"int8\""), "\(rounded.output)")
        let unknown = try cli.dkm(["embed", docs, "--encoder", encoder, "--encoder-precision", "int4", "--out", directory.file("rows4")])
        #expect(unknown.status == 64 && unknown.errors.contains("int4"), "\(unknown.errors)")
        // assign finds no encoder by the model's name ("tiny"), is given its folder (and places a training text in its
        // cluster), and refuses another's weights.
        let known = try #require(EncoderClusteringTests.documents.first { $0.id == "space-3" })
        let new = directory.write("new.txt", known.text + "\n")
        let unnamed = try cli.dkm(["assign", "--model", directory.file("run/model"), new])
        #expect(unnamed.status == 65 && unnamed.errors.contains("no encoder named tiny"), "\(unnamed.errors)")
        let placed = try cli.dkm(["assign", "--model", directory.file("run/model"), "--encoder", encoder, new, "--json"])
        #expect(placed.status == 0, "\(placed.errors)")
        let spaceCluster = try String(contentsOfFile: directory.file("run/assignments.csv"), encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("space/space-3.txt,") }?.split(separator: ",")[2]
        #expect(placed.output.contains("\"cluster\" : \(try #require(spaceCluster))"), "\(placed.output)")
        let other = try TinyEncoder.write(to: directory.file("other"), seed: 2)
        let refused = try cli.dkm(["assign", "--model", directory.file("run/model"), "--encoder", other, new])
        #expect(refused.status != 0 && refused.errors.contains("other weights"), "\(refused.errors)")
        // An encoder is for documents, and for one process.
        let images = try cli.dkm(["cluster", "--dataset", "usps", "--encoder", encoder])
        #expect(images.status == 64 && images.errors.contains("--encoder embeds documents"), "\(images.errors)")
    }

    @Test(.slow) func autoEmbedsShortTextsWhenTheDefaultEncoderIsInstalled() throws {
        let directory = TemporaryDirectory()
        let docs = Self.corpus(in: directory)
        let models = directory.file("models")
        try TinyEncoder.write(to: (models as NSString).appendingPathComponent(SentenceEncoder.defaultName))
        let cli = CommandLineTests()
        let arguments = ["cluster", docs, "--labels", "subfolder", "--k", "3", "--no-out", "--seed", "8905"]
        let auto = try cli.dkm(arguments, models: models)
        #expect(auto.status == 0, "\(auto.errors)")
        #expect(auto.output.contains("KM on \(docs) (\(SentenceEncoder.defaultName) embeddings): 60 points, 16 features"), "\(auto.output)")
        let off = try cli.dkm(arguments + ["--encoder", "none"], models: models)
        #expect(off.status == 0 && off.output.contains("KM on \(docs): 60 points") && !off.output.contains("embeddings"), "\(off.output)")
        // Not installed: tf-idf rows, as before.
        let missing = try cli.dkm(arguments)
        #expect(missing.status == 0 && !missing.output.contains("embeddings)"), "\(missing.output)")
        // Documents longer than half the encoder's window are not embedded.
        let long = directory.file("long")
        for document in EncoderClusteringTests.documents.dropLast() {
            directory.write(
                "long/\(document.label!)/\(document.id).txt", Array(repeating: document.text, count: 3).joined(separator: " ") + "\n")
        }
        let longRun = try cli.dkm(["cluster", long, "--labels", "subfolder", "--k", "3", "--no-out"], models: models)
        #expect(longRun.status == 0 && !longRun.output.contains("embeddings)"), "\(longRun.output)")
    }

    /// Without the default encoder installed, a corpus of short texts is clustered on tf-idf,
    /// and dkm says what would cluster it better; not for long texts, not when told which
    /// rows to use, not when quiet.
    @Test(.slow) func shortTextsWithoutTheEncoderSayHowToGetIt() throws {
        let directory = TemporaryDirectory()
        let docs = Self.corpus(in: directory)
        let cli = CommandLineTests()
        let arguments = ["cluster", docs, "--k", "3", "--no-out", "--method", "km"]
        let missing = try cli.dkm(arguments)
        #expect(missing.status == 0)
        #expect(
            missing.errors.contains("these are short texts (a median of") && missing.errors.contains("scripts/fetch-encoder"),
            "\(missing.errors)")
        for extra in [["--encoder", "none"], ["--quiet"], ["--preset", "paper"]] {
            let told = try cli.dkm(arguments + extra)
            #expect(told.status == 0 && !told.errors.contains("short texts"), "\(extra): \(told.errors)")
        }
        let models = directory.file("models")
        try TinyEncoder.write(to: (models as NSString).appendingPathComponent(SentenceEncoder.defaultName))
        let installed = try cli.dkm(arguments, models: models)
        #expect(installed.status == 0 && !installed.errors.contains("short texts"), "\(installed.errors)")
        let long = directory.file("long")
        for document in EncoderClusteringTests.documents {
            directory.write(
                "long/\(document.label!)/\(document.id).txt", Array(repeating: document.text, count: 40).joined(separator: " ") + "\n")
        }
        let longRun = try cli.dkm(["cluster", long, "--k", "3", "--no-out", "--method", "km"])
        #expect(longRun.status == 0 && !longRun.errors.contains("short texts"), "\(longRun.errors)")
    }
}
