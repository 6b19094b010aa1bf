import CBLAS

/// The dense and sparse products the network and k-means need.
///
/// Dense products go through `cblas_sgemm`; a CSR left operand goes through a row kernel
/// that touches only the non-zero entries.
public enum LinearAlgebra {
    /// OpenBLAS runs single-threaded and we split products over our own threads: its idle
    /// workers otherwise spin between calls and steal the cores from everything else a
    /// training step does (Adam, activations, sparse kernels).
    static let singleThreadedBLAS: Void = openblas_set_num_threads(1)

    /// C = alpha * op(A) * op(B) + beta * C, where op transposes when asked.
    public static func multiply(
        _ a: Matrix, _ b: Matrix, into c: inout Matrix,
        transposeA: Bool = false, transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 0
    ) {
        _ = singleThreadedBLAS
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        precondition((transposeB ? b.columns : b.rows) == k, "inner dimensions differ: \(k) vs \(transposeB ? b.columns : b.rows)")
        precondition(c.columns == n && c.rows == m, "output is \(c.rows)x\(c.columns), need \(m)x\(n)")
        if m == 0 || n == 0 { return }
        let (lda, ldb, ldc) = (Int32(a.columns), Int32(b.columns), Int32(c.columns))
        a.values.withUnsafeBufferPointer { aBuffer in
            b.values.withUnsafeBufferPointer { bBuffer in
                c.values.withUnsafeMutableBufferPointer { cBuffer in
                    let (aBase, bBase, cBase) = (aBuffer.baseAddress!, bBuffer.baseAddress!, cBuffer.baseAddress!)
                    if k == 0 {
                        for i in 0..<(m * n) { cBase[i] *= beta }
                        return
                    }
                    // Split the rows of C (or, for short C, its columns) into one block per thread.
                    // Every entry is computed the same way whatever the split.
                    let splitRows = m >= 2 * 32 || m >= n
                    let work = m * n * k
                    let minimumPerThread = max(1, (splitRows ? m : n) * 262_144 / max(work, 1))
                    Parallel.forEachRange(splitRows ? m : n, minimumPerThread: minimumPerThread) { range in
                        let count = Int32(range.count)
                        if splitRows {
                            let aBlock = transposeA ? aBase + range.lowerBound : aBase + range.lowerBound * a.columns
                            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                        count, Int32(n), Int32(k), alpha, aBlock, lda, bBase, ldb,
                                        beta, cBase + range.lowerBound * c.columns, ldc)
                        } else {
                            let bBlock = transposeB ? bBase + range.lowerBound * b.columns : bBase + range.lowerBound
                            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                        Int32(m), count, Int32(k), alpha, aBase, lda, bBlock, ldb,
                                        beta, cBase + range.lowerBound, ldc)
                        }
                    }
                }
            }
        }
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
                                    for e in starts[r] ..< starts[r + 1] {
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
                                    for e in starts[r] ..< starts[r + 1] {
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
