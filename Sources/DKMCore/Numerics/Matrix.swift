/// A dense Float32 matrix stored row-major.
///
/// Value semantics through the backing array; every hot loop reaches the storage
/// through `withUnsafe...` so that no copy or allocation happens in a training step.
public struct Matrix: Equatable, Sendable {
    public private(set) var rows: Int
    public let columns: Int
    public var values: [Float]

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.values = [Float](repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "expected \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Changes the number of rows (new rows are zero). Within the capacity the storage once had,
    /// this allocates nothing, so batch workspaces can shrink and grow inside a training step.
    public mutating func setRowCount(_ count: Int) {
        precondition(count >= 0)
        if count < rows {
            values.removeLast((rows - count) * columns)
        } else if count > rows {
            values.append(contentsOf: repeatElement(0, count: (count - rows) * columns))
        }
        rows = count
    }

    /// Builds a matrix from equally long rows.
    public init(rowArrays: [[Float]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows differ in length")
        self.init(rows: rowArrays.count, columns: columns, values: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> ArraySlice<Float> {
        values[index * columns..<(index + 1) * columns]
    }

    /// The rows at `indices`, in that order.
    public func gatheringRows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        gatherRows(indices, into: &result)
        return result
    }

    /// Copies the rows at `indices` into the first rows of `destination` (which keeps its size).
    public func gatherRows<C: Collection>(_ indices: C, into destination: inout Matrix) where C.Element == Int {
        precondition(destination.columns == columns && destination.rows >= indices.count)
        let width = columns
        values.withUnsafeBufferPointer { source in
            destination.values.withUnsafeMutableBufferPointer { target in
                for (position, index) in indices.enumerated() {
                    (target.baseAddress! + position * width)
                        .update(from: source.baseAddress! + index * width, count: width)
                }
            }
        }
    }

    /// Squared Euclidean norm of every row, accumulated in Double.
    public func rowSquaredNorms() -> [Double] {
        var norms = [Double](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { buffer in
            for r in 0..<rows {
                var sum = 0.0
                let base = buffer.baseAddress! + r * columns
                for c in 0..<columns { sum += Double(base[c]) * Double(base[c]) }
                norms[r] = sum
            }
        }
        return norms
    }

    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for r in 0..<rows { for c in 0..<columns { result.values[c * rows + r] = values[r * columns + c] } }
        return result
    }
}
