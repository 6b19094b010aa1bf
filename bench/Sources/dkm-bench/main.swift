// Times training epochs of the paper's auto-encoder on a generated sparse corpus and on MNIST.
// Prints one JSON object per measurement; bench/training.sh runs it beside PyTorch.
import DeepKMeans
import Foundation

struct Options {
    var workload = "sparse"
    var mnistDirectory = "../shared/datasets/mnist"
    var epochs = 1
    var seed: UInt64 = 8905

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--workload": workload = iterator.next() ?? workload
            case "--mnist": mnistDirectory = iterator.next() ?? mnistDirectory
            case "--epochs": epochs = Int(iterator.next() ?? "") ?? epochs
            case "--seed": seed = UInt64(iterator.next() ?? "") ?? seed
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
                exit(64)
            }
        }
    }
}

/// A CSR matrix with about `density` of its entries non-zero, rows L2-normalized like tf-idf.
func generatedCorpus(rows: Int, columns: Int, density: Double, random: inout RandomGenerator) -> SparseMatrix {
    var matrix = SparseMatrix(columns: columns)
    let perRow = max(1, Int(Double(columns) * density))
    for _ in 0..<rows {
        var chosen = Set<Int32>()
        while chosen.count < perRow { chosen.insert(Int32(random.index(below: columns))) }
        let columnsOfRow = chosen.sorted()
        var values = columnsOfRow.map { _ in random.uniform(0.1, 1) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        values = values.map { $0 / norm }
        matrix.appendRow(columns: columnsOfRow, values: values)
    }
    return matrix
}

let options = Options(CommandLine.arguments)
var random = RandomGenerator(seed: options.seed)
let features: Features
let clusterCount: Int
switch options.workload {
case "sparse":
    features = .sparse(generatedCorpus(rows: 18_846, columns: 2_000, density: 0.05, random: &random))
    clusterCount = 20
case "mnist":
    features = try ImageDatasets.mnist(directory: options.mnistDirectory).features
    clusterCount = 10
default:
    FileHandle.standardError.write(Data("workload must be sparse or mnist\n".utf8))
    exit(64)
}

var settings = DeepKMeansSettings(clusterCount: clusterCount)
settings.lambda = 1
let trainer = try DeepKMeansTrainer(features: features, settings: settings, random: random)
let architecture = settings.architecture(inputSize: features.columns)
let sizes = architecture.layerSizes
let batches = (features.rows + settings.batchSize - 1) / settings.batchSize
let samples = Double(batches * settings.batchSize)

// Arithmetic actually done per sample: forward, weight gradient and input gradient of every
// layer except the first, whose input gradient is not needed; a sparse first layer costs its
// non-zeros only.
let firstLayerInputs: Double
if case .sparse(let matrix) = features {
    firstLayerInputs = Double(matrix.nonZeroCount) / Double(matrix.rows)
} else {
    firstLayerInputs = Double(features.columns)
}
let firstLayer = 2 * firstLayerInputs * Double(sizes[1]) * 2
let otherLayers = zip(sizes.dropFirst(), sizes.dropFirst(2)).reduce(0.0) { $0 + 2 * Double($1.0 * $1.1) * 3 }
let flopsPerEpoch = samples * (firstLayer + otherLayers)

/// Times `options.epochs` epochs one by one and reports the median (the machine is shared and
/// noisy; the median of several epochs is steadier than their mean).
func measure(_ phase: String, _ epoch: () throws -> Void) rethrows {
    var times: [Double] = []
    for _ in 0..<options.epochs {
        let start = Date()
        try epoch()
        times.append(Date().timeIntervalSince(start))
    }
    times.sort()
    let median = times[times.count / 2]
    let label = ProcessInfo.processInfo.environment["DKM_BENCH_LABEL"] ?? "dkm"
    print(String(format: "{\"implementation\": \"%@\", \"workload\": \"%@\", \"phase\": \"%@\", \"seconds_per_epoch\": %.3f, \"min_seconds\": %.3f, \"epochs\": %d, \"gflops\": %.1f, \"architecture\": \"%@\"}",
                 label, options.workload, phase, median, times[0], times.count, flopsPerEpoch / median / 1e9, architecture.description))
}

try measure("pretrain") { try trainer.pretrain(epochs: 1) }
try trainer.initializeRepresentativesWithKMeans()
try measure("finetune") { try trainer.train(schedule: .constant(1000, epochs: 1)) }
