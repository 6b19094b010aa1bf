import Foundation
import DKMCore

/// The image benchmarks, in the orders the reference split indices refer to.
public enum ImageDatasets {
    public static let fashionMNISTDirectory = "/usr/share/datasets/fashion-mnist"
    static let digitNames = (0...9).map(String.init)
    static let fashionNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// MNIST: the 60,000 training images sorted stably by label, then the 10,000 test images
    /// sorted stably by label (the order of mldata's "MNIST original"); pixels / 255.
    /// With `shard`, only that part of the rows (in this order) is kept.
    public static func mnist(directory: String, shard: Shard = .whole) throws -> Dataset {
        try idxPair(directory: directory, name: "mnist", labelNames: digitNames, shard: shard)
    }

    /// Fashion-MNIST in the same layout and order as MNIST.
    public static func fashionMNIST(directory: String = fashionMNISTDirectory, shard: Shard = .whole) throws -> Dataset {
        try idxPair(directory: directory, name: "fashion-mnist", labelNames: fashionNames, shard: shard)
    }

    /// USPS from the ESL files (`zip.train.gz` rows, then `zip.test.gz` rows) or, when the folder
    /// has no ESL files, from LIBSVM's (`usps.bz2` rows, then `usps.t.bz2` rows); values in [-1, 1].
    public static func usps(directory: String, shard: Shard = .whole) throws -> Dataset {
        let esl = (train: ["zip.train.gz", "zip.train"], test: ["zip.test.gz", "zip.test"])
        let libsvm = (train: ["usps.bz2", "usps"], test: ["usps.t.bz2", "usps.t"])
        let useLIBSVM = try existing(directory, esl.train + esl.test) == nil && existing(directory, libsvm.train) != nil
        let read = useLIBSVM ? USPSLIBSVMReader.read : USPSReader.read
        let names = useLIBSVM ? libsvm : esl
        let train = try read(path(directory, names.train))
        let test = try read(path(directory, names.test))
        let part = shard.range(of: train.images.count + test.images.count)
        let rows = Array((train.images + test.images)[part])
        return Dataset(
            name: "usps", features: .dense(Matrix(rows: rows.count, columns: USPSReader.pixelCount, values: rows.flatMap { $0 })),
            labels: Array((train.labels + test.labels)[part]), labelNames: digitNames)
    }

    /// Both parts' images in their order; with a shard, only the images of its range of that
    /// order are converted and kept.
    private static func idxPair(directory: String, name: String, labelNames: [String], shard: Shard) throws -> Dataset {
        var pixels: [Float] = []
        var labels: [Int] = []
        var width = 0
        var first = 0  // global index of the part's first image
        var total = 0
        var parts: [(IDXArray, [Int], [Int], String)] = []
        for part in ["train", "t10k"] {
            let imageFile = try path(directory, ["\(part)-images-idx3-ubyte.gz", "\(part)-images-idx3-ubyte", "\(part)-images.idx3-ubyte"])
            let labelFile = try path(directory, ["\(part)-labels-idx1-ubyte.gz", "\(part)-labels-idx1-ubyte", "\(part)-labels.idx1-ubyte"])
            let images = try IDXArray(contentsOf: imageFile)
            let partLabels = try IDXArray(contentsOf: labelFile)
            guard images.dimensions.count == 3 else {
                throw DataFileError(
                    file: imageFile,
                    .badShape(
                        expected: "3 dimensions (images x rows x columns)",
                        found: "\(images.dimensions.count)"))
            }
            guard partLabels.dimensions.count == 1, partLabels.count == images.dimensions[0] else {
                throw DataFileError(
                    file: labelFile,
                    .badShape(
                        expected: "\(images.dimensions[0]) labels (one per image)",
                        found: partLabels.dimensions.map(String.init).joined(separator: "x")))
            }
            let imageWidth = images.dimensions[1] * images.dimensions[2]
            guard width == 0 || width == imageWidth else {
                throw DataFileError(file: imageFile, .badShape(expected: "images of \(width) pixels", found: "\(imageWidth)"))
            }
            width = imageWidth
            guard let values = partLabels.integers(), values.allSatisfy({ (0..<labelNames.count).contains($0) }) else {
                throw DataFileError(file: labelFile, .mismatch("labels must lie in 0...\(labelNames.count - 1)"))
            }
            // Stable sort by label within the part.
            let order = (0..<values.count).sorted { (values[$0], $0) < (values[$1], $1) }
            parts.append((images, values, order, imageFile))
            total += values.count
        }
        let kept = shard.range(of: total)
        for (images, values, order, imageFile) in parts {
            let range = max(kept.lowerBound - first, 0)..<min(max(kept.upperBound - first, 0), order.count)
            if !range.isEmpty {
                let converted = images.floats(rows: order[range], width: width, scale: 1 / 255)
                // A float IDX file can hold NaN or infinity, which would put every image in one cluster.
                if let bad = converted.firstIndex(where: { !$0.isFinite }) {
                    throw DataFileError(
                        file: imageFile,
                        .mismatch("image \(order[range][range.lowerBound + bad / width]) holds a value that is not a finite number"))
                }
                pixels += converted
                labels += order[range].map { values[$0] }
            }
            first += order.count
        }
        return Dataset(
            name: name, features: .dense(Matrix(rows: labels.count, columns: width, values: pixels)),
            labels: labels, labelNames: labelNames)
    }

    /// The first of `names` that exists in `directory`.
    static func path(_ directory: String, _ names: [String]) throws -> String {
        guard let found = try existing(directory, names) else {
            throw DataFileError(file: (directory as NSString).appendingPathComponent(names[0]), .notFound)
        }
        return found
    }

    /// The first of `names` present in `directory` (which must exist), if any.
    static func existing(_ directory: String, _ names: [String]) throws -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataFileError(file: directory, .notFound)
        }
        return names.lazy.map { (directory as NSString).appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
