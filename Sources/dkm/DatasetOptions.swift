import ArgumentParser
import DeepKMeans
import Foundation

/// The benchmarks `dkm evaluate` knows: image data sets and the paper's text corpora.
enum BenchmarkName: String, CaseIterable, ExpressibleByArgument {
    case mnist
    case fashionMNIST = "fashion-mnist"
    case usps
    case newsgroups = "20news"
    case rcv1

    var image: ImageDatasetName? { ImageDatasetName(rawValue: rawValue) }

    var clusterCount: Int {
        switch self {
        case .newsgroups: 20
        case .rcv1: 4
        default: 10
        }
    }
}

/// Which data set to read and from where.
struct DatasetOptions: ParsableArguments {
    @Option(help: "Data set: \(BenchmarkName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var dataset: BenchmarkName

    @Option(help: "Where the data set's files are (Fashion-MNIST defaults to the Debian package's).")
    var data: String?

    @Option(help: "RCV1: documents to sample from the paper's subset (the paper: 10000).")
    var sample: Int?

    @Option(help: "RCV1: seed of that sample.")
    var sampleSeed: UInt64 = 0

    @OptionGroup var corpus: CorpusArguments

    /// The data set, or distributed this process's shard of it.
    func load(communicator: Communicator = SingleProcess.shared) throws -> Dataset {
        let shard = Shard(index: communicator.rank, count: communicator.size)
        if let image = dataset.image { return try image.load(directory: data, shard: shard) }
        guard let data else { throw ClusteringError.invalidSetting("--data is required for \(dataset.rawValue)") }
        var source = try corpus.source(for: data, format: dataset == .rcv1 ? .rcv1 : .newsgroups, shard: shard)
        if let sample {
            guard !communicator.isDistributed else { throw ValidationError("--sample does not run distributed") }
            source = SampledSource(source, count: sample, seed: sampleSeed)
        }
        var loaded = try corpus.load(source, communicator: communicator).dataset(communicator: communicator)
        loaded.name = dataset.rawValue
        return loaded
    }
}
