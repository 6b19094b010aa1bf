/// Why dkm will not write an output where it was asked to. dkm never deletes or replaces what
/// it did not create, so most of these name something it refused to touch.
public enum OutputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An empty path (it would mean the current directory).
    case emptyPath
    /// A dkm output folder that is not empty, without `force`.
    case notEmpty(String)
    /// Something other than a folder is at the output path.
    case notAFolder(String)
    /// A non-empty folder that dkm did not write: never replaced, even with `force`.
    case notDkmOutput(String)
    /// Something dkm did not write is at the path of an output file.
    case notDkmFile(String)
    /// The output is, contains or lies inside an input.
    case overlapsInput(output: String, input: String)
    /// Two paths one run writes are the same, or one lies inside the other.
    case outputsOverlap(String, String)
    /// Another dkm process is writing the same output.
    case busy(String)
    /// An existing file that is not a dkm checkpoint, where a checkpoint would be written.
    case notACheckpoint(String)
    /// An earlier run's checkpoint, where a new run (without `--resume`) would replace it.
    case checkpointExists(String)
    /// The system refused to create or write the output.
    /// An earlier dkm output holding files dkm did not write there (which `--force` would delete).
    case holdsOtherFiles(String, [String])
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case .emptyPath:
            "the output path is empty"
        case .notEmpty(let path):
            "\(path) holds an earlier dkm output; choose another output folder or add --force to replace it"
        case .notAFolder(let path):
            "\(path) exists and is not a folder; dkm writes its outputs into a folder and will not replace it"
        case .notDkmOutput(let path):
            "\(path) is not empty and was not written by dkm (it has no \(OutputFolder.markerName)); dkm never replaces it, even with --force: choose another output folder"
        case .holdsOtherFiles(let path, let names):
            "\(path) is an earlier dkm output, but \(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? " and \(names.count - 3) more" : "") in it \(names.count == 1 ? "was" : "were") not written by dkm; --force replaces only what dkm wrote: move \(names.count == 1 ? "it" : "them") out or choose another output folder"
        case .notDkmFile(let path):
            "\(path) exists and is not an earlier dkm output of this kind; dkm will not replace it: choose another path"
        case .overlapsInput(let output, let input):
            "the output \(output) and the input \(input) overlap; dkm would replace its input or read its own outputs on the next run: choose an output folder outside the input"
        case .outputsOverlap(let first, let second):
            "\(first) and \(second) overlap; the run writes both, and one would replace or be read as part of the other: choose paths apart"
        case .busy(let path):
            "another dkm process is writing \(path); wait for it to finish or choose another output"
        case .notACheckpoint(let path):
            "\(path) exists and is not a dkm checkpoint; dkm will not overwrite it: choose another checkpoint path"
        case .checkpointExists(let path):
            "\(path) holds the checkpoint of an earlier run; add --resume to continue it, or choose another checkpoint path (dkm will not replace it)"
        case .cannotWrite(let path, let reason):
            "\(path): cannot be written: \(reason)"
        }
    }
}
