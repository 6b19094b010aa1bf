@testable import DKMCore
import DKMTestSupport
import DeepKMeans
import Foundation
import Testing

@Suite struct LinearAlgebraTests {
    func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        let zero = Matrix(rows: a.rows, columns: b.columns)
        let product = naiveProduct(a, b, zero, transposeA: false, transposeB: false, alpha: 1, beta: 0)
        return Matrix(rows: a.rows, columns: b.columns, values: product.map(Float.init))
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

    /// alpha * op(A) * op(B) + beta * C in double precision, entry by entry.
    func naiveProduct(
        _ a: Matrix, _ b: Matrix, _ c: Matrix, transposeA: Bool, transposeB: Bool,
        alpha: Float, beta: Float
    ) -> [Double] {
        let opA = transposeA ? a.transposed() : a, opB = transposeB ? b.transposed() : b
        var result = [Double](repeating: 0, count: opA.rows * opB.columns)
        for i in 0..<opA.rows {
            for j in 0..<opB.columns {
                var sum = 0.0
                for p in 0..<opA.columns { sum += Double(opA[i, p]) * Double(opB[p, j]) }
                result[i * opB.columns + j] = Double(alpha) * sum + Double(beta) * Double(c[i, j])
            }
        }
        return result
    }

    @Test(arguments: [(1, 1, 1), (3, 5, 17), (33, 65, 129), (257, 7, 300), (2, 500, 1)])
    func everyLayoutMatchesATripleLoop(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var random = RandomGenerator(seed: UInt64(m * 1_000 + n * 10 + k))
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
            for (alpha, beta) in [(Float(1), Float(0)), (-0.5, 1), (2, 0.25)] {
                let a = TestSupport.randomMatrix(rows: transposeA ? k : m, columns: transposeA ? m : k, random: &random)
                let b = TestSupport.randomMatrix(rows: transposeB ? n : k, columns: transposeB ? k : n, random: &random)
                let start = TestSupport.randomMatrix(rows: m, columns: n, random: &random)
                var c = start
                LinearAlgebra.multiply(a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
                let expected = naiveProduct(a, b, start, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
                let worst = zip(c.values, expected).map { abs(Double($0) - $1) }.max() ?? 0
                #expect(
                    worst <= 1e-5 * Double(k + 1),
                    "\(m)x\(n)x\(k) transposeA \(transposeA) transposeB \(transposeB) alpha \(alpha) beta \(beta): error \(worst)")
            }
        }
    }

    @Test func anEmptyInnerDimensionOnlyScales() {
        var c = Matrix(rowArrays: [[1, -2], [3, 4]])
        LinearAlgebra.multiply(Matrix(rows: 2, columns: 0), Matrix(rows: 0, columns: 2), into: &c, beta: 0.5)
        #expect(c == Matrix(rowArrays: [[0.5, -1], [1.5, 2]]))
    }

    @Test func threadsRunProductsSideBySide() {
        // Each thread keeps its own primitives; two trainings at once must not share one.
        var random = RandomGenerator(seed: 5)
        let a = TestSupport.randomMatrix(rows: 64, columns: 48, random: &random)
        let b = TestSupport.randomMatrix(rows: 48, columns: 32, random: &random)
        var reference = Matrix(rows: 64, columns: 32)
        LinearAlgebra.multiply(a, b, into: &reference)
        let results = ResultsBox(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            var c = Matrix(rows: 64, columns: 32)
            for _ in 0..<20 { LinearAlgebra.multiply(a, b, into: &c) }
            results.store(c, at: index)
        }
        #expect(results.all.allSatisfy { $0 == reference })
    }

    @Test func bfloat16RoundsToNearestEven() {
        #expect(BFloat16.rounded(1) == 0x3F80)
        // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1).
        #expect(BFloat16.rounded(1 + 1.0 / 256) == 0x3F80)
        // 1 + 3 * 2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: up to the even one.
        #expect(BFloat16.rounded(1 + 3.0 / 256) == 0x3F82)
        #expect(BFloat16.rounded(-2.5) == 0xC020)
        #expect(BFloat16.rounded(.infinity) == 0x7F80)
        #expect(BFloat16.rounded(Float(bitPattern: 0x7F80_0001)) == 0x7FC0)  // NaN stays NaN
    }

    @Test func bfloat16CopiesTransposeWhenAsked() {
        let m = Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]])  // read transposed: 3 x 2
        var halves = [UInt16](repeating: 0, count: 6)
        m.values.withUnsafeBufferPointer { values in
            halves.withUnsafeMutableBufferPointer {
                BFloat16.round(values.baseAddress!, rows: 3, columns: 2, transposed: true, into: $0.baseAddress!)
            }
        }
        #expect(halves.map(BFloat16.float) == [1, 4, 2, 5, 3, 6])
    }

    @Test(.enabled(if: ProductPrecision.bf16.isSupported, "this CPU has no bf16 matmul in oneDNN (it needs AVX-512)"))
    func bf16ProductsStayCloseToSinglePrecision() {
        var random = RandomGenerator(seed: 6)
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true)] {
            let (m, n, k) = (37, 53, 500)
            let a = TestSupport.randomMatrix(rows: transposeA ? k : m, columns: transposeA ? m : k, random: &random)
            let b = TestSupport.randomMatrix(rows: transposeB ? n : k, columns: transposeB ? k : n, random: &random)
            var exact = Matrix(rows: m, columns: n), half = Matrix(rows: m, columns: n)
            LinearAlgebra.multiply(a, b, into: &exact, transposeA: transposeA, transposeB: transposeB)
            LinearAlgebra.multiply(a, b, into: &half, transposeA: transposeA, transposeB: transposeB, precision: .bf16)
            // Each operand is off by at most 2^-9 of itself, so a term by about 2^-8 of |a||b|:
            // the error of a sum of k terms is within 2^-8 of the sum of their magnitudes.
            let opA = transposeA ? a.transposed() : a, opB = transposeB ? b.transposed() : b
            for i in 0..<m {
                for j in 0..<n {
                    var magnitude: Float = 0
                    for p in 0..<k { magnitude += abs(opA[i, p] * opB[p, j]) }
                    #expect(abs(half[i, j] - exact[i, j]) <= magnitude / 256 + 1e-4)
                }
            }
            #expect(half != exact, "bf16 products should round their operands")
        }
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

/// Products computed on several threads, gathered for the test.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Matrix?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func store(_ matrix: Matrix, at index: Int) { lock.lock(); results[index] = matrix; lock.unlock() }
    var all: [Matrix] { lock.lock(); defer { lock.unlock() }; return results.map { $0! } }
}
