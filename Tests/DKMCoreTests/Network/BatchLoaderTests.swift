@testable import DKMCore
import DeepKMeans
import DKMTestSupport
import Testing

@Suite struct BatchLoaderTests {
    /// Inverted dropout on the input: about `rate` of the entries become 0, the others are
    /// scaled by 1 / (1 - rate), the reconstruction target stays clean, and the same generator
    /// state draws the same corruption; dense and CSR rows alike.
    @Test func corruptedInputDropsAndScalesTheRestDenseAndSparse() {
        var random = RandomGenerator(seed: 9)
        var values = TestSupport.randomMatrix(rows: 50, columns: 40, random: &random, range: 0.5...1)
        for i in stride(from: 0, to: values.values.count, by: 3) { values.values[i] = 0 }
        for features in [Features.dense(values), .sparse(SparseMatrix(dense: values))] {
            let loader = BatchLoader(features: features, batchSize: 50)
            let rows = Array(0..<50)
            let seeds = rows.map { UInt64($0) &* 7919 }
            let corrupted = loader.loadCorrupted(rows, rate: 0.25, rowSeeds: seeds)
            let input: Matrix =
                switch corrupted {
                case .dense(let m): m
                case .sparse(let m): m.toDense()
                }
            var kept = 0, dropped = 0
            for i in values.values.indices where values.values[i] != 0 {
                if input.values[i] == 0 {
                    dropped += 1
                } else {
                    kept += 1
                    #expect(abs(input.values[i] - values.values[i] / 0.75) < 1e-5)
                }
            }
            let fraction = Double(dropped) / Double(kept + dropped)
            #expect(fraction > 0.2 && fraction < 0.3, "dropped \(fraction)")
            #expect(loader.dense.values == values.values)
            let repeated = loader.loadCorrupted(rows, rate: 0.25, rowSeeds: seeds)
            switch (corrupted, repeated) {
            case (.dense(let a), .dense(let b)): #expect(a.values == b.values)
            case (.sparse(let a), .sparse(let b)): #expect(a.values == b.values)
            default: Issue.record("the input kind changed")
            }
            // A row's noise is its own: loaded alone, row 7 is corrupted as within the batch.
            let alone = loader.loadCorrupted([7], rate: 0.25, rowSeeds: [seeds[7]])
            let single: [Float] =
                switch alone {
                case .dense(let m): Array(m.row(0))
                case .sparse(let m): Array(m.toDense().row(0))
                }
            #expect(single == Array(input.row(7)))
        }
    }
}
