import Foundation

/// Where a run keeps its results when no output folder was chosen: a new folder named after
/// the input, `NAME-clusters` (`NAME-merged` for `dkm merge`: `kind`), or the next free
/// `NAME-clusters-2`, `NAME-clusters-3`, ... in the
/// current directory (beside the input instead when the current directory lies inside it).
/// It is always a path where nothing exists yet: an earlier run's folder is never touched.
public enum ResultsFolder {
    /// Candidates tried before giving up (a directory holding this many earlier results).
    static let maximumCandidates = 10_000

    /// Takes the first free candidate for `input` (a path, `-` for standard input, or an image
    /// data set's name) in `directory` (default: the current one), checked against `inputs`.
    public static func take(
        for input: String, kind: String = "clusters", in directory: String? = nil,
        inputs: [String]
    ) throws -> OutputFolder {
        let base = name(for: input, kind: kind)
        var folder = URL(fileURLWithPath: directory ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        if input != "-", inputs.contains(input), PathRelation.overlaps(folder.appendingPathComponent(base).path, input) {
            folder = URL(fileURLWithPath: input).standardizedFileURL.deletingLastPathComponent()
        }
        for number in 1...maximumCandidates {
            let candidate = folder.appendingPathComponent(number == 1 ? base : "\(base)-\(number)").path
            var status = stat()
            if lstat(candidate, &status) == 0 { continue }
            do {
                return try OutputFolder(displayPath(candidate), force: false, inputs: inputs, mustBeMissing: true)
            } catch OutputError.busy {
                continue  // another run is about to write it
            } catch OutputError.notEmpty, OutputError.notDkmOutput, OutputError.notAFolder {
                continue  // it appeared since the check above
            }
        }
        throw OutputError.cannotWrite(
            folder.appendingPathComponent(base).path,
            "\(maximumCandidates) folders of that name exist already; choose one with --out")
    }

    /// `NAME-clusters`, NAME the input's file or folder name without its data or archive
    /// extension (`news.tar.gz` gives `news-clusters`), `stdin` for `-`.
    public static func name(for input: String, kind: String = "clusters") -> String {
        if input == "-" { return "stdin-" + kind }
        var name = URL(fileURLWithPath: input).standardizedFileURL.lastPathComponent
        let extensions = [
            ".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip", ".csv", ".tsv", ".jsonl", ".ndjson",
            ".json", ".txt", ".xml",
        ]
        if let suffix = extensions.first(where: { name.lowercased().hasSuffix($0) && name.count > $0.count }) {
            name.removeLast(suffix.count)
        }
        if name.isEmpty || name == "/" || name == "." || name == ".." { name = "dkm" }
        return name + "-" + kind
    }

    /// The path relative to the current directory when it lies there (shorter messages).
    private static func displayPath(_ path: String) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
