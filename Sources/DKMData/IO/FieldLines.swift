import DKMCore
/// The lines of a whitespace-separated text file, split into fields: blank lines are skipped,
/// and each line keeps its 1-based number for error messages.
enum FieldLines {
    static func forEach(
        in bytes: [UInt8],
        _ body: (_ lineNumber: Int, _ fields: [ArraySlice<UInt8>]) throws -> Void
    ) rethrows {
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let fields = line.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") })
            if !fields.isEmpty { try body(lineNumber, fields) }
        }
    }
}
