import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// Distributed runs under `mpirun -np N --oversubscribe` on this machine: the checks of
/// `dkm-mpi-check` (each compares the ranks' result with one process's) and the `dkm` commands
/// with `--distributed`, including a rank that dies and a rank that hangs.
@Suite(.enabled(if: Distribution.isAvailable, "built without Open MPI"), .mpi, .serialized)
struct DistributedTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// One `mpirun` job, its output going to files that can be read while it runs.
    final class Job {
        let process = Process()
        let logs = TemporaryDirectory()
        let output: String, errors: String

        init(ranks: Int, _ arguments: [String], environment: [String: String] = TestSupport.isolatedEnvironment) throws {
            output = logs.file("job.out")
            errors = output + ".err"
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            _ = FileManager.default.createFile(atPath: errors, contents: nil)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            var forwarded: [String] = []
            for name in environment.keys.sorted() { forwarded += ["-x", name] }
            process.arguments = ["mpirun", "--oversubscribe", "-np", String(ranks)] + forwarded + arguments
            // Open MPI refuses to start as root unless told (CI containers run as root).
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_rmaps_base_oversubscribe": "1"]
                    .merging(environment) { $1 }
            ) { $1 }
            process.standardOutput = FileHandle(forWritingAtPath: output)
            process.standardError = FileHandle(forWritingAtPath: errors)
            process.currentDirectoryURL = DistributedTests.root
            try process.run()
        }

        var stdout: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "" }

        /// Waits for the job to end; false (and the job killed) if it takes longer than `seconds`.
        func finish(within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { usleep(100_000) }
            guard !process.isRunning else {
                process.terminate()
                process.waitUntilExit()
                return false
            }
            process.waitUntilExit()
            return true
        }

        /// Waits until standard output contains `text`.
        func waitFor(_ text: String, within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !stdout.contains(text) && Date() < deadline && process.isRunning { usleep(100_000) }
            return stdout.contains(text)
        }

        /// The process id a rank printed as "rank R pid P".
        func pid(ofRank rank: Int) -> pid_t? {
            for line in stdout.split(separator: "\n") where line.hasPrefix("rank \(rank) pid ") {
                return pid_t(line.split(separator: " ").last!)
            }
            return nil
        }
    }

    static var check: String { TestSupport.builtProduct("dkm-mpi-check") }
    static var dkm: String { TestSupport.builtProduct("dkm") }

    func run(ranks: Int, _ arguments: [String], within seconds: Double = 300) throws -> Job {
        let job = try Job(ranks: ranks, arguments)
        #expect(job.finish(within: seconds), "mpirun \(arguments.joined(separator: " ")) did not end within \(seconds) s")
        #expect(job.process.terminationStatus == 0, "\(job.stdout)\n\(job.stderr)")
        return job
    }

    @Test func vocabularyAndIdfEqualOneProcessExactly() throws {
        for selection in ["count", "df", "tfidf"] {
            let job = try run(ranks: 2, [Self.check, "vocabulary", "corpora/sample", selection])
            #expect(job.stdout.contains("\(selection) vocabulary:"))
        }
        // Three ranks: shards of 40 documents.
        #expect(try run(ranks: 3, [Self.check, "vocabulary", "corpora/sample", "count"]).stdout.contains("vocabulary"))
    }

    @Test func vectorizeWritesTheSameFilesOnTwoRanks() throws {
        let directory = TemporaryDirectory()
        let arguments = ["vectorize", "corpora/sample", "--stop-words", "english", "--vocab-size", "500"]
        _ = try run(ranks: 1, [Self.dkm] + arguments + ["--out", directory.file("one")])
        _ = try run(ranks: 2, [Self.dkm] + arguments + ["--out", directory.file("two"), "--distributed"])
        for file in ["matrix.mtx", "vocabulary.txt", "idf.txt", "labels.txt", "documents.txt"] {
            let one = FileManager.default.contents(atPath: directory.file("one/\(file)"))
            #expect(one != nil && one == FileManager.default.contents(atPath: directory.file("two/\(file)")), "\(file) differs")
        }
    }

    @Test func evaluateOnTwoRanksScoresLikeOneProcess() throws {
        // A small data set in the USPS files' format: "label v1 ... v256", values in [-1, 1].
        let directory = TemporaryDirectory()
        var random = RandomGenerator(seed: 4)
        for (name, count) in [("zip.train", 300), ("zip.test", 101)] {
            let lines = (0..<count).map { _ -> String in
                let label = random.index(below: 10)
                let pixels = (0..<256).map { p in
                    String(format: "%.4f", max(-1, min(1, Float((p * (label + 1)) % 7) / 3 - 1 + random.uniform(-0.3, 0.3))))
                }
                return "\(label) " + pixels.joined(separator: " ")
            }
            directory.write(name, lines.joined(separator: "\n") + "\n")
        }
        let arguments = [
            Self.dkm, "evaluate", "--dataset", "usps", "--data", directory.path, "--method", "ae-km",
            "--pretrain-epochs", "3", "--hidden", "32,16", "--kmeans-restarts", "2", "--quiet",
        ]
        func scores(_ job: Job) -> String? {
            job.stdout.split(separator: "\n").first { $0.hasPrefix("seed 8905:") }
                .map { String($0.prefix { $0 != "(" }) }
        }
        let one = try run(ranks: 1, arguments)
        let two = try run(ranks: 2, arguments + ["--distributed"])
        #expect(scores(one) != nil && scores(one) == scores(two), "\(one.stdout)\n\(two.stdout)")
    }

    @Test func aCorpusWithoutVocabularyStopsEveryRankWithRankZerosMessageAndCode() throws {
        let directory = TemporaryDirectory()
        directory.write("corpus/a.txt", "the and\n")
        directory.write("corpus/b.txt", "of to\n")
        let job = try Job(
            ranks: 2,
            [
                Self.dkm, "vectorize", directory.file("corpus"), "--stop-words", "english",
                "--out", directory.file("out"), "--distributed",
            ])
        #expect(job.finish(within: 60))
        #expect(job.process.terminationStatus == 65, "\(job.stderr)")
        #expect(job.stderr.components(separatedBy: "dkm: error:").count == 2, "one message: \(job.stderr)")
        #expect(job.stderr.contains("rank 0: no term is left"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("out")))
    }

    @Test func kMeansInertiaEqualsOneProcess() throws {
        for ranks in [2, 3] {
            #expect(try run(ranks: ranks, [Self.check, "kmeans"]).stdout.contains("k-means inertia: \(ranks) ranks"))
        }
    }

    @Test func twoRanksTrainLikeOneProcessWithTheSameGlobalBatch() throws {
        let job = try run(ranks: 2, [Self.check, "training"])
        #expect(job.stdout.contains("final assignments: 997 of 997 the same"))
    }

    @Test func everyDeepMethodTrainsOnThreeRanksLikeOneProcess() throws {
        let job = try run(ranks: 3, [Self.check, "methods"])
        for method in ["dcn-p", "dcn-np", "idec-p", "idec-np", "dkm-p"] {
            #expect(job.stdout.contains("\(method): representatives within"), "\(job.stdout)\n\(job.stderr)")
        }
    }

    /// DCN's clusters and counts and IDEC's labels and target travel in the checkpoint over every
    /// rank's points, so a run stopped on two ranks continues on three.
    @Test(arguments: ["dcn-p", "idec-np"])
    func dcnAndIDECResumeOnAnotherNumberOfRanks(method: String) throws {
        let directory = TemporaryDirectory()
        let checkpoint = directory.file("\(method).checkpoint")
        #expect(try run(ranks: 2, [Self.check, "resume", method, checkpoint]).stdout.contains("interrupted on 2 ranks"))
        #expect(try run(ranks: 3, [Self.check, "resume", method, checkpoint]).stdout.contains("\(method) resumed on 3 ranks"))
    }

    @Test func clusterOnTwoRanksAssignsLikeOneProcessAndResumesOnOtherRankCounts() throws {
        let directory = TemporaryDirectory()
        let arguments = [
            "cluster", "corpora/sample", "--k", "5", "--stop-words", "english", "--method", "dkm-p", "--pretrain-epochs", "60",
            "--epochs", "20", "--hidden", "64,32", "--quiet", "--checkpoint-seconds", "0",
        ]
        func clusters(_ folder: String) throws -> [Substring] {
            let lines = try String(contentsOfFile: directory.file("\(folder)/assignments.csv"), encoding: .utf8).split(separator: "\n")
            let column = try #require(lines.first?.split(separator: ",").firstIndex(of: "cluster"))
            return lines.dropFirst().map { $0.split(separator: ",")[column] }
        }
        _ = try run(ranks: 1, [Self.dkm] + arguments + ["--out", directory.file("one")])
        _ = try run(ranks: 2, [Self.dkm] + arguments + ["--out", directory.file("two"), "--distributed"])
        #expect(try clusters("one") == clusters("two"))

        // Kill rank 1 once a checkpoint exists, then resume on one rank and on three.
        let checkpoint = directory.file("run.checkpoint")
        let job = try Job(
            ranks: 2,
            [Self.dkm] + arguments
                + ["--out", directory.file("killed"), "--distributed", "--checkpoint", checkpoint])
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: checkpoint) && Date() < deadline && job.process.isRunning { usleep(50_000) }
        try #require(FileManager.default.fileExists(atPath: checkpoint), "no checkpoint was written: \(job.stderr)")
        let ranks = try String(
            contentsOfFile: "/proc/\(job.process.processIdentifier)/task/\(job.process.processIdentifier)/children",
            encoding: .utf8
        ).split(separator: " ").compactMap { pid_t($0) }
        if let last = ranks.last { kill(last, SIGKILL) }
        #expect(job.finish(within: 60), "the job did not end after a rank was killed")
        #expect(job.process.terminationStatus != 0)
        for ranks in [1, 3] {
            let copy = directory.file("resume-\(ranks).checkpoint")
            try FileManager.default.copyItem(atPath: checkpoint, toPath: copy)
            let resumed = try run(
                ranks: ranks,
                [Self.dkm] + arguments + [
                    "--out", directory.file("resumed-\(ranks)"), "--distributed",
                    "--checkpoint", copy, "--resume",
                ])
            #expect(resumed.stdout.contains("written to"))
            // Float sums in another order: the same clusters for (nearly) every document.
            let same = try zip(clusters("resumed-\(ranks)"), clusters("one")).filter { $0 == $1 }.count
            #expect(same >= 114, "resumed on \(ranks) rank(s): \(same) of 120 documents in the same cluster")
        }
    }

    @Test func aKilledRankEndsTheJobInsteadOfHanging() throws {
        let job = try Job(ranks: 2, [Self.check, "train-until-killed"])
        try #require(job.waitFor("rank 1 pid", within: 60) && job.waitFor("rank 0 pid", within: 10), "\(job.stderr)")
        usleep(500_000)
        kill(try #require(job.pid(ofRank: 1)), SIGKILL)
        #expect(job.finish(within: 60), "the job hung after rank 1 was killed")
        #expect(job.process.terminationStatus != 0)
        #expect(job.stderr.contains("rank 1") || job.stderr.contains("waiting for the other ranks"), "\(job.stderr)")
    }

    @Test func aHungRankTimesOutWithAMessage() throws {
        let job = try Job(
            ranks: 2, [Self.check, "train-until-killed"],
            environment: TestSupport.isolatedEnvironment.merging(["DKM_MPI_TIMEOUT": "5"]) { $1 })
        try #require(job.waitFor("rank 1 pid", within: 60) && job.waitFor("rank 0 pid", within: 10), "\(job.stderr)")
        usleep(500_000)
        let hung = try #require(job.pid(ofRank: 1))
        kill(hung, SIGSTOP)
        defer { kill(hung, SIGKILL) }
        #expect(job.finish(within: 60), "the job hung after rank 1 stopped")
        #expect(job.process.terminationStatus != 0)
        #expect(job.stderr.contains("did not complete within 5 s"), "\(job.stderr)")
    }
}
