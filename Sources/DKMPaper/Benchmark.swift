import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// The labeled data sets `dkm evaluate` and `dkm reproduce` know: the images, and the paper's
/// text corpora. The one list of them.
package enum Benchmark: String, CaseIterable, Sendable {
    case mnist
    case fashionMNIST = "fashion-mnist"
    case usps
    case newsgroups = "20news"
    case rcv1

    /// The data sets of the paper's tables, in their column order.
    package static let paperTables: [Benchmark] = [.mnist, .usps, .newsgroups, .rcv1]

    package var image: ImageDatasetName? { ImageDatasetName(rawValue: rawValue) }

    /// The number of classes, which the paper uses as K.
    package var clusterCount: Int {
        switch self {
        case .newsgroups: 20
        case .rcv1: 4
        default: 10
        }
    }

    /// The data set (distributed, this process's shard of it). Text corpora are read from
    /// `directory` with `corpus`; `sample` draws that many documents (RCV1: the paper's 10,000).
    package func load(
        directory: String?, corpus: CorpusSettings = CorpusSettings(), sample: (count: Int, seed: UInt64)? = nil,
        communicator: Communicator = SingleProcess.shared
    ) throws -> Dataset {
        if let image { return try image.load(directory: directory, shard: Shard(index: communicator.rank, count: communicator.size)) }
        guard let directory else { throw DataFileError.folderNotGiven(for: rawValue) }
        var loaded = try corpus.load(directory, format: self == .rcv1 ? .rcv1 : .newsgroups, sample: sample, communicator: communicator)
            .dataset(communicator: communicator)
        loaded.name = rawValue
        return loaded
    }

    /// The data set as the paper used it, from a folder in the layout of the project's data
    /// MANIFEST (`mnist/`, `usps/`, `20news-bydate/` and `reference-splits/<name>/`); RCV1 from
    /// `rcv1`, a folder or `.zip` of newsML items, of which 10,000 are drawn.
    /// The files `reference` reads: the data and its split (a reproduction may not write there).
    package func referenceInputs(root: String, rcv1: String? = nil) -> [String] {
        let folder = root as NSString
        let split = (folder.appendingPathComponent("reference-splits") as NSString).appendingPathComponent(rawValue)
        switch self {
        case .newsgroups: return [folder.appendingPathComponent("20news-bydate"), split]
        case .rcv1: return [rcv1, split].compactMap { $0 }
        default: return [folder.appendingPathComponent(rawValue), split]
        }
    }

    package func reference(root: String, rcv1: String? = nil) throws -> ReproductionDataset {
        let folder = root as NSString
        let split = (folder.appendingPathComponent("reference-splits") as NSString).appendingPathComponent(rawValue)
        let data: Dataset
        switch self {
        case .newsgroups:
            let tree = folder.appendingPathComponent("20news-bydate")
            var corpus = CorpusSettings.referenceCode
            corpus.reading.orderFile = (tree as NSString).appendingPathComponent("sklearn-all-order.tsv")
            data = try load(directory: tree, corpus: corpus)
        case .rcv1:
            data = try load(directory: rcv1, sample: (10_000, 0))
        default:
            data = try load(directory: folder.appendingPathComponent(rawValue))
        }
        return ReproductionDataset(
            name: rawValue, data: data, split: try EvaluationSplit(directory: split, pointCount: data.count),
            clusterCount: clusterCount)
    }
}
