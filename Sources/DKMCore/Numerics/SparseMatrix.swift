/// A Float32 matrix in compressed sparse row (CSR) form.
public struct SparseMatrix: Equatable, Sendable {
    public private(set) var rows: Int
    public let columns: Int
    /// `rowStarts[r] ..< rowStarts[r + 1]` indexes the entries of row `r`.
    public private(set) var rowStarts: [Int]
    public private(set) var columnIndices: [Int32]
    public private(set) var values: [Float]

    public init(columns: Int) {
        self.rows = 0
        self.columns = columns
        self.rowStarts = [0]
        self.columnIndices = []
        self.values = []
    }

    public init(rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Float]) {
        precondition(rowStarts.count == rows + 1 && rowStarts.first == 0 && rowStarts.last == values.count)
        precondition(columnIndices.count == values.count)
        precondition(columnIndices.allSatisfy { $0 >= 0 && Int($0) < columns }, "column index out of range")
        self.rows = rows
        self.columns = columns
        self.rowStarts = rowStarts
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Keeps the entries of a dense matrix that are not zero.
    public init(dense: Matrix) {
        self.init(columns: dense.columns)
        for r in 0..<dense.rows {
            let entries = dense.row(r).enumerated().filter { $0.element != 0 }
            appendRow(columns: entries.map { Int32($0.offset) }, values: entries.map { $0.element })
        }
    }

    public var nonZeroCount: Int { values.count }

    public var density: Double {
        rows * columns == 0 ? 0 : Double(nonZeroCount) / Double(rows * columns)
    }

    public mutating func appendRow(columns rowColumns: [Int32], values rowValues: [Float]) {
        precondition(rowColumns.count == rowValues.count)
        columnIndices.append(contentsOf: rowColumns)
        values.append(contentsOf: rowValues)
        rowStarts.append(values.count)
        rows += 1
    }

    /// Empties the matrix but keeps its storage, so that refilling it does not allocate.
    public mutating func removeAllRows() {
        rows = 0
        rowStarts.removeAll(keepingCapacity: true)
        rowStarts.append(0)
        columnIndices.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    public mutating func reserveCapacity(rows rowCapacity: Int, nonZeros: Int) {
        rowStarts.reserveCapacity(rowCapacity + 1)
        columnIndices.reserveCapacity(nonZeros)
        values.reserveCapacity(nonZeros)
    }

    /// Appends row `index` of `other`.
    public mutating func appendRow(of other: SparseMatrix, at index: Int) {
        let range = other.rowStarts[index]..<other.rowStarts[index + 1]
        columnIndices.append(contentsOf: other.columnIndices[range])
        values.append(contentsOf: other.values[range])
        rowStarts.append(values.count)
        rows += 1
    }

    public func gatheringRows(_ indices: [Int]) -> SparseMatrix {
        var result = SparseMatrix(columns: columns)
        for index in indices { result.appendRow(of: self, at: index) }
        return result
    }

    /// Changes the stored values in place (the pattern of non-zero entries stays).
    package mutating func updateValues(_ body: (inout [Float]) -> Void) {
        body(&values)
    }

    public func toDense() -> Matrix {
        var dense = Matrix(rows: rows, columns: columns)
        writeDenseRows(0..<rows, into: &dense)
        return dense
    }

    /// Writes rows `range` densely into the first rows of `destination`.
    public func writeDenseRows<C: Collection>(_ indices: C, into destination: inout Matrix) where C.Element == Int {
        precondition(destination.columns == columns && destination.rows >= indices.count)
        let width = columns
        destination.values.withUnsafeMutableBufferPointer { target in
            for (position, index) in indices.enumerated() {
                let row = target.baseAddress! + position * width
                row.update(repeating: 0, count: width)
                for entry in rowStarts[index]..<rowStarts[index + 1] {
                    row[Int(columnIndices[entry])] = values[entry]
                }
            }
        }
    }

    public func rowSquaredNorms() -> [Double] {
        (0..<rows).map { r in
            values[rowStarts[r]..<rowStarts[r + 1]].reduce(0.0) { $0 + Double($1) * Double($1) }
        }
    }
}
