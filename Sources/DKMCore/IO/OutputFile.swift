import Foundation

/// A single file dkm writes in full (a placements CSV, an evaluation report). An existing file
/// is replaced only when dkm recognizes it as an earlier file of the same kind; anything else
/// at the path is left alone and the write is refused before any work is done.
public struct OutputFile: Sendable {
    public let path: String
    /// Recognizes an earlier file of this kind from its first bytes.
    public let recognizes: @Sendable ([UInt8]) -> Bool

    public init(_ path: String, recognizes: @escaping @Sendable ([UInt8]) -> Bool) {
        self.path = path
        self.recognizes = recognizes
    }

    /// A file whose first line is `header` (a CSV dkm wrote).
    public init(_ path: String, headerLine header: String) {
        let expected = Array((header + "\n").utf8)
        self.init(path) { $0.starts(with: expected) }
    }

    /// Checks that writing here replaces nothing but an earlier dkm file (call before the work).
    public func check(inputs: [String] = []) throws {
        guard !path.isEmpty else { throw OutputError.emptyPath }
        for input in inputs where !input.isEmpty && PathRelation.overlaps(path, input) {
            throw OutputError.overlapsInput(output: path, input: input)
        }
        guard let type = try OutputPath.existingType(path) else { return }
        guard type == S_IFREG, let start = try? BoundedFile(path).read(4096), recognizes(start) else {
            throw OutputError.notDkmFile(path)
        }
    }

    public func write(_ text: String) throws {
        try check()
        try AtomicFile.write(text, to: path)
    }

    public func write(_ data: Data) throws {
        try check()
        try AtomicFile.write(data, to: path)
    }
}
