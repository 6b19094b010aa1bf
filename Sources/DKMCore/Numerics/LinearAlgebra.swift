/// The dense and sparse products the network and k-means need.
///
/// Dense products go through oneDNN's matmul (`OneDNNMatmul`, the one backend file); a CSR
/// left operand goes through a row kernel that touches only the non-zero entries.
public enum LinearAlgebra {
    /// C = alpha * op(A) * op(B) + beta * C, where op transposes when asked. `precision`
    /// chooses the operands' format; accumulation is single precision either way.
    public static func multiply(
        _ a: Matrix, _ b: Matrix, into c: inout Matrix,
        transposeA: Bool = false, transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 0, precision: ProductPrecision = .fp32
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        precondition((transposeB ? b.columns : b.rows) == k, "inner dimensions differ: \(k) vs \(transposeB ? b.columns : b.rows)")
        precondition(c.columns == n && c.rows == m, "output is \(c.rows)x\(c.columns), need \(m)x\(n)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in c.values.indices { c.values[i] *= beta }
            return
        }
        let shape = OneDNNMatmul.Shape(
            m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
            alpha: alpha, beta: beta, precision: precision, batch: nil)
        a.values.withUnsafeBufferPointer { aBuffer in
            b.values.withUnsafeBufferPointer { bBuffer in
                c.values.withUnsafeMutableBufferPointer { cBuffer in
                    OneDNNMatmul.multiply(
                        aBuffer.baseAddress!, bBuffer.baseAddress!, into: cBuffer.baseAddress!,
                        shape: shape, threads: Parallel.threadCount)
                }
            }
        }
    }

    /// C = A * B^T + bias (on every row), then GELU (0.5 x (1 + erf(x / sqrt 2))) when asked: a
    /// dense layer with PyTorch's out x in weights B, in one pass over C.
    public static func multiplyTransposed(_ a: Matrix, _ b: Matrix, addingBias bias: [Float], into c: inout Matrix, gelu: Bool = false) {
        precondition(
            a.columns == b.columns && bias.count == b.rows && c.rows == a.rows && c.columns == b.rows,
            "shapes \(a.rows)x\(a.columns), \(b.rows)x\(b.columns), bias \(bias.count), output \(c.rows)x\(c.columns)")
        guard a.rows > 0, b.rows > 0, a.columns > 0 else { return }
        let shape = OneDNNMatmul.Shape(
            m: a.rows, n: b.rows, k: a.columns, transposeA: false, transposeB: true, alpha: 1, beta: 0,
            precision: .fp32, batch: nil, bias: true, gelu: gelu)
        a.values.withUnsafeBufferPointer { aBuffer in
            b.values.withUnsafeBufferPointer { bBuffer in
                bias.withUnsafeBufferPointer { biasBuffer in
                    c.values.withUnsafeMutableBufferPointer { cBuffer in
                        OneDNNMatmul.multiply(
                            aBuffer.baseAddress!, bBuffer.baseAddress!, into: cBuffer.baseAddress!,
                            bias: biasBuffer.baseAddress!, shape: shape, threads: Parallel.threadCount)
                    }
                }
            }
        }
    }

    /// C_i = alpha * A_i * B_i for the `products.count` products of a batch, each operand read
    /// or written through its element strides: views into larger matrices (one attention head's
    /// columns, a transposed operand) without copies. fp32, on `threads` threads.
    public static func multiply(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
        _ products: StridedProducts, threads: Int = Parallel.threadCount
    ) {
        guard products.count > 0, products.m > 0, products.n > 0, products.k > 0 else { return }
        let shape = OneDNNMatmul.Shape(
            m: products.m, n: products.n, k: products.k, transposeA: false, transposeB: false,
            alpha: products.alpha, beta: 0, precision: .fp32, batch: products)
        OneDNNMatmul.multiply(a, b, into: c, shape: shape, threads: threads)
    }

    /// C = A * B + beta * C for CSR A (rows x k) and dense B (k x n).
    public static func multiply(_ a: SparseMatrix, _ b: Matrix, into c: inout Matrix, beta: Float = 0) {
        precondition(a.columns == b.rows && c.columns == b.columns && c.rows >= a.rows)
        let n = b.columns
        a.rowStarts.withUnsafeBufferPointer { starts in
            a.columnIndices.withUnsafeBufferPointer { indices in
                a.values.withUnsafeBufferPointer { entries in
                    b.values.withUnsafeBufferPointer { bBuffer in
                        c.values.withUnsafeMutableBufferPointer { cBuffer in
                            Parallel.forEachRange(a.rows, minimumPerThread: 32) { rows in
                                for r in rows {
                                    let out = cBuffer.baseAddress! + r * n
                                    if beta == 0 {
                                        out.update(repeating: 0, count: n)
                                    } else if beta != 1 {
                                        for j in 0..<n { out[j] *= beta }
                                    }
                                    for e in starts[r]..<starts[r + 1] {
                                        let weight = entries[e]
                                        let source = bBuffer.baseAddress! + Int(indices[e]) * n
                                        for j in 0..<n { out[j] += weight * source[j] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// C = A^T * B + beta * C for CSR A (rows x k) and dense B (rows x n); C is k x n.
    /// This is the weight gradient of a layer whose input is sparse.
    public static func multiplyTransposed(_ a: SparseMatrix, _ b: Matrix, into c: inout Matrix, beta: Float = 0) {
        precondition(b.rows >= a.rows && c.rows == a.columns && c.columns == b.columns)
        let n = b.columns
        c.values.withUnsafeMutableBufferPointer { cBuffer in
            if beta == 0 {
                cBuffer.update(repeating: 0)
            } else if beta != 1 {
                for i in cBuffer.indices { cBuffer[i] *= beta }
            }
        }
        a.rowStarts.withUnsafeBufferPointer { starts in
            a.columnIndices.withUnsafeBufferPointer { indices in
                a.values.withUnsafeBufferPointer { entries in
                    b.values.withUnsafeBufferPointer { bBuffer in
                        c.values.withUnsafeMutableBufferPointer { cBuffer in
                            // Threads own disjoint column slices, so no two write the same entry.
                            Parallel.forEachRange(n, minimumPerThread: 64) { columns in
                                for r in 0..<a.rows {
                                    let source = bBuffer.baseAddress! + r * n
                                    for e in starts[r]..<starts[r + 1] {
                                        let weight = entries[e]
                                        let out = cBuffer.baseAddress! + Int(indices[e]) * n
                                        for j in columns { out[j] += weight * source[j] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
