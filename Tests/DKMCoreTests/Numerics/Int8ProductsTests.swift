@testable import DKMCore
import DKMTestSupport
import Foundation
import Testing

@Suite struct Int8ProductsTests {
    /// A rows x columns matrix whose rows are exactly on the activation levels (each holding its lowest
    /// and highest level), so rounding them loses nothing.
    func onLevels(rows: Int, columns: Int, random: inout RandomGenerator) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in 0..<rows {
            let low = Float(random.index(below: 64) - 32) / 8, step = Float(1 + random.index(below: 8)) / 64
            for j in 0..<columns {
                let top = Int8Products.activationLevels
                let level = j == 0 ? 0 : j == 1 ? top : random.index(below: top + 1)
                m[i, j] = low + step * Float(level)
            }
        }
        return m
    }

    /// Weights whose rows are a power of two times integers reaching `QuantizedMatrix.levels`.
    func weightsOnLevels(rows: Int, columns: Int, random: inout RandomGenerator) -> Matrix {
        let levels = Int(QuantizedMatrix.levels)
        var m = Matrix(rows: rows, columns: columns)
        for i in 0..<rows {
            let scale = Float(1 << (i % 4)) / 256
            for j in 0..<columns {
                let level = j == 0 ? levels : random.index(below: 2 * levels + 1) - levels
                m[i, j] = scale * Float(max(-levels, min(levels, level)))
            }
        }
        return m
    }

    func fp32(_ a: Matrix, _ w: Matrix, _ bias: [Float], gelu: Bool = false) -> Matrix {
        var c = Matrix(rows: a.rows, columns: w.rows)
        LinearAlgebra.multiplyTransposed(a, w, addingBias: bias, into: &c, gelu: gelu)
        return c
    }

    func int8(_ a: Matrix, _ w: Matrix, _ bias: [Float], gelu: Bool = false) -> Matrix {
        var c = Matrix(rows: a.rows, columns: w.rows)
        Int8Products(rows: a.rows, columns: a.columns, outputColumns: w.rows)
            .multiplyTransposed(a, QuantizedMatrix(w), addingBias: bias, into: &c, gelu: gelu)
        return c
    }

    @Test func theLevelsGiveExactIntegerProducts() {
        #expect(Int8Products.activationLevels == 255 || Int8Products.activationLevels == 127)
        #expect(Int8Products.exactProducts(activation: UInt8(Int8Products.activationLevels)))
        #expect(Int8Products.exactProducts(activation: 127))
    }

    @Test func weightsRoundToTheNearestLevelOfTheirRow() {
        var random = RandomGenerator(seed: 3)
        var w = TestSupport.randomMatrix(rows: 6, columns: 40, random: &random)
        for j in 0..<40 { w[5, j] = 0 }
        let q = QuantizedMatrix(w)
        let levels = Float(QuantizedMatrix.levels)
        for i in 0..<6 {
            let largest = w.row(i).reduce(Float(0)) { max($0, abs($1)) }
            #expect(q.scales[i] == largest / levels)
            var sum = 0
            for j in 0..<40 {
                let value = q.values[i * 40 + j]
                #expect(abs(Float(value)) <= levels)
                sum += Int(value)
                if q.scales[i] > 0 { #expect(abs(Float(value) * q.scales[i] - w[i, j]) <= q.scales[i] / 2 * 1.0001) }
            }
            #expect(q.rowSums[i] == Float(sum))
        }
        #expect(q.scales[5] == 0 && q.rowSums[5] == 0)
    }

    @Test func valuesOnTheLevelsMultiplyExactly() {
        var random = RandomGenerator(seed: 7)
        // 70 rows cross the 64-row chunks of the rounding and restoring passes.
        let a = onLevels(rows: 70, columns: 96, random: &random)
        let w = weightsOnLevels(rows: 33, columns: 96, random: &random)
        let bias = (0..<33).map { Float($0) / 10 - 1 }
        let expected = fp32(a, w, bias), got = int8(a, w, bias)
        for (x, y) in zip(expected.values, got.values) { #expect(abs(x - y) <= 1e-4 * max(1, abs(x))) }
        let expectedGELU = fp32(a, w, bias, gelu: true), gotGELU = int8(a, w, bias, gelu: true)
        for (x, y) in zip(expectedGELU.values, gotGELU.values) { #expect(abs(x - y) <= 1e-4 * max(1, abs(x))) }
    }

    @Test func anyValuesComeCloseToTheFP32Product() {
        var random = RandomGenerator(seed: 11)
        let a = TestSupport.randomMatrix(rows: 20, columns: 384, random: &random)
        let w = TestSupport.randomMatrix(rows: 50, columns: 384, random: &random, range: -0.1...0.1)
        let bias = [Float](repeating: 0.5, count: 50)
        let expected = fp32(a, w, bias), got = int8(a, w, bias)
        var error = 0.0, norm = 0.0
        for (x, y) in zip(expected.values, got.values) {
            error += Double((x - y) * (x - y))
            norm += Double(x * x)
        }
        // The rounding of 384 terms on both sides: about 1 % of the product's norm, at most.
        #expect((error / norm).squareRoot() < 0.01)
        #expect((error / norm).squareRoot() > 0)
    }

    @Test func aConstantRowIsExactAndANaNRowStaysItsOwn() {
        var random = RandomGenerator(seed: 5)
        var a = TestSupport.randomMatrix(rows: 3, columns: 16, random: &random)
        for j in 0..<16 { a[0, j] = 0.75 }
        a[2, 4] = .nan
        let w = weightsOnLevels(rows: 4, columns: 16, random: &random)
        let bias: [Float] = [0, 1, 2, 3]
        let expected = fp32(a, w, bias), got = int8(a, w, bias)
        for n in 0..<4 {
            #expect(abs(got[0, n] - expected[0, n]) <= 1e-5 * max(1, abs(expected[0, n])))
            #expect(got[1, n].isFinite)
            #expect(got[2, n].isNaN)
        }
    }
}

@Suite struct VectorExponentialTests {
    @Test func eightLanesAgreeWithExp() {
        var x: Float = -90
        while x < 89 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0137 })
            let e = VectorExponential.exp(lanes)
            for lane in 0..<8 {
                let expected = Foundation.exp(Double(lanes[lane]))
                if lanes[lane] < VectorExponential.lowest {
                    #expect(e[lane] == 0)
                } else if lanes[lane] <= VectorExponential.highest {
                    #expect(abs(Double(e[lane]) - expected) <= 3e-7 * expected, "e^\(lanes[lane])")
                }
            }
            x += 0.173
        }
        let special = VectorExponential.exp(SIMD8(0, 1, -.infinity, .infinity, .nan, -0.0, 100, -100))
        #expect(special[0] == 1 && abs(special[1] - 2.718_281_8) < 1e-6 && special[2] == 0 && special[3].isFinite)
        #expect(special[4].isNaN && special[5] == 1 && special[6] == special[3] && special[7] == 0)
    }

    @Test func softmaxRowsMatchTheDefinitionAtEveryWidth() {
        var random = RandomGenerator(seed: 2)
        for columns in 1...27 {
            let rows = 3
            var values = (0..<rows * columns).map { _ in random.uniform(-15, 15) }
            if columns > 2 { values[1] = -.infinity }
            let original = values
            values.withUnsafeMutableBufferPointer { VectorExponential.softmaxRows($0.baseAddress!, rows: rows, columns: columns) }
            for r in 0..<rows {
                let row = original[r * columns..<(r + 1) * columns].map(Double.init)
                let top = row.max()!
                let sum = row.reduce(0) { $0 + Foundation.exp($1 - top) }
                for j in 0..<columns {
                    let expected = Foundation.exp(row[j] - top) / sum
                    #expect(abs(Double(values[r * columns + j]) - expected) <= 1e-6 * max(expected, 1e-3), "\(columns) columns")
                }
            }
        }
    }
}
