import DKMCore
/// What k-means needs from its input, so that one implementation serves dense and CSR rows.
public protocol KMeansInput {
    var rowCount: Int { get }
    var columnCount: Int { get }
    func rowSquaredNorms() -> [Double]
    /// dots[i, j] = <row i, centers row j> for every row (dots is rowCount x centers.rows).
    func dotProducts(with centers: Matrix, into dots: inout Matrix)
    /// sums[0 ..< columnCount] += row i.
    func addRow(_ index: Int, to sums: UnsafeMutablePointer<Double>)
    func denseRow(_ index: Int) -> [Float]
}

extension Matrix: KMeansInput {
    public var rowCount: Int { rows }
    public var columnCount: Int { columns }

    public func dotProducts(with centers: Matrix, into dots: inout Matrix) {
        LinearAlgebra.multiply(self, centers, into: &dots, transposeB: true)
    }

    public func addRow(_ index: Int, to sums: UnsafeMutablePointer<Double>) {
        values.withUnsafeBufferPointer { buffer in
            let row = buffer.baseAddress! + index * columns
            for c in 0..<columns { sums[c] += Double(row[c]) }
        }
    }

    public func denseRow(_ index: Int) -> [Float] { Array(row(index)) }
}

extension SparseMatrix: KMeansInput {
    public var rowCount: Int { rows }
    public var columnCount: Int { columns }

    public func dotProducts(with centers: Matrix, into dots: inout Matrix) {
        LinearAlgebra.multiply(self, centers.transposed(), into: &dots)
    }

    public func addRow(_ index: Int, to sums: UnsafeMutablePointer<Double>) {
        for entry in rowStarts[index]..<rowStarts[index + 1] {
            sums[Int(columnIndices[entry])] += Double(values[entry])
        }
    }

    public func denseRow(_ index: Int) -> [Float] {
        var row = [Float](repeating: 0, count: columns)
        for entry in rowStarts[index]..<rowStarts[index + 1] { row[Int(columnIndices[entry])] = values[entry] }
        return row
    }
}

extension Features: KMeansInput {
    private var input: any KMeansInput {
        switch self {
        case .dense(let m): m
        case .sparse(let m): m
        }
    }

    public var rowCount: Int { rows }
    public var columnCount: Int { columns }
    public func rowSquaredNorms() -> [Double] { input.rowSquaredNorms() }
    public func dotProducts(with centers: Matrix, into dots: inout Matrix) { input.dotProducts(with: centers, into: &dots) }
    public func addRow(_ index: Int, to sums: UnsafeMutablePointer<Double>) { input.addRow(index, to: sums) }
    public func denseRow(_ index: Int) -> [Float] { input.denseRow(index) }
}
