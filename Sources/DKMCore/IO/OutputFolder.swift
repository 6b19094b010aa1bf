import Foundation

/// A folder dkm writes its outputs into, all at once. Taking one checks, before any long work,
/// that dkm may write there, and locks it against other dkm processes; `write` then fills a
/// staged sibling and swaps it in, so a failure or an interruption leaves the old folder whole.
///
/// dkm never deletes or replaces what it did not create: an existing folder is replaced only
/// when it is empty, or holds the marker file dkm writes into every output folder and `force`
/// is given. The output may not be, contain or lie inside an input.
public final class OutputFolder {
    /// The marker in every folder dkm writes, by which `force` recognizes a folder it may replace.
    public static let markerName = ".dkm-output"

    /// The path as given (for messages).
    public let path: String
    public let force: Bool
    private let target: URL
    private var lock: FileLock?

    /// Nothing may be at the path, not even an empty folder (a folder dkm chose itself).
    private let mustBeMissing: Bool
    /// The missing parent folders this folder's check created, deepest first: removed again
    /// (while still empty) when the run ends without writing, so a failed run leaves nothing.
    private var createdParents: [String] = []
    private var written = false

    /// Checks the target (see the type's rules) and takes its lock, creating missing parents.
    public convenience init(_ path: String, force: Bool, inputs: [String] = []) throws {
        try self.init(path, force: force, inputs: inputs, mustBeMissing: false)
    }

    init(_ path: String, force: Bool, inputs: [String], mustBeMissing: Bool) throws {
        guard !path.isEmpty else { throw OutputError.emptyPath }
        self.path = path
        self.force = force
        self.mustBeMissing = mustBeMissing
        target = URL(fileURLWithPath: path).standardizedFileURL
        for input in inputs where !input.isEmpty {
            if PathRelation.overlaps(target.path, input) { throw OutputError.overlapsInput(output: path, input: input) }
        }
        try checkTarget()
        let parent = target.deletingLastPathComponent()
        var missing = parent
        while !FileManager.default.fileExists(atPath: missing.path), missing.pathComponents.count > 1 {
            createdParents.append(missing.path)
            missing.deleteLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            removeCreatedParents()
            throw OutputError.cannotWrite(parent.path, error.localizedDescription)
        }
        guard access(parent.path, W_OK | X_OK) == 0 else { throw OutputError.cannotWrite(path, "permission denied in \(parent.path)") }
        lock = try FileLock(forOutputAt: target.path)
        if mustBeMissing { try checkTarget() }  // made since the first check, before the lock was ours
    }

    deinit {
        lock?.release()
        if !written { removeCreatedParents() }
    }

    private func removeCreatedParents() {
        for folder in createdParents { rmdir(folder) }  // rmdir removes only an empty folder
        createdParents = []
    }

    /// Creates (with its parents) a folder dkm keeps its own files in, such as a cache or
    /// checkpoints; an existing folder is used as it is, anything else at the path is refused.
    public static func createKeepingFolder(_ path: String) throws {
        guard !path.isEmpty else { throw OutputError.emptyPath }
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw OutputError.notAFolder(path) }
            guard access(path, W_OK | X_OK) == 0 else { throw OutputError.cannotWrite(path, "permission denied") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotWrite(path, error.localizedDescription)
        }
    }

    /// Writes the folder: `body` fills the staging folder whose path it receives; the marker is
    /// added and the staging folder replaces the target. The lock is released afterwards.
    public func write(_ body: (String) throws -> Void) throws {
        defer { lock?.release(); lock = nil }
        try checkTarget()  // something may have appeared there since the check at the start
        let fileManager = FileManager.default
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        TemporaryFiles.removeStale(of: name, in: parent.path)
        let staging = parent.appendingPathComponent(TemporaryFiles.siblingName(of: name, kind: "staging"))
        let old = parent.appendingPathComponent(TemporaryFiles.siblingName(of: name, kind: "old"))
        try TemporaryFiles.whileRegistered(staging.path) {
            do {
                try? fileManager.removeItem(at: staging)
                try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
                try body(staging.path)
                try Data(OutputFolder.marker(listing: try OutputFolder.entries(under: staging.path)).utf8)
                    .write(to: staging.appendingPathComponent(OutputFolder.markerName))
                try TemporaryFiles.withoutInterruption {
                    let hadOld = fileManager.fileExists(atPath: target.path)
                    if hadOld { try fileManager.moveItem(at: target, to: old) }
                    do {
                        try fileManager.moveItem(at: staging, to: target)
                    } catch {
                        if hadOld { try? fileManager.moveItem(at: old, to: target) }
                        throw error
                    }
                    if hadOld { try? fileManager.removeItem(at: old) }
                    written = true
                }
            } catch let error as OutputError {
                try? fileManager.removeItem(at: staging)
                throw error
            } catch let error as DataFileError {
                try? fileManager.removeItem(at: staging)
                throw error
            } catch {
                try? fileManager.removeItem(at: staging)
                throw OutputError.cannotWrite(path, error.localizedDescription)
            }
        }
    }

    /// Refuses anything but a missing folder, an empty one, or (with `force`) a dkm output.
    private func checkTarget() throws {
        guard let type = try OutputPath.existingType(target.path, shown: path) else { return }
        guard type == S_IFDIR else { throw OutputError.notAFolder(path) }
        if mustBeMissing { throw OutputError.notDkmOutput(path) }
        // Found at the start, not after the training: the swap renames a folder onto the target.
        if OutputPath.isMountPoint(target.path) {
            throw OutputError.cannotWrite(
                path,
                "it is a mount point, and dkm writes its outputs beside the target and renames them into place: choose a folder inside it")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: target.path)
        } catch {
            // An unlistable folder is not an empty one.
            throw OutputError.cannotWrite(path, "its contents cannot be listed: \(error.localizedDescription)")
        }
        if entries.isEmpty { return }
        guard entries.contains(OutputFolder.markerName) else { throw OutputError.notDkmOutput(path) }
        guard force else { throw OutputError.notEmpty(path) }
        // --force replaces what dkm wrote there, and nothing a user added since.
        let written = try OutputFolder.written(by: target.appendingPathComponent(OutputFolder.markerName).path)
        let found = try OutputFolder.entries(under: target.path)
        let added = found.filter { !written.contains($0) && $0 != OutputFolder.markerName }
        guard added.isEmpty else { throw OutputError.holdsOtherFiles(path, added) }
    }

    /// The marker's text: a line for people, then every path dkm wrote into the folder.
    static func marker(listing entries: [String]) -> String {
        "written by dkm; `--force` may replace this folder (and only the files listed below)\n"
            + entries.map { $0 + "\n" }.joined()
    }

    /// Every file and folder under `root`, as sorted relative paths (folders end in `/`);
    /// symbolic links are listed, not followed.
    static func entries(under root: String) throws -> [String] {
        var found: [String] = []
        func walk(_ relative: String) throws {
            let folder = relative.isEmpty ? root : (root as NSString).appendingPathComponent(relative)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
                let child = relative.isEmpty ? name : relative + "/" + name
                var status = stat()
                guard lstat((root as NSString).appendingPathComponent(child), &status) == 0 else { continue }
                if status.st_mode & S_IFMT == S_IFDIR {
                    found.append(child + "/")
                    try walk(child)
                } else {
                    found.append(child)
                }
            }
        }
        try walk("")
        return found
    }

    /// The paths a marker lists. A marker written before markers listed their files names
    /// none, and stands for the files dkm wrote then (the outputs of `cluster` and `vectorize`).
    static func written(by marker: String) throws -> Set<String> {
        let lines = String(decoding: try BoundedFile(marker).read(4 << 20), as: UTF8.self).split(separator: "\n").dropFirst()
        if !lines.isEmpty { return Set(lines.map(String.init)) }
        return legacyOutputs
    }

    static let legacyOutputs: Set<String> = [
        "assignments.csv", "clusters.json", "topic_info.csv", "embeddings.safetensors", "report.html", "model/",
        "model/model.json", "model/weights.safetensors",
        "matrix.mtx", "vocabulary.txt", "idf.txt", "labels.txt", "documents.txt",
    ]
}
