import ArgumentParser
import DeepKMeans

/// Which data set to read and from where.
struct DatasetOptions: ParsableArguments {
    @Option(help: "Image data set: \(ImageDatasetName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var dataset: ImageDatasetName

    @Option(help: "Folder with the data set's files (Fashion-MNIST defaults to the Debian package's).")
    var data: String?

    func load() throws -> Dataset { try dataset.load(directory: data) }
}
