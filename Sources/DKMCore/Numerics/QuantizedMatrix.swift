/// A dense layer's weights (out x in, as PyTorch stores them) rounded to 8-bit integers row by
/// row, for products with activations rounded at run time (`Int8Products`): row n is
/// `scales[n] * values[n, :]`, each value within `levels` of zero.
public struct QuantizedMatrix: Sendable {
    public let rows: Int, columns: Int
    let values: [Int8]
    let scales: [Float]
    /// Each row's sum of values: the activations' offset times it is the offset's share.
    let rowSums: [Float]

    /// `matrix` rounded to nearest, each row scaled so its largest magnitude is `levels`.
    public init(_ matrix: Matrix) {
        rows = matrix.rows
        columns = matrix.columns
        var values = [Int8](repeating: 0, count: rows * columns)
        var scales = [Float](repeating: 0, count: rows), sums = [Float](repeating: 0, count: rows)
        let levels = Float(Self.levels)
        for r in 0..<rows {
            let row = matrix.values[r * columns..<(r + 1) * columns]
            let largest = row.reduce(Float(0)) { Swift.max($0, abs($1)) }
            guard largest > 0, largest.isFinite else { continue }
            scales[r] = largest / levels
            var sum = 0
            for (j, value) in row.enumerated() {
                let rounded = Int8((value / scales[r]).rounded())
                values[r * columns + j] = rounded
                sum += Int(rounded)
            }
            sums[r] = Float(sum)
        }
        self.values = values
        self.scales = scales
        rowSums = sums
    }

    /// The largest weight magnitude.
    public static let levels: Int8 = 127
}
