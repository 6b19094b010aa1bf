import DKMCore
/// Reads the ESL "zip" digit files: one image per line, the digit then 256 grey values in [-1, 1].
public enum USPSReader {
    public static let pixelCount = 256

    public static func read(_ path: String) throws -> (images: [[Float]], labels: [Int]) {
        try parse(FileBytes.read(path), file: path)
    }

    /// Parses a file's (already decompressed) bytes; `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file path: String) throws -> (images: [[Float]], labels: [Int]) {
        guard !bytes.isEmpty else { throw DataFileError(file: path, .empty) }
        var images: [[Float]] = []
        var labels: [Int] = []
        try FieldLines.forEach(in: bytes) { lineNumber, fields in
            guard fields.count == pixelCount + 1 else {
                throw DataFileError(
                    file: path, .badShape(expected: "\(pixelCount + 1) fields on line \(lineNumber)", found: "\(fields.count)"))
            }
            func number(_ index: Int) throws -> Double {
                let text = String(decoding: fields[index], as: UTF8.self)
                guard let value = Double(text), value.isFinite else {
                    throw DataFileError(
                        file: path, .badValue(line: lineNumber, column: index + 1, found: "'\(text.prefix(20))' is not a number"))
                }
                return value
            }
            let label = try number(0)
            guard label == label.rounded(), (0...9).contains(label) else {
                throw DataFileError(file: path, .badValue(line: lineNumber, column: 1, found: "label \(label) is not a digit 0-9"))
            }
            var image = [Float](repeating: 0, count: pixelCount)
            for p in 0..<pixelCount {
                let value = try number(p + 1)
                guard (-1.0001...1.0001).contains(value) else {
                    throw DataFileError(file: path, .badValue(line: lineNumber, column: p + 2, found: "\(value) is outside [-1, 1]"))
                }
                image[p] = Float(value)
            }
            images.append(image)
            labels.append(Int(label))
        }
        guard !images.isEmpty else { throw DataFileError(file: path, .empty) }
        return (images, labels)
    }
}
