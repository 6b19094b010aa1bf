// Times training epochs of the paper's auto-encoder on a generated sparse corpus and on MNIST,
// and (workload "gemm") the machine's matrix-product speed: a large square product and the
// dense products of one MNIST epoch alone, the floor under any implementation of that epoch.
// Prints one JSON object per measurement; bench/training.sh runs it beside PyTorch.
import DeepKMeans
import Foundation

struct Options {
    var workload = "sparse"
    var mnistDirectory = "../shared/datasets/mnist"
    var epochs = 1
    var seed: UInt64 = 8905
    /// Only the first this many rows (0: all), and the minibatch size.
    var rows = 0
    var batchSize = 256
    /// Train as one rank of an mpirun job (each rank holds its shard of the rows).
    var distributed = false
    /// The products' number format (`--precision bf16` exits with status 3 where unsupported).
    var precision = ProductPrecision.fp32
    /// Only check that the precision is supported (exit status 0 or 3).
    var probe = false

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--workload": workload = iterator.next() ?? workload
            case "--mnist": mnistDirectory = iterator.next() ?? mnistDirectory
            case "--epochs": epochs = Int(iterator.next() ?? "") ?? epochs
            case "--seed": seed = UInt64(iterator.next() ?? "") ?? seed
            case "--rows": rows = Int(iterator.next() ?? "") ?? rows
            case "--batch-size": batchSize = Int(iterator.next() ?? "") ?? batchSize
            case "--distributed": distributed = true
            case "--probe": probe = true
            case "--precision": precision = ProductPrecision(rawValue: iterator.next() ?? "") ?? precision
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

/// A matrix of uniform values in [-1, 1] (the values do not change sgemm's speed; zeros or
/// denormals could).
func randomMatrix(_ rows: Int, _ columns: Int, _ random: inout RandomGenerator) -> Matrix {
    Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in random.uniform(-1, 1) })
}

/// The seconds of `count` calls of `body`, timed one by one, fastest first.
func sortedTimings(_ count: Int, _ body: () throws -> Void) rethrows -> [Double] {
    var times: [Double] = []
    for _ in 0..<count {
        let start = Date()
        try body()
        times.append(Date().timeIntervalSince(start))
    }
    return times.sorted()
}

/// Prints the median seconds and GFLOP/s of `body` over `repetitions` timings.
func reportGemm(_ phase: String, flops: Double, repetitions: Int, _ body: () -> Void) {
    body()  // warm-up: page in the operands, start the threads
    let times = sortedTimings(repetitions, body)
    let median = times[times.count / 2]
    print(
        String(
            format:
                "{\"implementation\": \"dkm\", \"workload\": \"gemm\", \"phase\": \"%@\", \"seconds\": %.4f, \"min_seconds\": %.4f, \"gflops\": %.1f, \"threads\": %d}",
            phase, median, times[0], flops / median / 1e9, Parallel.threadCount))
}

/// The machine's sgemm speed through `LinearAlgebra.multiply`, which is how training calls it.
func measureGemm(epochs: Int, random: inout RandomGenerator) {
    let side = 2048
    let a = randomMatrix(side, side, &random), b = randomMatrix(side, side, &random)
    var c = Matrix(rows: side, columns: side)
    reportGemm("square-2048", flops: 2 * pow(Double(side), 3), repetitions: 5) {
        LinearAlgebra.multiply(a, b, into: &c)
    }
    // One MNIST epoch's dense products at batch 256, with the shapes and transposes DenseLayer
    // uses: forward x W, weight gradient x^T G, input gradient G W^T (not for the first layer).
    let sizes = [784, 500, 500, 2000, 10, 2000, 500, 500, 784], batch = 256
    let batches = (70_000 + batch - 1) / batch
    struct Layer { var x, w, y, g, dw, dx: Matrix }
    var layers = zip(sizes, sizes.dropFirst()).map { input, output in
        Layer(
            x: randomMatrix(batch, input, &random), w: randomMatrix(input, output, &random),
            y: Matrix(rows: batch, columns: output), g: randomMatrix(batch, output, &random),
            dw: Matrix(rows: input, columns: output), dx: Matrix(rows: batch, columns: input))
    }
    var flops = 0.0
    for (index, (input, output)) in zip(sizes, sizes.dropFirst()).enumerated() {
        flops += 2 * Double(batch * input * output) * (index == 0 ? 2 : 3)
    }
    reportGemm("mnist-epoch-products", flops: flops * Double(batches), repetitions: epochs) {
        for _ in 0..<batches {
            for index in layers.indices {
                LinearAlgebra.multiply(layers[index].x, layers[index].w, into: &layers[index].y)
            }
            for index in layers.indices.reversed() {
                LinearAlgebra.multiply(layers[index].x, layers[index].g, into: &layers[index].dw, transposeA: true)
                if index > 0 {
                    LinearAlgebra.multiply(layers[index].g, layers[index].w, into: &layers[index].dx, transposeB: true)
                }
            }
        }
    }
}

let options = Options(CommandLine.arguments)
guard options.precision.isSupported else {
    FileHandle.standardError.write(Data("oneDNN has no \(options.precision.rawValue) matmul on this CPU\n".utf8))
    exit(3)
}
if options.probe { exit(0) }
var random = RandomGenerator(seed: options.seed)
if options.workload == "gemm" {
    measureGemm(epochs: options.epochs, random: &random)
    exit(0)
}
let communicator = options.distributed ? try Distribution.join() : SingleProcess.shared
let shard = Shard(index: communicator.rank, count: communicator.size)
var features: Features
let clusterCount: Int
switch options.workload {
case "sparse":
    features = .sparse(
        generatedCorpus(
            rows: options.rows > 0 ? options.rows : 18_846, columns: 2_000, density: 0.05,
            random: &random))
    clusterCount = 20
case "mnist":
    features = try ImageDatasets.mnist(directory: options.mnistDirectory).features
    clusterCount = 10
default:
    FileHandle.standardError.write(Data("workload must be sparse, mnist or gemm\n".utf8))
    exit(64)
}
if options.rows > 0 && options.rows < features.rows { features = features.gatheringRows(Array(0..<options.rows)) }
let globalRows = features.rows
if communicator.size > 1 { features = features.gatheringRows(Array(shard.range(of: features.rows))) }

var settings = DeepKMeansSettings(clusterCount: clusterCount)
settings.lambda = 1
settings.batchSize = options.batchSize
settings.productPrecision = options.precision
let trainer = try DeepKMeansTrainer(features: features, settings: settings, random: random, communicator: communicator)
let architecture = settings.architecture(inputSize: features.columns)
let sizes = architecture.layerSizes
let batches = (globalRows + settings.batchSize - 1) / settings.batchSize
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
@MainActor func measure(_ phase: String, _ epoch: () throws -> Void) rethrows {
    let (steps, communicating) = (trainer.stepSeconds, trainer.communicationSeconds)
    let times = try sortedTimings(options.epochs, epoch)
    let median = times[times.count / 2]
    let label = ProcessInfo.processInfo.environment["DKM_BENCH_LABEL"] ?? (options.precision == .fp32 ? "dkm" : "dkm-bf16")
    // Distributed: the share of the training steps spent in the gradient all-reduce.
    let share = (trainer.communicationSeconds - communicating) / max(trainer.stepSeconds - steps, 1e-9)
    guard communicator.isRoot else { return }
    print(
        String(
            format:
                "{\"implementation\": \"%@\", \"workload\": \"%@\", \"phase\": \"%@\", \"seconds_per_epoch\": %.3f, \"min_seconds\": %.3f, \"epochs\": %d, \"gflops\": %.1f, \"architecture\": \"%@\", \"ranks\": %d, \"rows\": %d, \"batch_size\": %d, \"steps_per_epoch\": %d, \"allreduce_share\": %.4f, \"gradient_floats\": %d}",
            label, options.workload, phase, median, times[0], times.count, flopsPerEpoch / median / 1e9, architecture.description,
            communicator.size, globalRows, settings.batchSize, batches, share,
            trainer.network.parameters.reduce(0) { $0 + $1.value.values.count } + trainer.representatives.value.values.count))
}

try measure("pretrain") { try trainer.pretrain(epochs: 1) }
try trainer.initializeRepresentativesWithKMeans()
try measure("finetune") { try trainer.train(schedule: .constant(1000, epochs: 1)) }
Distribution.leave(communicator)
