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
        var mtx = "%%MatrixMarket matrix coordinate real general\n"
        mtx += "% tf-idf rows written by dkm vectorize\n"
        let matrix = corpus.matrix
        mtx += "\(matrix.rows) \(matrix.columns) \(matrix.nonZeroCount)\n"
        // Blocks of rows are formatted on every core (the shortest decimal of a float is slow)
        // and joined in order.
        let blockRows = 512
        var blocks = [String](repeating: "", count: (matrix.rows + blockRows - 1) / blockRows)
        blocks.withUnsafeMutableBufferPointer { blocks in
            Parallel.forEachRange(blocks.count, minimumPerThread: 1) { range in
                for block in range {
                    var text = ""
                    for r in block * blockRows ..< min((block + 1) * blockRows, matrix.rows) {
                        for e in matrix.rowStarts[r] ..< matrix.rowStarts[r + 1] {
                            text += "\(r + 1) \(Int(matrix.columnIndices[e]) + 1) \(matrix.values[e])\n"
                        }
                    }
                    blocks[block] = text
                }
            }
        }
        mtx += blocks.joined()
        let files: [(String, String)] = [
            ("matrix.mtx", mtx),
            ("vocabulary.txt", lines(corpus.vectorizer.vocabulary)),
            ("idf.txt", lines(corpus.vectorizer.idf.map { "\($0)" })),
            ("labels.txt", lines(corpus.labels.map { $0 ?? "" })),
            ("documents.txt", lines(corpus.ids)),
        ]
        for (name, text) in files {
            try AtomicFile.write(text, to: (directory as NSString).appendingPathComponent(name))
        }
    }

    static func lines(_ values: [String]) -> String {
        values.map { $0.replacingOccurrences(of: "\n", with: " ") + "\n" }.joined()
    }
}
