import DeepKMeans
import DKMCore
import DKMTestSupport
import Foundation
import Testing

/// The dkm binary on bad input: one clear line on standard error and the documented exit code.
@Suite struct CommandLineTests {
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs dkm in `directory`, or in the package's root: there a `cluster` without `--out` gets
    /// `--no-out`, so the tests leave no results folder in the source tree.
    /// `models` is the folder sentence encoders are found in by name (default: an empty one).
    func dkm(_ arguments: [String], input: Data? = nil, in directory: String? = nil, models: String? = nil) throws -> Outcome {
        let binary = TestSupport.builtProduct("dkm")
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build dkm first (swift build)")
        let process = TestSupport.dkmProcess(arguments, models: models)
        if let directory {
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
        } else if arguments.first == "cluster", !arguments.contains("--out"), !arguments.contains("--no-out") {
            process.arguments! += ["--no-out"]
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile(), errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }

    /// The library prints no warning itself; the command line shows the readers' on standard error.
    @Test func readersWarningsReachStandardError() throws {
        let directory = TemporaryDirectory()
        let file = directory.write("titles.txt.gz", "first title about engines\nsecond title about planets\n")
        let outcome = try dkm(["vectorize", file, "--out", directory.file("vectors"), "--quiet"])
        #expect(outcome.status == 0)
        #expect(outcome.errors.contains("dkm: warning: \(file): named as compressed but not gzip data; read as it is"))
    }

    @Test(.slow) func badInputExitsWith65AndNamesTheFile() throws {
        let directory = TemporaryDirectory()
        var outcome = try dkm(["cluster", directory.file("missing"), "--k", "2", "--quiet"])
        #expect(outcome.status == 65 && outcome.errors.contains("missing: no such file or directory"))

        try FileManager.default.createDirectory(atPath: directory.file("empty"), withIntermediateDirectories: true)
        outcome = try dkm(["cluster", directory.file("empty"), "--k", "2", "--quiet"])
        #expect(outcome.status == 65 && outcome.errors.contains("no files"))

        directory.write("rcv1/1newsML.xml", "<newsitem itemid=\"1\"><headline>x</text></newsitem>")
        outcome = try dkm(["vectorize", directory.file("rcv1"), "--out", directory.file("v")])
        #expect(outcome.status == 65 && outcome.errors.contains("1newsML.xml: malformed XML at line 1"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("v")))  // nothing written

        let images = IDXArray.encode((0..<32).map(Double.init), dimensions: [2, 4, 4], type: .unsignedByte)
        directory.write("mnist/train-images-idx3-ubyte", Array(images.prefix(30)))
        directory.write("mnist/train-labels-idx1-ubyte", IDXArray.encode([0, 1], dimensions: [2], type: .unsignedByte))
        directory.write("mnist/t10k-images-idx3-ubyte", images)
        directory.write("mnist/t10k-labels-idx1-ubyte", IDXArray.encode([0, 1], dimensions: [2], type: .unsignedByte))
        outcome = try dkm(["evaluate", "--dataset", "mnist", "--data", directory.file("mnist"), "--quiet"])
        #expect(outcome.status == 65 && outcome.errors.contains("train-images-idx3-ubyte: truncated: expected 48 bytes, found 30"))
        #expect(outcome.errors.split(separator: "\n").count == 1)
    }

    @Test(.slow) func badArgumentsExitWith64() throws {
        let directory = TemporaryDirectory()
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        var outcome = try dkm(["cluster", sample, "--k", "500", "--quiet", "--method", "km"])
        #expect(outcome.status == 64 && outcome.errors.contains("cannot make 500 clusters from 120 points"))
        outcome = try dkm(["cluster", sample, "--k", "two"])
        #expect(outcome.status == 64)
        directory.write("out/keep.txt", "earlier output")
        outcome = try dkm(["cluster", sample, "--k", "2", "--method", "km", "--quiet", "--out", directory.file("out")])
        #expect(outcome.status == 64 && outcome.errors.contains("not empty"))
        #expect(try String(contentsOfFile: directory.file("out/keep.txt"), encoding: .utf8) == "earlier output")
        outcome = try dkm(["evaluate", "--dataset", "usps", "--jobs", "0"])
        #expect(outcome.status == 64 && outcome.errors.contains("--jobs must be at least 1"))
        outcome = try dkm(["evaluate", "--dataset", "usps", "--method", "auto"])
        #expect(outcome.status == 64 && outcome.errors.contains("--method auto is for dkm cluster"))
    }

    /// Every numeric option is range-checked before any work: exit 64 naming the option, for
    /// negative counts, zero sizes, NaN and infinity, on every command that takes it.
    @Test(
        .slow,
        arguments: [
            (["cluster", "corpora/sample", "--k", "2", "--terms=-1"], "--terms must be from 0 to 10000, not -1"),
            (["inspect", "--model", "m", "--terms=-1"], "--terms must be"),
            (["assign", "--model", "m", "x.txt", "--terms=-5"], "--terms must be"),
            (["cluster", "corpora/sample", "--min-length", "0"], "--min-length must be from 1 to 100"),
            (["cluster", "corpora/sample", "--k", "2", "--epochs=-3"], "--epochs must be from 0"),
            (["cluster", "corpora/sample", "--k", "2", "--pretrain-epochs=-1"], "--pretrain-epochs must be from 0"),
            (["cluster", "corpora/sample", "--k", "2", "--checkpoint-seconds", "nan"], "--checkpoint-seconds must be a finite number"),
            (["cluster", "corpora/sample", "--k", "2", "--kmeans-restarts", "0"], "--kmeans-restarts must be from 1"),
            (["cluster", "corpora/sample", "--k", "2", "--batch-size", "0"], "--batch-size must be from 1"),
            (["cluster", "corpora/sample", "--k", "2", "--hidden", "64,0"], "--hidden must be from 1"),
            (["cluster", "corpora/sample", "--k", "2", "--hidden", "64,,8"], "--hidden takes comma-separated whole numbers"),
            (["cluster", "corpora/sample", "--k", "2", "--learning-rate", "0"], "--learning-rate must be a finite number above 0.0"),
            (["cluster", "corpora/sample", "--k", "2", "--learning-rate", "inf"], "--learning-rate must be a finite number"),
            (["cluster", "corpora/sample", "--k", "2", "--lambda=-1"], "--lambda must be a finite number at least 0.0"),
            (["cluster", "corpora/sample", "--k", "2", "--denoise", "1"], "--denoise must be below 1"),
            (["evaluate", "--dataset", "usps", "--alpha-count", "0"], "--alpha-count must be from 1"),
        ])
    func numericOptionsAreRangeChecked(arguments: [String], message: String) throws {
        let outcome = try dkm(arguments + ["--quiet"])
        #expect(outcome.status == 64, "\(outcome.errors)")
        #expect(outcome.errors.contains(message), "\(outcome.errors)")
    }

    /// What an input cannot use or does not hold is said, naming the input, instead of being
    /// ignored or blamed on the vocabulary.
    @Test(.slow) func optionsAnInputIgnoresAndEmptyInputsAreNamed() throws {
        let directory = TemporaryDirectory()
        let order = directory.write("order.tsv", "path\nspace/space-01.txt\n")
        let headerOnly = directory.write("empty.csv", "id,text\n")
        for (arguments, status, message) in [
            (["cluster", "corpora/sample", "--k", "2", "--order", order], Int32(65), "--order (20 Newsgroups trees)"),
            (["cluster", "corpora/sample", "--k", "2", "--text-column", "body"], 65, "--text-column (CSV, TSV, JSON Lines)"),
            (["cluster", "corpora/sample", "--k", "2", "--resume"], 64, "--resume needs --checkpoint"),
            (["cluster", headerOnly, "--k", "2"], 65, "\(headerOnly): it holds no documents (read as csv)"),
        ] {
            let outcome = try dkm(arguments + ["--quiet", "--no-out"])
            #expect(outcome.status == status && outcome.errors.contains(message), "\(arguments): \(outcome.errors)")
        }
        let blank = try dkm(["cluster", "-", "--k", "2", "--quiet", "--no-out"], input: Data("\n \n".utf8))
        #expect(blank.status == 65 && blank.errors.contains("standard input"), "\(blank.errors)")
    }

    /// The cache and the checkpoint are checked against the input and the output folder before
    /// any work: none may lie inside another, and nothing is created when one does.
    @Test(.slow) func writtenPathsMayNotOverlapTheInputOrEachOther() throws {
        let directory = TemporaryDirectory()
        let corpus = directory.file("corpus")
        try FileManager.default.copyItem(atPath: CommandLineTests.root.appendingPathComponent("corpora/sample").path, toPath: corpus)
        let before = try FileManager.default.subpathsOfDirectory(atPath: corpus).sorted()
        let run = ["cluster", corpus, "--k", "3", "--method", "dkm-p", "--pretrain-epochs", "1", "--epochs", "1", "--quiet"]
        for (extra, message) in [
            (["--pretrained-cache", corpus + "/cache", "--out", directory.file("a")], "and the input \(corpus) overlap"),
            (["--checkpoint", corpus + "/run.ckpt", "--out", directory.file("b")], "and the input \(corpus) overlap"),
            (["--checkpoint", directory.file("c/run.ckpt"), "--out", directory.file("c")], "overlap; the run writes both"),
            (["--pretrained-cache", directory.file("d/cache"), "--out", directory.file("d")], "overlap; the run writes both"),
        ] {
            let outcome = try dkm(run + extra)
            #expect(outcome.status == 64 && outcome.errors.contains(message), "\(extra): \(outcome.errors)")
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: corpus).sorted() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["corpus"])
    }

    /// Slips a newcomer makes get a hint, not a bare refusal: a mistyped stop-word list, another
    /// tool's name for the number of clusters, a sample larger than the corpus.
    @Test(.slow) func commonSlipsGetAHint() throws {
        var outcome = try dkm(["cluster", "corpora/sample", "--k", "2", "--stop-words", "englsh"])
        #expect(outcome.status == 64 && outcome.errors.contains("did you mean 'english'?"), "\(outcome.errors)")
        #expect(outcome.errors.contains("lists: auto, none, "))
        for option in ["--n-clusters", "--n_clusters=5", "--num-clusters"] {
            outcome = try dkm(["cluster", "corpora/sample", option, "5"])
            #expect(outcome.status == 64 && outcome.errors.contains("did you mean '--k'?"), "\(outcome.errors)")
        }
        outcome = try dkm(["cluster", "corpora/sample", "--k", "3", "--method", "km", "--map", "pca", "--sample", "1000"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.errors.contains("--sample 1000 asks for more documents than the 120 there are"))
    }

    /// DKM_THREADS above the cores is taken as the cores: a run with 1,000 asked for ends at once.
    @Test(.slow) func tooManyThreadsAreClampedToTheCores() throws {
        let binary = TestSupport.builtProduct("dkm")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["cluster", "corpora/sample", "--k", "3", "--method", "km", "--quiet", "--no-out", "--map", "pca"]
        process.currentDirectoryURL = CommandLineTests.root
        process.environment = ProcessInfo.processInfo.environment.merging(["DKM_THREADS": "1000"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        while process.isRunning, Date().timeIntervalSince(started) < 60 { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test func aSmallCorpusIsClusteredWithKMeansByDefaultAndTheUserIsTold() throws {
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        let outcome = try dkm(["cluster", sample, "--k", "5", "--quiet"])
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("120 documents are too few to train the deep model"))
        #expect(outcome.output.contains("KM on \(sample): 120 points"))
    }

    /// `--idf-power` reaches the rows `vectorize` writes and the model `cluster` saves, which
    /// weighs new documents alike; the default is tf-idf.
    @Test(.slow) func idfPowerWeighsTheRowsAndTravelsWithTheModel() throws {
        let directory = TemporaryDirectory()
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        for (name, arguments, power) in [("plain", [String](), 1.0), ("squared", ["--idf-power", "2"], 2.0)] {
            var outcome = try dkm(["cluster", sample, "--k", "5", "--method", "km", "--quiet", "--out", directory.file(name)] + arguments)
            #expect(outcome.status == 0, "\(outcome.errors)")
            let model = try ClusteringModel.load(from: directory.file("\(name)/model"))
            #expect(model.description.vectorizer?.settings.idfPower == power, "\(name)")
            outcome = try dkm(["vectorize", sample, "--quiet", "--out", directory.file("\(name)-rows")] + arguments)
            #expect(outcome.status == 0, "\(outcome.errors)")
        }
        // The squared rows are the plain ones times idf, normalized again (first document).
        func firstRow(_ folder: String) throws -> [Int: Double] {
            let lines = try String(contentsOfFile: directory.file("\(folder)/matrix.mtx"), encoding: .utf8).split(separator: "\n")
                .filter { !$0.hasPrefix("%") }.dropFirst()
            var row: [Int: Double] = [:]
            for line in lines {
                let fields = line.split(separator: " ")
                if fields[0] == "1" { row[Int(fields[1])!] = Double(fields[2])! }
            }
            return row
        }
        let idf = try String(contentsOfFile: directory.file("plain-rows/idf.txt"), encoding: .utf8).split(separator: "\n").map {
            Double($0)!
        }
        let plain = try firstRow("plain-rows"), squared = try firstRow("squared-rows")
        let weighed = plain.reduce(into: [Int: Double]()) { $0[$1.key] = $1.value * idf[$1.key - 1] }
        let norm = weighed.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(!plain.isEmpty && Set(plain.keys) == Set(squared.keys))
        for (column, value) in weighed { #expect(abs(value / norm - squared[column]!) < 1e-5, "column \(column)") }
        let shown = try dkm(["inspect", "--model", directory.file("squared/model")])
        #expect(shown.status == 0 && shown.output.contains("tf · idf^2.0"))
        let refused = try dkm(["cluster", sample, "--k", "5", "--idf-power", "9"])
        #expect(refused.status == 64 && refused.errors.contains("--idf-power"))
    }

    /// `dkm vectorize` of `corpus` with its stop words kept into `out`, which it returns.
    func vectorized(_ corpus: String, into out: String, _ arguments: [String]) throws -> String {
        let outcome = try dkm(["vectorize", corpus, "--stop-words", "none", "--quiet", "--out", out] + arguments)
        #expect(outcome.status == 0, "\(outcome.errors)")
        return out
    }

    /// `vectorize` and `cluster` leave out words in more than half of the documents unless told
    /// otherwise, and keep them where nothing else would be left (one document).
    @Test func wordsInMostDocumentsAreLeftOutByDefault() throws {
        let directory = TemporaryDirectory()
        let corpus = directory.file("notes")
        for (i, words) in ["report rain rain", "report rain", "report snow", "report wind"].enumerated() {
            directory.write("notes/\(i).txt", words)
        }
        func vocabulary(_ arguments: [String], _ name: String) throws -> [String] {
            try String(contentsOfFile: vectorized(corpus, into: directory.file(name), arguments) + "/vocabulary.txt", encoding: .utf8)
                .split(separator: "\n").map(String.init)
        }
        #expect(try vocabulary([], "default") == ["rain", "snow", "wind"])  // "report": 4 of 4; "rain": 2 of 4
        #expect(try vocabulary(["--max-df", "1"], "all") == ["rain", "report", "snow", "wind"])
        let single = directory.file("single.txt")
        try "report rain".write(toFile: single, atomically: true, encoding: .utf8)
        var outcome = try dkm(["vectorize", single, "--format", "lines", "--quiet", "--out", directory.file("single")])
        #expect(outcome.status == 0, "\(outcome.errors)")
        outcome = try dkm(["vectorize", single, "--format", "lines", "--max-df", "0.5", "--quiet", "--out", directory.file("chosen")])
        #expect(outcome.status != 0 && outcome.errors.contains("--max-df"))
    }

    /// cluster and vectorize count a word's repeats sublinearly by default (tf = 1 + ln count):
    /// "rain rain snow" weighs rain and snow (same idf) 1 + ln 2 to 1, normalized (0.861, 0.508);
    /// `--no-sublinear-tf` gives the raw 2 to 1, (0.894, 0.447).
    @Test func repeatsCountSublinearlyByDefault() throws {
        let directory = TemporaryDirectory()
        let corpus = directory.file("notes")
        for (i, words) in ["rain rain snow", "wind", "sun", "fog"].enumerated() { directory.write("notes/\(i).txt", words) }
        func firstRow(_ arguments: [String], _ name: String) throws -> [Double] {
            let lines = try String(
                contentsOfFile: vectorized(corpus, into: directory.file(name), arguments) + "/matrix.mtx", encoding: .utf8
            )
            .split(separator: "\n").filter { !$0.hasPrefix("%") }.dropFirst()
            return lines.map { $0.split(separator: " ") }.filter { $0[0] == "1" }.map { Double($0[2])! }.sorted(by: >)
        }
        let sublinear = 1 + log(2.0), norm = (sublinear * sublinear + 1).squareRoot()
        let byDefault = try firstRow([], "default"), raw = try firstRow(["--no-sublinear-tf"], "raw")
        #expect(byDefault.count == 2 && abs(byDefault[0] - sublinear / norm) < 1e-6 && abs(byDefault[1] - 1 / norm) < 1e-6)
        #expect(raw.count == 2 && abs(raw[0] - 2 / 5.0.squareRoot()) < 1e-6 && abs(raw[1] - 1 / 5.0.squareRoot()) < 1e-6)
    }

    @Test(.slow) func bf16TrainsWhereTheCPUHasItAndSaysWhyNotElsewhere() throws {
        let directory = TemporaryDirectory()
        let outcome = try dkm([
            "cluster", "corpora/sample", "--k", "5", "--stop-words", "english", "--method", "dkm-p", "--precision", "bf16",
            "--pretrain-epochs", "2", "--epochs", "2", "--quiet", "--out", directory.file("run"),
        ])
        if ProductPrecision.bf16.isSupported {
            #expect(outcome.status == 0)
            let report = try String(contentsOfFile: directory.file("run/clusters.json"), encoding: .utf8)
            #expect(report.contains("\"productPrecision\" : \"bf16\""))
        } else {
            #expect(outcome.status == 64 && outcome.errors.contains("cannot multiply in bf16"))
            #expect(!FileManager.default.fileExists(atPath: directory.file("run")))
        }
    }

    @Test func binaryFilesAreSkippedWithAWarning() throws {
        let directory = TemporaryDirectory()
        directory.write("docs/a.txt", "orbit rocket launch orbit")
        directory.write("docs/b.txt", "bread oven bake bread")
        directory.write("docs/c.txt", "rocket orbit moon")
        directory.write("docs/blob.bin", [0, 1, 2, 0, 255, 0, 7])
        let outcome = try dkm(["cluster", directory.file("docs"), "--k", "2", "--method", "km", "--quiet"])
        #expect(outcome.status == 0)
        #expect(outcome.errors.contains("skipped blob.bin: binary file") && outcome.errors.contains("1 document(s) skipped"))
        #expect(outcome.output.contains("3 points"))
    }

    /// `dkm reproduce` end to end on a small USPS-format data set in the datasets layout: the
    /// grid runs, writes its tables, and a second invocation trains nothing.
    @Test(.slow) func reproduceWritesTablesAndResumes() throws {
        let directory = TemporaryDirectory()
        var random = RandomGenerator(seed: 3)
        func lines(_ count: Int) -> String {
            (0..<count).map { i in
                let digit = i % 3
                let pixels = (0..<256).map { p in String(format: "%.3f", (p % 3 == digit ? 0.8 : -0.8) + 0.1 * random.uniform(-1, 1)) }
                return ([String(digit)] + pixels).joined(separator: " ")
            }.joined(separator: "\n") + "\n"
        }
        directory.write("data/usps/zip.train", Array(lines(60).utf8))
        directory.write("data/usps/zip.test", Array(lines(30).utf8))
        directory.write("data/reference-splits/usps/validation", Array((0..<9).map { "\($0 * 10)" }.joined(separator: "\n").utf8))
        directory.write(
            "data/reference-splits/usps/test", Array((0..<90).filter { $0 % 10 != 0 }.map(String.init).joined(separator: "\n").utf8))
        let small = [
            "reproduce", "--datasets", "usps", "--methods", "km,dkm-p",
            "--hidden", "8", "--pretrain-epochs", "1", "--epochs", "1", "--batch-size", "16", "--kmeans-restarts", "1",
            "--data-root", directory.file("data"), "--quiet",
        ]
        let arguments = small + ["--runs", "2", "--search-runs", "1", "--out", directory.file("out")]
        var outcome = try dkm(arguments)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("2 + 8 + 1 runs") || outcome.output.contains("11 runs in all"))
        #expect(outcome.output.contains("usps DKMp: lambda = "))
        let tables = try String(contentsOfFile: directory.file("out/tables.md"), encoding: .utf8)
        #expect(tables.contains("### USPS") && tables.contains("| KM | – | 2 |") && tables.contains("## Line search"))
        #expect(FileManager.default.fileExists(atPath: directory.file("out/usps/dkm-p/8905.json")))
        #expect(FileManager.default.fileExists(atPath: directory.file("out/results.json")))
        outcome = try dkm(arguments)
        #expect(outcome.status == 0 && outcome.output.contains("11 run(s) were already stored"))
        outcome = try dkm(arguments + ["--tables-only"])
        #expect(outcome.status == 0 && outcome.output.contains("wrote"))
        // One seed needs no --search-runs (its default of 2 shrinks to --runs); asking for more fails.
        let oneSeed = small + ["--runs", "1", "--lambda", "1", "--out", directory.file("one")]
        outcome = try dkm(oneSeed)
        #expect(outcome.status == 0 && outcome.output.contains("2 runs in all, 1 seeds"), "\(outcome.errors)")
        outcome = try dkm(oneSeed + ["--search-runs", "2"])
        #expect(outcome.status == 64 && outcome.errors.contains("--search-runs must be between 1 and --runs (1)"))
        outcome = try dkm(["reproduce", "--datasets", "usps", "--methods", "km,nope"])
        #expect(outcome.status == 64 && outcome.errors.contains("unknown method 'nope'"))

        // A user's own tables.md, results.csv or results.json is never replaced, and no table is
        // written into the data; the refusal comes before any work.
        for name in ["tables.md", "results.csv", "results.json"] {
            let mine = directory.write("mine-\(name)/\(name)", "my own notes\n")
            outcome = try dkm(small + ["--runs", "1", "--lambda", "1", "--out", directory.file("mine-\(name)"), "--tables-only"])
            #expect(outcome.status == 64 && outcome.errors.contains(mine), "\(name): \(outcome.errors)")
            #expect(try String(contentsOfFile: mine, encoding: .utf8) == "my own notes\n")
            outcome = try dkm(small + ["--runs", "1", "--lambda", "1", "--out", directory.file("mine-\(name)")])
            #expect(outcome.status == 64 && !outcome.output.contains("reproducing"))
        }
        outcome = try dkm(small + ["--runs", "1", "--out", directory.file("data/usps/tables"), "--tables-only"])
        #expect(outcome.status == 64 && !FileManager.default.fileExists(atPath: directory.file("data/usps/tables")))
    }

    /// The sample corpus as a CSV file, and as JSON Lines on standard input, cluster end to end
    /// with their labels from a column.
    @Test(.slow) func csvFileAndJSONLinesOnStandardInput() throws {
        let directory = TemporaryDirectory()
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        var csv = "body,topic\n", jsonl = ""
        for topic in try FileManager.default.contentsOfDirectory(atPath: sample).sorted() {
            for name in try FileManager.default.contentsOfDirectory(atPath: sample + "/" + topic).sorted() {
                let text = try String(contentsOfFile: sample + "/" + topic + "/" + name, encoding: .utf8)
                csv += "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"," + topic + "\n"
                let record = try JSONSerialization.data(withJSONObject: ["text": text, "topic": topic])
                jsonl += String(decoding: record, as: UTF8.self) + "\n"
            }
        }
        directory.write("notes.csv", csv)
        var outcome = try dkm([
            "cluster", directory.file("notes.csv"), "--text-column", "body", "--label-column", "topic",
            "--k", "5", "--method", "km", "--quiet",
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("ACC") && outcome.output.contains("cluster 4: "))
        outcome = try dkm(
            ["cluster", "-", "--text-column", "text", "--k", "5", "--method", "km", "--quiet", "--json"],
            input: Data(jsonl.utf8))
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("\"points\" : 120"))
        // A line that is not JSON stops the run, naming standard input and the line.
        outcome = try dkm(["cluster", "-", "--k", "2", "--method", "km", "--quiet"], input: Data((jsonl + "{oops\n").utf8))
        #expect(outcome.status == 65 && outcome.errors.contains("standard input: line 121: not a JSON object"))
    }

    /// --version, a suggestion for a mistyped command, JSON without escaped slashes, and
    /// vectorize's --quiet and --json.
    @Test(.slow) func versionSuggestionsAndReadableJSON() throws {
        var outcome = try dkm(["--version"])
        #expect(outcome.status == 0 && outcome.output.trimmingCharacters(in: .whitespacesAndNewlines) == DKMVersion.current)
        outcome = try dkm(["clustr", "corpora/sample"])
        #expect(outcome.status == 64 && outcome.errors.contains("unknown command 'clustr'; did you mean 'cluster'?"))
        outcome = try dkm(["frobnicate"])
        #expect(outcome.status == 64 && !outcome.errors.contains("did you mean"))
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        outcome = try dkm(["cluster", sample, "--k", "5", "--method", "km", "--quiet", "--json"])
        #expect(outcome.output.contains("\"football/football-") && !outcome.output.contains("\\/"))
        let directory = TemporaryDirectory()
        outcome = try dkm(["vectorize", sample, "--out", directory.file("v"), "--quiet"])
        #expect(outcome.status == 0 && outcome.output.isEmpty && outcome.errors.isEmpty)
        outcome = try dkm(["vectorize", sample, "--out", directory.file("w"), "--json"])
        #expect(outcome.status == 0 && outcome.output.contains("\"documents\" : 120"))
    }

    /// `cluster --sample N` on documents draws N documents before the vocabulary is chosen: the
    /// same run on a folder holding just those documents gives the same features and clusters.
    @Test func documentSampleIsDrawnBeforeVectorizing() throws {
        let directory = TemporaryDirectory()
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        let arguments = ["--k", "3", "--method", "km", "--quiet", "--stop-words", "english"]
        var outcome = try dkm(["cluster", sample, "--sample", "30", "--out", directory.file("sampled")] + arguments)
        #expect(outcome.status == 0, "\(outcome.errors)")
        let rows = try String(contentsOfFile: directory.file("sampled/assignments.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(rows.count == 30)
        for row in rows {
            let id = String(row[0])
            try FileManager.default.createDirectory(
                atPath: directory.file("copy/" + (id as NSString).deletingLastPathComponent),
                withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: sample + "/" + id, toPath: directory.file("copy/" + id))
        }
        outcome = try dkm(["cluster", directory.file("copy"), "--out", directory.file("copied")] + arguments)
        #expect(outcome.status == 0, "\(outcome.errors)")
        let copied = try String(contentsOfFile: directory.file("copied/assignments.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(copied.map { $0[0] } == rows.map { $0[0] } && copied.map { $0[2] } == rows.map { $0[2] })
        // The same vocabulary, idf and centers: the same model.
        let model = { (run: String) in try String(contentsOfFile: directory.file(run + "/model/model.json"), encoding: .utf8) }
        #expect(try model("sampled") == model("copied"))
    }

    /// Without --out a run keeps its results in a new folder named after the input, in the current
    /// directory: the next free name when one is taken, never an existing folder (not even an
    /// empty one or an earlier output), beside the input when the current directory is inside it.
    @Test(.slow) func resultsAreKeptInANewFolderWithoutOut() throws {
        let directory = TemporaryDirectory()
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        let arguments = ["--k", "3", "--method", "km", "--quiet"]
        directory.write("sample-clusters/notes.md", Array("mine".utf8))
        try FileManager.default.createDirectory(atPath: directory.file("sample-clusters-3"), withIntermediateDirectories: false)
        var outcome = try dkm(["cluster", sample] + arguments, in: directory.path)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("written to sample-clusters-2: assignments.csv, clusters.json"), "\(outcome.output)")
        outcome = try dkm(["cluster", sample, "--json"] + arguments, in: directory.path)
        #expect(outcome.status == 0 && outcome.output.hasPrefix("{"), "\(outcome.errors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["sample-clusters", "sample-clusters-2", "sample-clusters-3", "sample-clusters-4"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("sample-clusters")) == ["notes.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("sample-clusters-3")).isEmpty)
        #expect(FileManager.default.fileExists(atPath: directory.file("sample-clusters-4/assignments.csv")))

        // Run from inside the input: the folder goes beside it, the input gains nothing.
        try FileManager.default.copyItem(atPath: sample, toPath: directory.file("docs"))
        let before = try FileManager.default.subpathsOfDirectory(atPath: directory.file("docs")).sorted()
        outcome = try dkm(["cluster", "."] + arguments, in: directory.file("docs"))
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: directory.file("docs")).sorted() == before)
        #expect(FileManager.default.fileExists(atPath: directory.file("docs-clusters/report.html")))

        // --no-out writes nothing; it does not go with --out.
        let empty = TemporaryDirectory()
        outcome = try dkm(["cluster", sample, "--no-out"] + arguments, in: empty.path)
        #expect(outcome.status == 0 && !outcome.output.contains("written to"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
        outcome = try dkm(["cluster", sample, "--no-out", "--out", "x"] + arguments, in: empty.path)
        #expect(outcome.status == 64 && outcome.errors.contains("--out or --no-out"))
        #expect(ResultsFolder.name(for: "/data/news.tar.gz") == "news-clusters")
        #expect(ResultsFolder.name(for: "notes.CSV") == "notes-clusters" && ResultsFolder.name(for: "-") == "stdin-clusters")
        #expect(ResultsFolder.name(for: "/") == "dkm-clusters" && ResultsFolder.name(for: ".csv") == ".csv-clusters")
    }

    /// `dkm assign` places nothing it cannot: an empty file and a note in another language are
    /// unassigned, an on-topic note is placed with its distances to every representative.
    @Test(.slow) func assignReportsUnassignedDocuments() throws {
        let directory = TemporaryDirectory()
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        var outcome = try dkm(["cluster", sample, "--k", "5", "--method", "km", "--quiet", "--out", directory.file("run")])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let empty = directory.write("new/empty.txt", "")
        let german = directory.write("new/german.txt", "Der Garten braucht im Frühling viel Wasser und Geduld.")
        let space = directory.write("new/space.txt", "The rocket launch put the probe in orbit.")
        outcome = try dkm(["assign", "--model", directory.file("run/model"), empty, german, space])
        let lines = outcome.output.split(separator: "\n")
        #expect(outcome.status == 0 && lines.count == 3)
        #expect(lines[0].contains("unassigned") && lines[1].contains("unassigned") && !lines[2].contains("unassigned"))
        outcome = try dkm(["assign", "--model", directory.file("run/model"), empty, space, "--out", directory.file("placed.csv")])
        let csv = try String(contentsOfFile: directory.file("placed.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv[0].hasPrefix("id,status,cluster,distance,weight,terms,cluster_name,distance_0"))
        #expect(csv[1].contains(",unassigned,,,,") && (csv[2].contains(",member,") || csv[2].contains(",outlier,")))
    }

    /// `dkm assign` reads what `dkm cluster` reads: a CSV with its columns, JSON Lines on standard
    /// input, an HTML page (its text, not its script), an archive of a folder, with the same
    /// bounds; the same text lands in the same cluster whichever way it comes.
    @Test(.slow) func assignReadsWhatClusterReads() throws {
        let directory = TemporaryDirectory()
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        var outcome = try dkm(["cluster", sample, "--k", "5", "--method", "km", "--quiet", "--out", directory.file("run")])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let model = directory.file("run/model")
        let space = "The rocket launch put the probe in orbit and the astronauts docked.",
            code = "Compile the code and run the database tests on the server."
        let file = directory.write("space.txt", space)
        func placements(_ outcome: Outcome) -> [(id: String, cluster: String)] {
            outcome.output.split(separator: "\n").map { line in
                let fields = line.split(separator: "\t")
                return (String(fields[0]), String(fields[1]))
            }
        }
        outcome = try dkm(["assign", "--model", model, file])
        let spaceCluster = try #require(placements(outcome).first).cluster
        #expect(outcome.status == 0 && spaceCluster.hasPrefix("cluster "))

        let csv = directory.write("new.csv", "key,body\nn1,\"\(space)\"\nn2,\(code)\n")
        outcome = try dkm(["assign", "--model", model, csv, "--text-column", "body", "--id-column", "key"])
        let fromCSV = placements(outcome)
        #expect(outcome.status == 0 && fromCSV.map(\.id) == ["n1", "n2"], "\(outcome.errors)")
        #expect(fromCSV[0].cluster == spaceCluster && fromCSV[1].cluster != spaceCluster)
        outcome = try dkm(["assign", "--model", model, csv])
        #expect(outcome.status == 65 && outcome.errors.contains("new.csv") && outcome.errors.contains("--text-column"))

        let lines = Data("{\"text\": \"\(space)\"}\n{\"text\": \"\(code)\"}\n".utf8)
        outcome = try dkm(["assign", "--model", model, "-"], input: lines)
        #expect(outcome.status == 0 && placements(outcome).map(\.cluster) == fromCSV.map(\.cluster), "\(outcome.errors)")

        let page = directory.write(
            "page.html",
            "<html><head><title>Launch</title><script>database server code tests</script></head>"
                + "<body><p>\(space)</p></body></html>")
        outcome = try dkm(["assign", "--model", model, page])
        #expect(outcome.status == 0 && placements(outcome).first?.cluster.prefix(9) == spaceCluster.prefix(9))
        #expect(!outcome.output.contains("database") && outcome.output.contains("orbit"))

        directory.write("folder/a/space.txt", space)
        directory.write("folder/b/code.txt", code)
        let archive = directory.file("folder.tar.gz")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-C", directory.file("folder"), "-czf", archive, "."]
        try tar.run()
        tar.waitUntilExit()
        outcome = try dkm(["assign", "--model", model, archive])
        let fromArchive = placements(outcome)
        #expect(outcome.status == 0 && fromArchive.map(\.id) == [archive + "/a/space.txt", archive + "/b/code.txt"], "\(outcome.errors)")
        #expect(fromArchive.map(\.cluster) == fromCSV.map(\.cluster))

        // The same bound as cluster's: a long document is cut, with a warning naming it.
        outcome = try dkm(["assign", "--model", model, file, "--max-document-bytes", "20"])
        #expect(outcome.status == 0 && outcome.errors.contains("space.txt is longer than 20 bytes"))
        #expect(!outcome.output.contains("orbit"))
    }

    /// File names, ids and labels with control characters (a window retitle, a screen clear) are
    /// printed as visible escapes, never as the raw bytes a terminal would obey.
    @Test(.slow) func controlCharactersInNamesAreShownNotObeyed() throws {
        let directory = TemporaryDirectory()
        let sample = CommandLineTests.root.appendingPathComponent("corpora/sample").path
        try FileManager.default.copyItem(atPath: sample, toPath: directory.file("docs"))
        let topic = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.file("docs")).sorted().first)
        try FileManager.default.moveItem(atPath: directory.file("docs/\(topic)"), toPath: directory.file("docs/\u{1B}[2J\(topic)"))
        let named = directory.write("docs/\u{1B}[2J\(topic)/\u{1B}]0;pwned\u{07}.txt", "orbit rocket launch mission space engineers")
        var outcome = try dkm([
            "cluster", directory.file("docs"), "--k", "5", "--method", "km", "--labels", "subfolder",
            "--stop-words", "english", "--out", directory.file("run"),
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(!outcome.output.contains("\u{1B}") && outcome.output.contains("\\u{1B}[2J"))
        outcome = try dkm(["assign", "--model", directory.file("run/model"), named, directory.file("missing\u{1B}[2J.txt")])
        #expect(outcome.status == 65 && !outcome.errors.contains("\u{1B}") && outcome.errors.contains("missing\\u{1B}[2J.txt"))
        outcome = try dkm(["assign", "--model", directory.file("run/model"), named])
        #expect(
            outcome.status == 0 && !outcome.output.contains("\u{1B}") && !outcome.output.contains("\u{07}")
                && outcome.output.contains("\\u{1B}]0;pwned\\u{7}.txt"))
    }
}
