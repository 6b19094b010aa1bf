import DKMTestSupport
import DeepKMeans
import Testing

@Suite struct LinearAlgebraTests {
    func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows { for j in 0..<b.columns { for k in 0..<a.columns { c[i, j] += a[i, k] * b[k, j] } } }
        return c
    }

    func close(_ a: Matrix, _ b: Matrix, tolerance: Float = 1e-4) -> Bool {
        a.rows == b.rows && a.columns == b.columns && zip(a.values, b.values).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func denseProductsMatchTheDefinition() {
        var random = RandomGenerator(seed: 1)
        let a = TestSupport.randomMatrix(rows: 5, columns: 7, random: &random)
        let b = TestSupport.randomMatrix(rows: 7, columns: 3, random: &random)
        var c = Matrix(rows: 5, columns: 3)
        LinearAlgebra.multiply(a, b, into: &c)
        #expect(close(c, naiveProduct(a, b)))
        var ct = Matrix(rows: 7, columns: 7)
        LinearAlgebra.multiply(a, a, into: &ct, transposeA: true)
        #expect(close(ct, naiveProduct(a.transposed(), a)))
        var cbt = Matrix(rows: 5, columns: 5)
        LinearAlgebra.multiply(a, a, into: &cbt, transposeB: true)
        #expect(close(cbt, naiveProduct(a, a.transposed())))
    }

    @Test func sparseProductsMatchDenseOnes() {
        var random = RandomGenerator(seed: 2)
        var dense = TestSupport.randomMatrix(rows: 6, columns: 9, random: &random)
        for i in dense.values.indices where random.nextUnitDouble() < 0.7 { dense.values[i] = 0 }
        for c in 0..<9 { dense[2, c] = 0 }  // an empty row
        let sparse = SparseMatrix(dense: dense)
        #expect(sparse.toDense() == dense)
        let b = TestSupport.randomMatrix(rows: 9, columns: 4, random: &random)
        var product = Matrix(rows: 6, columns: 4, repeating: 99)
        LinearAlgebra.multiply(sparse, b, into: &product)
        #expect(close(product, naiveProduct(dense, b)))
        let g = TestSupport.randomMatrix(rows: 6, columns: 4, random: &random)
        var gradient = Matrix(rows: 9, columns: 4, repeating: 99)
        LinearAlgebra.multiplyTransposed(sparse, g, into: &gradient)
        #expect(close(gradient, naiveProduct(dense.transposed(), g)))
    }

    @Test func gatheringRowsKeepsOrder() {
        let m = Matrix(rowArrays: [[1, 2], [3, 4], [5, 6]])
        #expect(m.gatheringRows([2, 0, 2]) == Matrix(rowArrays: [[5, 6], [1, 2], [5, 6]]))
        let s = SparseMatrix(dense: m)
        #expect(s.gatheringRows([1]).toDense() == Matrix(rowArrays: [[3, 4]]))
    }
}
