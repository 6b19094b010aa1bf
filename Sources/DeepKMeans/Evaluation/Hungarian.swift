import DKMClustering
import DKMCore
import DKMData
/// The Hungarian algorithm (Kuhn–Munkres with potentials, O(n^3)) for a minimum-cost
/// one-to-one assignment on a rectangular cost matrix.
public enum Hungarian {
    /// For each row, the column it is assigned to (nil when rows outnumber columns and the row
    /// is left out). Minimizes the summed cost.
    public static func minimumCostAssignment(_ cost: [[Double]]) -> [Int?] {
        let rowCount = cost.count
        let columnCount = cost.first?.count ?? 0
        guard rowCount > 0, columnCount > 0 else { return [Int?](repeating: nil, count: rowCount) }
        // Square it up with zero-cost padding.
        let n = max(rowCount, columnCount)
        func c(_ i: Int, _ j: Int) -> Double { i < rowCount && j < columnCount ? cost[i][j] : 0 }
        // 1-based arrays as in the classical formulation; index 0 is a sentinel.
        var u = [Double](repeating: 0, count: n + 1)
        var v = [Double](repeating: 0, count: n + 1)
        var matchedRow = [Int](repeating: 0, count: n + 1)  // column j -> row
        var way = [Int](repeating: 0, count: n + 1)
        for i in 1...n {
            matchedRow[0] = i
            var column = 0
            var minimum = [Double](repeating: .infinity, count: n + 1)
            var used = [Bool](repeating: false, count: n + 1)
            repeat {
                used[column] = true
                let row = matchedRow[column]
                var delta = Double.infinity
                var next = 0
                for j in 1...n where !used[j] {
                    let reduced = c(row - 1, j - 1) - u[row] - v[j]
                    if reduced < minimum[j] { minimum[j] = reduced; way[j] = column }
                    if minimum[j] < delta { delta = minimum[j]; next = j }
                }
                for j in 0...n {
                    if used[j] { u[matchedRow[j]] += delta; v[j] -= delta } else { minimum[j] -= delta }
                }
                column = next
            } while matchedRow[column] != 0
            repeat {
                let previous = way[column]
                matchedRow[column] = matchedRow[previous]
                column = previous
            } while column != 0
        }
        var result = [Int?](repeating: nil, count: rowCount)
        for j in 1...n where matchedRow[j] - 1 < rowCount && j - 1 < columnCount {
            result[matchedRow[j] - 1] = j - 1
        }
        return result
    }
}
