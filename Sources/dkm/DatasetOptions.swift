import ArgumentParser
import DKMPaper
import DeepKMeans
import Foundation

/// Which data set to read and from where.
struct DatasetOptions: ParsableArguments {
    @Option(help: "Data set: \(Benchmark.allCases.map(\.rawValue).joined(separator: ", ")).")
    var dataset: Benchmark

    @Option(help: "Where the data set's files are (Fashion-MNIST defaults to the Debian package's).")
    var data: String?

    @Option(help: "RCV1: documents to sample from the paper's subset (the paper: 10000).")
    var sample: Int?

    @Option(help: "RCV1: seed of that sample.")
    var sampleSeed: UInt64 = 0

    @OptionGroup var corpus: CorpusArguments

    /// The data set, or distributed this process's shard of it.
    func load(communicator: Communicator = SingleProcess.shared) throws -> Dataset {
        let skipped = SkipCounter()
        defer { skipped.report() }
        return try dataset.load(
            directory: data, corpus: corpus.settings(skipped: skipped), sample: sample.map { ($0, sampleSeed) },
            communicator: communicator)
    }
}

extension Benchmark: ExpressibleByArgument {}
