import DeepKMeans
import Foundation

/// The readers of untrusted files, each driven with arbitrary bytes. A target may reject its
/// input with an error (that is the point); it must never crash, hang or allocate without bound.
enum FuzzTarget: String, CaseIterable {
    case idx, usps, newsgroups, newsml, zip, safetensors, model, walk, csv, jsonl, tar, html, packed

    /// What a fuzz run may decompress or read at once; well above any seed.
    static let byteLimit = 16 << 20
    static let file = "<fuzz input>"

    func run(_ bytes: [UInt8]) {
        do {
            switch self {
            case .idx:
                let array = try IDXArray(
                    bytes: FileBytes.decoded(bytes, file: FuzzTarget.file, limit: FuzzTarget.byteLimit),
                    file: FuzzTarget.file)
                _ = array.floats(scale: 1 / 255)
                _ = array.integers()
            case .usps:
                _ = try USPSReader.parse(
                    FileBytes.decoded(bytes, file: FuzzTarget.file, limit: FuzzTarget.byteLimit),
                    file: FuzzTarget.file)
            case .newsgroups:
                let message = NewsgroupsMessage(text: TextDecoding.decode(bytes))
                _ = message.header("Subject")
                let body = message.removing([.headers, .footers, .quotes])
                for splitting in [TokenizerSettings.Splitting.icu, .scikitLearn] {
                    _ = Tokenizer(settings: TokenizerSettings(splitting: splitting, dropNumbers: true)).tokens(body)
                }
            case .newsml:
                _ = try NewsMLItem(bytes: bytes, file: FuzzTarget.file).text
            case .zip:
                let archive = try ZipArchive(bytes: bytes, file: FuzzTarget.file)
                for entry in archive.entries { _ = try? archive.data(for: entry, limit: FuzzTarget.byteLimit) }
            case .safetensors:
                _ = try SafeTensors.decode(bytes, file: FuzzTarget.file)
            case .walk:
                // The tree lies alone in a folder of its own, so a link to ".." leads nowhere new.
                let tree = FolderTree(scratch: NSTemporaryDirectory() + "dkm-fuzz-walk-\(getpid())/tree")
                tree.build(bytes)
                try tree.walk()
            case .csv:
                var reader = DelimitedTableReader(
                    path: try FuzzTarget.scratchFile(bytes, name: "input.csv"),
                    columns: RecordColumns(text: "text", id: "id", label: "label"))
                reader.fileByteLimit = FuzzTarget.byteLimit
                reader.badDocuments = .skip
                try reader.forEachDocument { _ in }
            case .jsonl:
                var reader = JSONLinesReader(
                    path: try FuzzTarget.scratchFile(bytes, name: "input.jsonl"),
                    columns: RecordColumns(text: "text", id: "id", label: "label"))
                reader.fileByteLimit = FuzzTarget.byteLimit
                reader.badDocuments = .skip
                try reader.forEachDocument { _ in }
            case .tar:
                var reader = ArchiveReader(path: try FuzzTarget.scratchFile(bytes, name: "input.tar"))
                reader.documentByteLimit = FuzzTarget.byteLimit
                reader.totalByteLimit = FuzzTarget.byteLimit
                reader.memberLimit = 10_000
                reader.labelsFromSubfolders = true
                reader.badDocuments = .skip
                try reader.forEachDocument { _ in }
            case .html:
                _ = try HTMLText.extract(bytes, file: FuzzTarget.file)
            case .packed:
                // No extension: the kind (DOCX, ODT, EPUB, else text) is told by the content.
                var reader = DocumentFileReader(
                    path: try FuzzTarget.scratchFile(bytes, name: "input"), documentByteLimit: FuzzTarget.byteLimit)
                reader.id = "input"
                _ = try reader.document()
            case .model:
                let (description, weights) = FuzzTarget.splitModelInput(bytes)
                let model = try ClusteringModel.decode(
                    description: description, weights: weights,
                    descriptionFile: "model.json", weightsFile: "weights.safetensors")
                // A loaded model must also be usable: place a document (text) or a point (numbers).
                if model.description.vectorizer != nil {
                    _ = try model.place([Document(id: "probe", text: "graphics engine orbit launch probe")])
                } else {
                    _ = try model.assign(.dense(Matrix(rows: 1, columns: model.description.inputSize)))
                }
            }
        } catch {
            // Rejected input: fine.
        }
    }

    /// Writes `bytes` to a file of this process's own, for the readers that read a path.
    static func scratchFile(_ bytes: [UInt8], name: String) throws -> String {
        let folder = NSTemporaryDirectory() + "dkm-fuzz-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The model target's input: a 4-byte little-endian length, that many bytes of `model.json`,
    /// then `weights.safetensors`.
    static func splitModelInput(_ bytes: [UInt8]) -> (description: [UInt8], weights: [UInt8]) {
        guard bytes.count >= 4 else { return ([], []) }
        let length = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        let end = min(bytes.count, 4 + length)
        return (Array(bytes[4..<end]), Array(bytes[end...]))
    }
}
