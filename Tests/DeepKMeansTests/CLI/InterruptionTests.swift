import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// SIGINT and SIGTERM stop any run within moments, leaving no partial output; with a
/// checkpoint the run saves first and exits 75.
@Suite(.serialized) struct InterruptionTests {
    /// Starts dkm, sends `signal` once it has run `after` seconds and, when `line` is given, once
    /// its progress on stderr has shown a line starting with it; returns its exit status, how
    /// long it took to stop and its stderr.
    func interrupt(
        _ arguments: [String], with signal: Int32, after: Double, line: String? = nil
    ) throws
        -> (status: Int32, seconds: Double, errors: String)
    {
        let binary = TestSupport.builtProduct("dkm")
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build dkm first (swift build)")
        let process = TestSupport.dkmProcess(arguments)
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: after)
        var errors = Data()
        if let line {
            // A loaded machine can take longer than `after` to reach the phase the test is about.
            let deadline = Date().addingTimeInterval(120)
            while !String(decoding: errors, as: UTF8.self).split(separator: "\n").contains(where: { $0.hasPrefix(line) }),
                Date() < deadline
            {
                let chunk = err.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                errors.append(chunk)
            }
        }
        #expect(process.isRunning, "dkm finished before the signal; make the run longer")
        let sent = Date()
        kill(process.processIdentifier, signal)
        errors.append(err.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        return (process.terminationStatus, Date().timeIntervalSince(sent), String(decoding: errors, as: UTF8.self))
    }

    var sample: String { CommandLineTests.root.appendingPathComponent("corpora/sample").path }

    @Test(.slow) func kMeansStopsOnSIGINTWithoutOutput() throws {
        let directory = TemporaryDirectory()
        let out = directory.file("run")
        let result = try interrupt(
            [
                "cluster", sample, "--k", "5", "--method", "km", "--kmeans-restarts", "1000000",
                "--quiet", "--out", out,
            ], with: SIGINT, after: 2)
        #expect(result.status == 130, "\(result.errors)")
        #expect(result.seconds < 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test(.slow) func trainingStopsOnSIGTERMWithoutOutput() throws {
        let directory = TemporaryDirectory()
        let out = directory.file("run")
        let result = try interrupt(
            ["cluster", sample, "--k", "5", "--method", "dkm-p", "--pretrain-epochs", "100000", "--quiet", "--out", out],
            with: SIGTERM, after: 2)
        #expect(result.status == 143, "\(result.errors)")
        #expect(result.seconds < 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// SIGINT, and SIGHUP (a closed terminal or a dropped ssh session) alike.
    @Test(.slow, arguments: [SIGINT, SIGHUP])
    func withACheckpointTheRunSavesAndExits75(signal: Int32) throws {
        let directory = TemporaryDirectory()
        let checkpoint = directory.file("run.checkpoint")
        let result = try interrupt(
            [
                "cluster", sample, "--k", "5", "--method", "dkm-p", "--pretrain-epochs", "100000",
                "--checkpoint", checkpoint, "--out", directory.file("run"),
            ], with: signal, after: 0, line: "pretrain [")
        #expect(result.status == 75, "\(result.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["run.checkpoint"])
        // A rerun without --resume refuses to replace the saved state.
        let saved = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        let rerun = try CommandLineTests().dkm([
            "cluster", sample, "--k", "5", "--method", "dkm-p", "--pretrain-epochs", "2",
            "--quiet", "--no-out", "--checkpoint", checkpoint,
        ])
        #expect(rerun.status == 64 && rerun.errors.contains("holds the checkpoint of an earlier run; add --resume"), "\(rerun.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: checkpoint)) == saved)
    }

    /// Only dkm's watcher thread may take SIGINT, SIGTERM and SIGHUP: one delivered to a
    /// compute thread inside a oneDNN kernel corrupted the heap (1 early SIGINT in 25 aborted).
    @Test(.slow) func onlyTheWatcherThreadTakesSignalsWhileTraining() throws {
        let directory = TemporaryDirectory()
        let process = TestSupport.dkmProcess([
            "cluster", sample, "--k", "5", "--method", "dkm-p", "--pretrain-epochs", "100000", "--no-out",
            "--checkpoint", directory.file("run.checkpoint"),
        ])
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        var errors = "", deadline = Date().addingTimeInterval(120)
        while !errors.contains("pretrain ["), Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            errors += String(decoding: chunk, as: UTF8.self)
        }
        let tasks = "/proc/\(process.processIdentifier)/task"
        var watchers = 0, others = 0
        for task in try FileManager.default.contentsOfDirectory(atPath: tasks) {
            let name = try String(contentsOfFile: "\(tasks)/\(task)/comm", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            if name == Interruption.watcherName { watchers += 1; continue }
            let status = try String(contentsOfFile: "\(tasks)/\(task)/status", encoding: .utf8)
            let line = status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") } ?? ""
            let blocked = UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
            for signal in [SIGINT, SIGTERM, SIGHUP] {
                #expect(blocked & (1 << UInt64(signal - 1)) != 0, "thread \(task) (\(name)) can take signal \(signal)")
            }
            others += 1
        }
        #expect(watchers == 1 && others >= 1)
        kill(process.processIdentifier, SIGINT)
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 75)
    }

    /// Two runs never write one checkpoint: the second is refused while the first holds it.
    @Test func aCheckpointInUseIsRefused() throws {
        let directory = TemporaryDirectory()
        let checkpoint = directory.file("run.checkpoint")
        let arguments = ["cluster", sample, "--k", "5", "--method", "dkm-p", "--quiet", "--no-out", "--checkpoint", checkpoint]
        let first = Process()
        first.executableURL = URL(fileURLWithPath: TestSupport.builtProduct("dkm"))
        first.arguments = arguments + ["--pretrain-epochs", "100000"]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        defer { first.terminate(); first.waitUntilExit() }
        let lock = directory.file(".run.checkpoint.dkm-lock"), deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: lock), Date() < deadline { usleep(20_000) }
        let second = try CommandLineTests().dkm(arguments + ["--pretrain-epochs", "2", "--resume"])
        #expect(second.status == 64 && second.errors.contains("another dkm process is writing"), "\(second.errors)")
    }
}
