@testable import DKMClustering
@testable import DKMCore
@testable import DKMData
@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// Every read is bounded and only regular files are read, so nothing exhausts memory or blocks.
@Suite struct BoundedReadTests {
    @Test func devicesAndPipesAreRefusedWithoutReading() throws {
        let directory = TemporaryDirectory()
        #expect(throws: DataFileError(file: "/dev/zero", .notRegular("a character device"))) { try FileBytes.read("/dev/zero") }
        #expect(throws: DataFileError.self) { try StopWords.load("/dev/zero") }
        let fifo = directory.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO with no writer would block forever; it is refused at once instead.
        #expect(throws: DataFileError(file: fifo, .notRegular("a named pipe (FIFO)"))) { try FileBytes.read(fifo) }
    }

    @Test func aFolderSkipsDevicesPipesAndLinksToThemWithAWarning() throws {
        let directory = TemporaryDirectory()
        directory.write("corpus/a.txt", "alpha beta")
        try FileManager.default.createSymbolicLink(atPath: directory.file("corpus/zero.txt"), withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: directory.file("corpus/random.txt"), withDestinationPath: "/dev/urandom")
        #expect(mkfifo(directory.file("corpus/pipe.txt"), 0o600) == 0)
        var skipped: [String] = []
        var documents: [String] = []
        try FolderReader(root: directory.file("corpus"), onSkip: { skipped.append($0.id) }).forEachDocument { documents.append($0.id) }
        #expect(documents == ["a.txt"])
        #expect(skipped.sorted() == ["pipe.txt", "random.txt", "zero.txt"])
    }

    @Test func aNewsgroupsTreeSkipsAPipeAmongItsMessages() throws {
        let directory = TemporaryDirectory()
        directory.write("ng/comp.graphics/1", "Subject: pixels\n\nrendering and shading")
        directory.write("ng/sci.space/2", "Subject: orbit\n\nthe launch window")
        #expect(mkfifo(directory.file("ng/sci.space/3"), 0o600) == 0)
        var skipped: [String] = []
        var reader = NewsgroupsReader(root: directory.file("ng"))
        reader.onSkip = { skipped.append($0.id) }
        var documents: [String] = []
        try reader.forEachDocument { documents.append($0.id) }
        #expect(documents == ["comp.graphics/1", "sci.space/2"])
        #expect(skipped == ["sci.space/3"])
    }

    @Test func aHugeFileIsReadOnlyUpToTheLimit() throws {
        let directory = TemporaryDirectory()
        let huge = directory.file("corpus/x.log")
        directory.write("corpus/x.log", "start ")
        #expect(truncate(huge, 5 << 30) == 0)  // 5 GB, sparse: zeros after "start "
        let bytes = try FileBytes.read(huge, limit: 1000, overflow: .cut)
        #expect(bytes.count == 1001)
        #expect(throws: DataFileError(file: huge, .tooLarge(limitBytes: 1000))) { try FileBytes.read(huge, limit: 1000) }
    }

    @Test func compressionIsDecidedByTheName() throws {
        let directory = TemporaryDirectory()
        let bz = directory.write("bz.txt", "BZh is how this note starts, and it is plain text")
        #expect(try FileBytes.read(bz) == Array("BZh is how this note starts, and it is plain text".utf8))
        let gz = directory.write("gz.txt", [0x1F, 0x8B] + Array(" looks like gzip".utf8))
        #expect(try FileBytes.read(gz).count == 18)
        // Named .gz but plain: read as it is, with a warning.
        let named = directory.write("plain.gz", "not compressed at all")
        let warnings = WarningLog()
        #expect(try FileBytes.read(named, warning: warnings.add) == Array("not compressed at all".utf8))
        #expect(warnings.messages.count == 1)
        // A gzip bomb in a document is cut at the limit, never inflated whole.
        let bomb = directory.writeGzip("bomb.txt.gz", [UInt8](repeating: 0x41, count: 20_000_000))
        #expect(try FileBytes.read(bomb, limit: 100, overflow: .cut).count == 101)
    }

    @Test func linkLoopsEndAndNoFolderIsReadTwice() throws {
        let directory = TemporaryDirectory()
        directory.write("d/one.txt", "one")
        directory.write("d/cooking/two.txt", "two")
        try FileManager.default.createSymbolicLink(atPath: directory.file("d/a"), withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: directory.file("d/b"), withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: directory.file("d/cooking/loop"), withDestinationPath: "..")
        let plain = try FolderReader(root: directory.file("d")).filePaths()
        #expect(plain == ["cooking/two.txt", "one.txt"])
        var following = FolderReader(root: directory.file("d"))
        following.followSymlinks = true
        #expect(try following.filePaths() == ["cooking/two.txt", "one.txt"])
    }

    @Test func unreadableFoldersAreSkippedWithSkipBad() throws {
        let directory = TemporaryDirectory()
        directory.write("d/one.txt", "one")
        directory.write("d/locked/two.txt", "two")
        var walker = DirectoryWalker(skipUnreadableFolders: true)
        var skipped: [String] = []
        walker.onSkip = { path, _ in skipped.append(path) }
        // Root reads every folder, so an unreadable one is simulated by a folder that vanished.
        try FileManager.default.removeItem(atPath: directory.file("d/locked"))
        try FileManager.default.createSymbolicLink(atPath: directory.file("d/locked"), withDestinationPath: directory.file("gone"))
        #expect(try walker.files(under: directory.file("d")).map(\.relativePath) == ["one.txt"])
        #expect(skipped == ["locked"])
    }

    @Test func namesThatAreNotUTF8AreRead() throws {
        let directory = TemporaryDirectory()
        directory.write("d/plain.txt", "plain words")
        var name = Array(directory.file("d/caf").utf8CString.dropLast())
        name += [CChar(bitPattern: 0xE9), 0]  // "café" in Latin-1: not UTF-8
        let descriptor = open(name, O_WRONLY | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        _ = "latin one".withCString { write(descriptor, $0, 9) }
        close(descriptor)
        var documents: [Document] = []
        try FolderReader(root: directory.file("d")).forEachDocument { documents.append($0) }
        #expect(documents.map(\.text) == ["latin one", "plain words"])
        #expect(documents[0].id == "caf\u{FFFD}")
    }

    @Test func orderFilesCannotLeaveTheCorpus() throws {
        let directory = TemporaryDirectory()
        for entry in ["../../../../etc/passwd", "/etc/passwd", "a//b"] {
            let order = directory.write("order.tsv", "path\tlabel\n\(entry)\t1\n")
            #expect(throws: DataFileError.self) { try NewsgroupsReader.readOrder(order) }
        }
    }
}

/// Collects warnings (thread-safe, as the warning hook may be called from any thread).
final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var messages: [String] { lock.lock(); defer { lock.unlock() }; return stored }
    var add: FileBytes.Warning {
        { [self] message in
            lock.lock(); stored.append(message); lock.unlock()
        }
    }
}
