import Foundation
import DKMClustering
import DKMCore
import DKMData

/// `dkm vectorize`'s output, readable by any other tool: `matrix.mtx` (Matrix Market, 1-based
/// coordinates), `vocabulary.txt` (a term a line, column order), `idf.txt`, `labels.txt` and
/// `documents.txt` (ids in row order).
public enum CorpusExport {
    public static func write(_ corpus: TextCorpus, to folder: OutputFolder) throws {
        try folder.write { staging in try write(corpus, into: staging) }
    }

    static func write(_ corpus: TextCorpus, into directory: String) throws {
        let files: [(String, Data)] = [
            ("matrix.mtx", matrixMarket(corpus.matrix)),
            ("vocabulary.txt", Data(lines(corpus.vectorizer.vocabulary).utf8)),
            ("idf.txt", Data(lines(corpus.vectorizer.idf.map { "\($0)" }).utf8)),
            ("labels.txt", Data(lines(corpus.labels.map { $0 ?? "" }).utf8)),
            ("documents.txt", Data(lines(corpus.ids).utf8)),
        ]
        for (name, data) in files {
            try AtomicFile.write(data, to: (directory as NSString).appendingPathComponent(name))
        }
    }

    /// The rows as Matrix Market coordinates, values in their shortest exact decimal.
    static func matrixMarket(_ matrix: SparseMatrix) -> Data {
        var header = "%%MatrixMarket matrix coordinate real general\n"
        header += "% tf-idf rows written by dkm vectorize\n"
        header += "\(matrix.rows) \(matrix.columns) \(matrix.nonZeroCount)\n"
        // Blocks of rows are formatted as bytes on every core (the shortest decimal of a float
        // is slow) and joined in order.
        let blockRows = 512
        var blocks = [[UInt8]](repeating: [], count: (matrix.rows + blockRows - 1) / blockRows)
        blocks.withUnsafeMutableBufferPointer { blocks in
            Parallel.forEachChunk(blocks.count, chunk: 1) { range in
                for block in range {
                    var bytes: [UInt8] = []
                    let rows = block * blockRows..<min((block + 1) * blockRows, matrix.rows)
                    bytes.reserveCapacity(24 * (matrix.rowStarts[rows.upperBound] - matrix.rowStarts[rows.lowerBound]))
                    for r in rows {
                        for e in matrix.rowStarts[r]..<matrix.rowStarts[r + 1] {
                            appendDecimal(r + 1, to: &bytes)
                            bytes.append(UInt8(ascii: " "))
                            appendDecimal(Int(matrix.columnIndices[e]) + 1, to: &bytes)
                            bytes.append(UInt8(ascii: " "))
                            bytes += matrix.values[e].description.utf8
                            bytes.append(UInt8(ascii: "\n"))
                        }
                    }
                    blocks[block] = bytes
                }
            }
        }
        var data = Data(capacity: header.utf8.count + blocks.reduce(0) { $0 + $1.count })
        data.append(contentsOf: Array(header.utf8))
        for block in blocks { data.append(contentsOf: block) }
        return data
    }

    /// Appends the decimal digits of `value` (not negative).
    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0, rest = value
        withUnsafeMutableBytes(of: &digits) { digits in
            repeat {
                digits[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(digits[i]) }
        }
    }

    static func lines(_ values: [String]) -> String {
        // Most values hold no line break: only those are copied with it replaced.
        values.map { ($0.utf8.contains(10) ? $0.replacingOccurrences(of: "\n", with: " ") : $0) + "\n" }.joined()
    }
}
