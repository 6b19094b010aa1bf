/// A batch of `count` products C_i = alpha * A_i * B_i, A_i m x k, B_i k x n, whose elements are
/// found through strides: element (row, column) of operand i sits at
/// `i * batch + row * row + column * column` floats from the operand's start.
public struct StridedProducts: Hashable, Sendable {
    public struct Strides: Hashable, Sendable {
        public var batch: Int, row: Int, column: Int
        public init(batch: Int, row: Int, column: Int) {
            self.batch = batch
            self.row = row
            self.column = column
        }
    }

    public var count: Int, m: Int, n: Int, k: Int
    public var a: Strides, b: Strides, c: Strides
    public var alpha: Float

    public init(count: Int, m: Int, n: Int, k: Int, a: Strides, b: Strides, c: Strides, alpha: Float = 1) {
        self.count = count
        self.m = m
        self.n = n
        self.k = k
        self.a = a
        self.b = b
        self.c = c
        self.alpha = alpha
    }
}
