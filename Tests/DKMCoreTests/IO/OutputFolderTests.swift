@testable import DKMClustering
@testable import DKMCore
@testable import DKMData
@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// dkm never deletes or replaces what it did not create (each case lost a user's data before).
@Suite struct OutputFolderTests {
    func writeSomething(_ folder: OutputFolder) throws {
        try folder.write { staging in try AtomicFile.write("new", to: (staging as NSString).appendingPathComponent("clusters.json")) }
    }

    @Test func anEmptyPathIsRefused() {
        #expect(throws: OutputError.emptyPath) { try OutputFolder("", force: true) }
        #expect(throws: OutputError.emptyPath) { try AtomicFile.write("x", to: "") }
    }

    @Test func aFileAtTheOutputPathIsKept() throws {
        let directory = TemporaryDirectory()
        let file = directory.write("usps.csv", "the user's data")
        #expect(throws: OutputError.notAFolder(file)) { try OutputFolder(file, force: true) }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "the user's data")
    }

    @Test func aFolderDkmDidNotWriteIsNeverReplacedEvenWithForce() throws {
        let directory = TemporaryDirectory()
        let keep = directory.write("mine/keep.txt", "keep")
        let target = directory.file("mine")
        #expect(throws: OutputError.notDkmOutput(target)) { try OutputFolder(target, force: true) }
        #expect(FileManager.default.fileExists(atPath: keep))
    }

    @Test func anEarlierOutputIsReplacedOnlyWithForce() throws {
        let directory = TemporaryDirectory()
        let target = directory.file("run")
        try writeSomething(OutputFolder(target, force: false))
        #expect(FileManager.default.fileExists(atPath: (target as NSString).appendingPathComponent(OutputFolder.markerName)))
        #expect(throws: OutputError.notEmpty(target)) { try OutputFolder(target, force: false) }
        try writeSomething(OutputFolder(target, force: true))
        // Nothing is left beside it: no lock, staging or old folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["run"])
    }

    /// `--force` replaces what dkm wrote and nothing a user added since: a note beside the
    /// outputs, or inside one of dkm's folders, stops it before anything is written; an edited
    /// dkm file is dkm's to replace. A marker of an older dkm (no list) stands for its outputs.
    @Test func forceNeverDeletesWhatAUserAdded() throws {
        let directory = TemporaryDirectory()
        let target = directory.file("run")
        try OutputFolder(target, force: false).write { staging in
            try AtomicFile.write("{}", to: (staging as NSString).appendingPathComponent("clusters.json"))
            try FileManager.default.createDirectory(
                atPath: (staging as NSString).appendingPathComponent("model"), withIntermediateDirectories: false)
            try AtomicFile.write("w", to: (staging as NSString).appendingPathComponent("model/weights.safetensors"))
        }
        let marker = try String(contentsOfFile: directory.file("run/\(OutputFolder.markerName)"), encoding: .utf8)
        #expect(marker.hasSuffix("\nclusters.json\nmodel/\nmodel/weights.safetensors\n"))
        for added in ["notes.md", "model/mine.txt", "drafts/"] {
            if added.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: directory.file("run/" + added), withIntermediateDirectories: false)
            } else {
                directory.write("run/" + added, "mine")
            }
            #expect(throws: OutputError.holdsOtherFiles(target, [added])) { try OutputFolder(target, force: true) }
            try FileManager.default.removeItem(atPath: directory.file("run/" + added))
        }
        directory.write("run/clusters.json", "edited by hand")
        try writeSomething(OutputFolder(target, force: true))
        #expect(try String(contentsOfFile: directory.file("run/clusters.json"), encoding: .utf8) == "new")

        let older = directory.file("older")
        directory.write("older/\(OutputFolder.markerName)", "written by dkm; `--force` may replace this folder\n")
        directory.write("older/report.html", "<html/>")
        directory.write("older/model/model.json", "{}")
        try writeSomething(OutputFolder(older, force: true))
        directory.write("older/notes.md", "mine")
        #expect(throws: OutputError.holdsOtherFiles(older, ["notes.md"])) { try OutputFolder(older, force: true) }
    }

    /// An empty mount point as the output (a tmpfs, a USB stick) cannot take the final rename:
    /// it is refused with the reason at the start, not after the work. The full case runs where
    /// the tests may mount a tmpfs (as root); the check itself runs everywhere.
    @Test func aMountPointIsRefusedAtTheStart() throws {
        let directory = TemporaryDirectory()
        #expect(OutputPath.isMountPoint("/proc") && !OutputPath.isMountPoint(directory.path))
        let target = directory.file("mounted")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        func run(_ tool: String, _ arguments: [String]) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return -1 }
            process.waitUntilExit()
            return process.terminationStatus
        }
        guard run("/bin/mount", ["-t", "tmpfs", "tmpfs", target]) == 0 else { return }
        defer { _ = run("/bin/umount", [target]) }
        let error = #expect(throws: OutputError.self) { try OutputFolder(target, force: false) }
        #expect(error.map { "\($0)".contains("mount point") } == true)
    }

    @Test func anEmptyFolderIsUsed() throws {
        let directory = TemporaryDirectory()
        let target = directory.file("empty")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try writeSomething(OutputFolder(target, force: false))
        #expect(FileManager.default.fileExists(atPath: (target as NSString).appendingPathComponent("clusters.json")))
    }

    @Test func twoWritersOfOneFolderDoNotRace() throws {
        let directory = TemporaryDirectory()
        let target = directory.file("run")
        let first = try OutputFolder(target, force: false)
        #expect(throws: OutputError.busy(target)) { try OutputFolder(target, force: true) }
        try writeSomething(first)
        // Released once written; a second run then needs --force, as for any earlier output.
        #expect(throws: OutputError.notEmpty(target)) { try OutputFolder(target, force: false) }
        _ = try OutputFolder(target, force: true)
    }

    @Test func somethingAppearingDuringTheRunIsNotReplaced() throws {
        let directory = TemporaryDirectory()
        let target = directory.file("run")
        let folder = try OutputFolder(target, force: true)
        directory.write("run/theirs.txt", "written meanwhile")
        #expect(throws: OutputError.notDkmOutput(target)) { try writeSomething(folder) }
        #expect(FileManager.default.fileExists(atPath: directory.file("run/theirs.txt")))
    }

    @Test func theInputIsNeverAnOutput() throws {
        let directory = TemporaryDirectory()
        directory.write("corpus/a.txt", "text")
        let corpus = directory.file("corpus")
        for out in [corpus, corpus + "/", directory.path, directory.file("corpus/out"), directory.file("corpus/deeper/out")] {
            #expect(throws: OutputError.overlapsInput(output: out, input: corpus)) { try OutputFolder(out, force: true, inputs: [corpus]) }
        }
        // Through a symbolic link to the input, too.
        try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: corpus)
        #expect(throws: OutputError.self) { try OutputFolder(directory.file("link"), force: true, inputs: [corpus]) }
        _ = try OutputFolder(directory.file("elsewhere"), force: false, inputs: [corpus])
        #expect(FileManager.default.fileExists(atPath: directory.file("corpus/a.txt")))
    }

    /// The parent folders an output's check created are removed again when nothing is written
    /// (a failed run leaves nothing), and kept once the output is written.
    @Test func aRunThatWritesNothingLeavesNoParentFolders() throws {
        let directory = TemporaryDirectory()
        do {
            let folder = try OutputFolder(directory.file("a/b/run"), force: false)
            #expect(FileManager.default.fileExists(atPath: directory.file("a/b")))
            _ = folder
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        // A parent that gained a file meanwhile is not the run's to remove.
        do {
            let folder = try OutputFolder(directory.file("c/run"), force: false)
            directory.write("c/mine.txt", "mine")
            _ = folder
        }
        #expect(FileManager.default.fileExists(atPath: directory.file("c/mine.txt")))
        try OutputFolder(directory.file("d/e/run"), force: false).write {
            try "x".write(toFile: $0 + "/x.txt", atomically: false, encoding: .utf8)
        }
        #expect(FileManager.default.fileExists(atPath: directory.file("d/e/run/x.txt")))
    }

    @Test func outputFilesReplaceOnlyEarlierDkmFiles() throws {
        let directory = TemporaryDirectory()
        let theirs = directory.write("placements.csv", "name,notes\n")
        let file = OutputFile(theirs, headerLine: PlacementCSV.header)
        #expect(throws: OutputError.notDkmFile(theirs)) { try file.write("id,cluster,distance,weight,terms\n") }
        #expect(try String(contentsOfFile: theirs, encoding: .utf8) == "name,notes\n")
        let ours = directory.file("ours.csv")
        try OutputFile(ours, headerLine: PlacementCSV.header).write(PlacementCSV.render([]))
        try OutputFile(ours, headerLine: PlacementCSV.header).write(PlacementCSV.render([]))
    }

    /// `assign --out` recognizes its own earlier file, distance columns and all (the header
    /// alone was compared, so a file with K distance columns could never be replaced).
    @Test func placementFilesAreRecognizedWithTheirDistanceColumns() throws {
        let header = PlacementCSV.header
        // Files written before the cluster_name column are still recognized as this kind.
        for ours in [
            header + "\n", header + ",distance_0\n", header + ",distance_0,distance_1,distance_2\na,member,0\n",
            "id,status,cluster,distance,weight,terms,distance_0\n",
        ] {
            #expect(PlacementCSV.recognizes(Array(ours.utf8)), "\(ours)")
        }
        for theirs in [
            header, header + ",notes\n", header + ",distance_1\n", header + ",distance_0,\n", "id,status\n",
            header + "x\n",
        ] {
            #expect(!PlacementCSV.recognizes(Array(theirs.utf8)), "\(theirs)")
        }
        let directory = TemporaryDirectory()
        let earlier = directory.write("placements.csv", header + ",distance_0,distance_1\nnote.txt,member,1,0.2,0.9,orbit,0.5,0.2\n")
        try OutputFile(earlier, recognizes: PlacementCSV.recognizes).write(PlacementCSV.render([]))
        #expect(try String(contentsOfFile: earlier, encoding: .utf8) == header + "\n")
    }

    @Test func staleTemporariesOfDeadProcessesAreRemoved() throws {
        let directory = TemporaryDirectory()
        // A process that has ended: its pid is free (until reused, which takes far longer).
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier, alive = getppid()
        let stale = directory.write(".run.ckpt.\(dead).tmp", "42 MB of an interrupted write")
        let live = directory.write(".run.ckpt.\(alive).tmp", "another process is writing")
        let unrelated = directory.write(".run.ckpt.notes", "not ours")
        try AtomicFile.write("state", to: directory.file("run.ckpt"))
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: unrelated))
    }

}
