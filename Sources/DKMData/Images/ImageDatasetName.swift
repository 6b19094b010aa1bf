import DKMCore
/// The image data sets `dkm` knows how to read.
public enum ImageDatasetName: String, CaseIterable, Sendable {
    case mnist
    case fashionMNIST = "fashion-mnist"
    case usps

    public var clusterCount: Int { 10 }

    /// Where the data lives when `--data` is not given (only Fashion-MNIST has a fixed home).
    public var defaultDirectory: String? {
        self == .fashionMNIST ? ImageDatasets.fashionMNISTDirectory : nil
    }

    /// The data set's rows, or with `shard` only that part of them (for a distributed run).
    public func load(directory: String?, shard: Shard = .whole) throws -> Dataset {
        guard let directory = directory ?? defaultDirectory else {
            throw DataFileError.folderNotGiven(for: rawValue)
        }
        switch self {
        case .mnist: return try ImageDatasets.mnist(directory: directory, shard: shard)
        case .fashionMNIST: return try ImageDatasets.fashionMNIST(directory: directory, shard: shard)
        case .usps: return try ImageDatasets.usps(directory: directory, shard: shard)
        }
    }
}
