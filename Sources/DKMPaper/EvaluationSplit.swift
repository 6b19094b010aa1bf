import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// The reference validation/test index lists: one 0-based index per line (CRLF or LF).
package struct EvaluationSplit: Sendable {
    package var validation: [Int]
    package var test: [Int]

    package init(validation: [Int], test: [Int]) {
        self.validation = validation
        self.test = test
    }

    /// Scores of `clusters` (one per point) on the validation and on the test points.
    package func scores(_ clusters: [Int], labels: [Int]) -> [String: ClusteringScores] {
        var scores: [String: ClusteringScores] = [:]
        for (name, indices) in [("validation", validation), ("test", test)] {
            scores[name] = ClusteringScores(predicted: indices.map { clusters[$0] }, truth: indices.map { labels[$0] })
        }
        return scores
    }

    /// Reads `validation` and `test` from `directory` and checks them against `pointCount`.
    package init(directory: String, pointCount: Int) throws {
        validation = try EvaluationSplit.readIndices((directory as NSString).appendingPathComponent("validation"), pointCount: pointCount)
        test = try EvaluationSplit.readIndices((directory as NSString).appendingPathComponent("test"), pointCount: pointCount)
    }

    static func readIndices(_ path: String, pointCount: Int) throws -> [Int] {
        let bytes = try FileBytes.read(path)
        var indices: [Int] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            guard let index = Int(text) else {
                throw DataFileError(file: path, .badValue(line: lineNumber, column: 1, found: "'\(text.prefix(20))' is not an index"))
            }
            guard (0..<pointCount).contains(index) else {
                throw DataFileError(
                    file: path,
                    .badValue(
                        line: lineNumber, column: 1,
                        found: "index \(index) is outside 0..<\(pointCount) (the data set has \(pointCount) points)"))
            }
            indices.append(index)
        }
        guard !indices.isEmpty else { throw DataFileError(file: path, .empty) }
        return indices
    }
}
