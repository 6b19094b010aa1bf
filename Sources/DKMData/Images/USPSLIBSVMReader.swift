import DKMCore
/// Reads LIBSVM's copy of USPS (`usps` and `usps.t`, usually bzip2-compressed), the copy
/// mldata.org served to the paper's reference code: one image per line, the label (digit + 1,
/// so 1-10) then `index:value` pairs with indices 1-256 in increasing order and values in
/// [-1, 1]; an index left out is 0, as in LIBSVM's sparse format. Its grey levels differ from
/// the ESL copy's (`USPSReader`); the images and their order are the same.
public enum USPSLIBSVMReader {
    public static func read(_ path: String) throws -> (images: [[Float]], labels: [Int]) {
        try parse(FileBytes.read(path), file: path)
    }

    /// Parses a file's (already decompressed) bytes; `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file path: String) throws -> (images: [[Float]], labels: [Int]) {
        guard !bytes.isEmpty else { throw DataFileError(file: path, .empty) }
        let pixelCount = USPSReader.pixelCount
        var images: [[Float]] = []
        var labels: [Int] = []
        try FieldLines.forEach(in: bytes) { lineNumber, fields in
            let first = fields[0]
            func bad(_ column: Int, _ message: String) -> DataFileError {
                DataFileError(file: path, .badValue(line: lineNumber, column: column, found: message))
            }
            let labelText = String(decoding: first, as: UTF8.self)
            guard let label = Double(labelText), label == label.rounded(), (1...10).contains(label) else {
                throw bad(1, "label '\(labelText.prefix(20))' is not 1-10 (LIBSVM's digit + 1)")
            }
            var image = [Float](repeating: 0, count: pixelCount)
            var previous = 0
            for (position, field) in fields.dropFirst().enumerated() {
                let column = position + 2
                let text = String(decoding: field, as: UTF8.self)
                let parts = text.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let index = Int(parts[0]), let value = Double(parts[1]), value.isFinite else {
                    throw bad(column, "'\(text.prefix(20))' is not index:value")
                }
                guard index > previous, index <= pixelCount else {
                    throw bad(column, "index \(index) is not in \(previous + 1)...\(pixelCount)")
                }
                guard (-1.0001...1.0001).contains(value) else { throw bad(column, "\(value) is outside [-1, 1]") }
                image[index - 1] = Float(value)
                previous = index
            }
            images.append(image)
            labels.append(Int(label) - 1)
        }
        guard !images.isEmpty else { throw DataFileError(file: path, .empty) }
        return (images, labels)
    }
}
