import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// Runs touching the process-wide interruption flag, one at a time.
@Suite(.serialized) struct CheckpointTests {
    func settings() -> DeepKMeansSettings { TestSupport.smallSettings(clusters: 3, pretrainEpochs: 6, epochs: 6) }

    /// The runs resumed below: every deep method, DKMp with the recommended preset's early
    /// stop and reseeding, whose state carries over from epoch to epoch, and DKMp whose
    /// pretraining ends on a loss plateau (interrupted before it), and the tests' own k-medians
    /// (a method from outside the library, whose clusters are its state).
    static let resumedCases = [
        "dkm-p", "dkm-a", "dkm-p settling", "dkm-p plateau", "dcn-p", "dcn-np", "idec-p", "idec-np",
        "k-medians",
    ]

    /// Interrupt (as SIGINT would) in pretraining and again in fine-tuning, resume each time,
    /// and end exactly where an uninterrupted run ends.
    @Test(arguments: resumedCases)
    func interruptedRunsResumeToTheSameResult(name: String) throws {
        let directory = TemporaryDirectory()
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 8, spread: 1, seed: 2)
        KMediansMethod.registered()
        let method = try #require(ClusteringMethod(rawValue: String(name.prefix { $0 != " " })))
        var settings = TestSupport.smallSettings(method, clusters: 3, pretrainEpochs: 6, epochs: 6)
        if method == .dkmAnnealed { settings.pretrainEpochs = 0; settings.alphaSchedule = .annealing(count: 4, epochsPerValue: 2) }
        if name.hasSuffix("settling") {
            settings.stopsWhenSettled = true
            settings.reseedsEmptyClusters = true
            settings.alphaSchedule = .constant(1000, epochs: 30)
        }
        if name.hasSuffix("plateau") {
            settings.pretrainEpochs = 60
            settings.pretrainingPlateau = LossPlateau(window: 2, minimumImprovement: 0.02)
        }
        // IDEC refreshes its target every 4 batches of the 6 in an epoch: the target kept in the
        // checkpoint is older than the epoch's end.
        settings.targetInterval = 4
        let fineTuning: TrainingPhase =
            switch method {
            case .dcnPretrained, .dcnNonPretrained: .dcn
            case .idecPretrained, .idecNonPretrained: .idec
            case .dkmAnnealed: .anneal
            default: .fineTune
            }
        let plain = try method.run(on: .dense(points), settings: settings, seed: 3)
        let path = directory.file("run.checkpoint")
        var stops: [TrainingPhase: Double] = [fineTuning: fineTuning == .anneal ? 5.0 : 2.0]
        if method.usesPretraining { stops[.pretrain] = 3.0 }
        var interruptions = 0
        var result: ClusteringRun?
        while result == nil {
            #expect(interruptions < 3)
            do {
                result = try method.run(
                    on: .dense(points), settings: settings, seed: 3,
                    checkpointing: Checkpointing(path: path, interval: 3600, resume: true)
                ) { progress in
                    if let at = stops[progress.phase], progress.completed >= at - 0.5 {
                        stops[progress.phase] = nil
                        Interruption.requested = 1
                    }
                }
            } catch ClusteringError.interrupted(let checkpoint) {
                Interruption.requested = 0
                interruptions += 1
                #expect(checkpoint == path && FileManager.default.fileExists(atPath: path))
            }
        }
        // Interrupted in every phase (IDEC may settle before its second epoch).
        #expect(stops.isEmpty || method == .idecPretrained || method == .idecNonPretrained)
        #expect(interruptions >= 1)
        #expect(result!.assignment.clusters == plain.assignment.clusters)
        #expect(result!.representatives == plain.representatives)
        #expect(result!.history == plain.history)
        #expect(result!.pretrainedClusters == plain.pretrainedClusters)
        // The resumed run knows the time its earlier processes trained; the plain run had none.
        #expect(result!.secondsBeforeResume > 0 && plain.secondsBeforeResume == 0)
        #expect(!FileManager.default.fileExists(atPath: path))  // removed once the run is done
        if name.hasSuffix("settling") { #expect(plain.history.count < 6 + 30, "the early stop was not exercised") }
        if name.hasSuffix("plateau") {
            let pretraining = plain.history.filter { $0.phase == .pretrain }.count
            #expect(pretraining > 3 && pretraining < 60, "the plateau was not exercised: \(pretraining) epochs")
        }
    }

    /// With a pretraining cache that does not hold this pretraining yet, pretraining is still
    /// checkpointed: interrupted in pretraining, the run resumes from its checkpoint, then
    /// caches the pretrained state, which a later run restores to the same end result.
    @Test func pretrainingIsCheckpointedUntilItIsCached() throws {
        let directory = TemporaryDirectory()
        let cache = directory.file("cache")
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 8, spread: 1, seed: 2)
        let plain = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings(), seed: 3)
        let path = directory.file("run.checkpoint")
        var interrupted = false
        do {
            _ = try ClusteringMethod.dkmPretrained.run(
                on: .dense(points), settings: settings(), seed: 3, pretrainingCache: cache,
                checkpointing: Checkpointing(path: path, interval: 3600, resume: true)
            ) { progress in
                if progress.phase == .pretrain, progress.completed >= 2.5, !interrupted {
                    interrupted = true
                    Interruption.requested = 1
                }
            }
        } catch ClusteringError.interrupted {
            Interruption.requested = 0
        }
        #expect(interrupted && FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).isEmpty)
        let resumed = try ClusteringMethod.dkmPretrained.run(
            on: .dense(points), settings: settings(), seed: 3, pretrainingCache: cache,
            checkpointing: Checkpointing(path: path, interval: 3600, resume: true))
        #expect(resumed.assignment.clusters == plain.assignment.clusters && resumed.representatives == plain.representatives)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).count == 1)
        var phases: Set<TrainingPhase> = []
        let fromCache = try ClusteringMethod.dkmPretrained.run(
            on: .dense(points), settings: settings(), seed: 3,
            pretrainingCache: cache
        ) { phases.insert($0.phase) }
        #expect(phases.contains(.cachedPretraining) && !phases.contains(.pretrain))
        #expect(fromCache.assignment.clusters == plain.assignment.clusters && fromCache.representatives == plain.representatives)
    }

    @Test func checkpointOfOtherSettingsIsRefused() throws {
        let directory = TemporaryDirectory()
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 8, spread: 1, seed: 2)
        let path = directory.file("run.checkpoint")
        var stopped = false
        do {
            _ = try ClusteringMethod.dkmPretrained.run(
                on: .dense(points), settings: settings(), seed: 3,
                checkpointing: Checkpointing(path: path, interval: 3600)
            ) { _ in
                if !stopped { stopped = true; Interruption.requested = 1 }
            }
        } catch ClusteringError.interrupted {
            Interruption.requested = 0
        }
        var other = settings()
        other.lambda = 0.5
        #expect(throws: DataFileError.self) {
            try ClusteringMethod.dkmPretrained.run(
                on: .dense(points), settings: other, seed: 3,
                checkpointing: Checkpointing(path: path, interval: 3600, resume: true))
        }
    }

    /// The real thing: the dkm process is killed with SIGKILL after a checkpoint, then resumed.
    @Test(.slow) func killedProcessResumesToIdenticalAssignments() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let binary = TestSupport.builtProduct("dkm")
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build dkm first (swift build)")
        let directory = TemporaryDirectory()
        let common = [
            "cluster", root.appendingPathComponent("corpora/sample").path, "--k", "5", "--quiet", "--method", "dkm-p",
            "--hidden", "64", "--pretrain-epochs", "40", "--epochs", "40", "--batch-size", "16",
        ]
        func run(_ extra: [String], killAfterCheckpoint: String? = nil) throws -> Int32 {
            let process = TestSupport.dkmProcess(common + extra)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if let checkpoint = killAfterCheckpoint {
                let deadline = Date().addingTimeInterval(120)
                while !FileManager.default.fileExists(atPath: checkpoint) && process.isRunning && Date() < deadline {
                    usleep(20_000)
                }
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try run(["--out", directory.file("plain")]) == 0)
        let checkpoint = directory.file("state.checkpoint")
        _ = try run(
            ["--out", directory.file("killed"), "--checkpoint", checkpoint, "--checkpoint-seconds", "0"],
            killAfterCheckpoint: checkpoint)
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        #expect(!FileManager.default.fileExists(atPath: directory.file("killed/assignments.csv")))
        #expect(try run(["--out", directory.file("resumed"), "--checkpoint", checkpoint, "--resume"]) == 0)
        let plain = try String(contentsOfFile: directory.file("plain/assignments.csv"), encoding: .utf8)
        let resumed = try String(contentsOfFile: directory.file("resumed/assignments.csv"), encoding: .utf8)
        #expect(plain == resumed)
    }
}
