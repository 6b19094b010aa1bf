import Foundation
import DeepKMeans

/// Small helpers shared by the tests.
public enum TestSupport {
    /// The repository's root (this file is Tests/DKMTestSupport/TestSupport.swift).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The corpora shipped in `corpora/`.
    public static let corpora = repositoryRoot.appendingPathComponent("corpora").path

    /// The path of a product built beside this test bundle (`dkm`, `dkm-mpi-check`): the
    /// configuration the tests were built in (`swift test -c release` runs the release dkm).
    public static func builtProduct(_ name: String) -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(name).path
    }
    /// The project's data sets, not in the repository (`DKM_DATASETS`, else `../shared/datasets`
    /// beside the checkout); tests that need them are skipped where they are absent.
    /// A process of the built dkm with `arguments`, in an environment of its own: no sentence
    /// encoder installed (an empty DKM_MODELS, so `--encoder auto` reads tf-idf rows whatever this
    /// machine holds) and embeddings cached in a temporary folder, not the user's.
    public static func dkmProcess(_ arguments: [String], models: String? = nil) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: builtProduct("dkm"))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.merging(isolatedEnvironment) { $1 }
        if let models { environment["DKM_MODELS"] = models }
        process.environment = environment
        return process
    }

    /// DKM_MODELS (an empty folder) and DKM_CACHE (a temporary one), for any dkm a test starts.
    public static var isolatedEnvironment: [String: String] {
        ["DKM_MODELS": isolatedFolder("no-models"), "DKM_CACHE": isolatedFolder("cache")]
    }

    /// A folder under the temporary directory shared by this test run's processes.
    static func isolatedFolder(_ name: String) -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("dkm-tests-\(getpid())-\(name)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    public static let datasets =
        ProcessInfo.processInfo.environment["DKM_DATASETS"]
        ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path

    public static func randomMatrix(rows: Int, columns: Int, random: inout RandomGenerator, range: ClosedRange<Float> = -1...1) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in m.values.indices { m.values[i] = random.uniform(range.lowerBound, range.upperBound) }
        return m
    }

    /// A method's settings shrunk for quick tests: a small network and few epochs.
    public static func smallSettings(
        _ method: ClusteringMethod = .dkmPretrained, clusters: Int, hidden: [Int] = [16],
        batchSize: Int = 16, pretrainEpochs: Int = 4, epochs: Int = 3, restarts: Int = 2
    ) -> DeepKMeansSettings {
        var settings = method.defaultSettings(clusterCount: clusters)
        settings.hiddenSizes = hidden
        settings.batchSize = batchSize
        settings.pretrainEpochs = pretrainEpochs
        settings.alphaSchedule = .constant(1000, epochs: epochs)
        settings.baselineEpochs = epochs
        settings.kmeans.restarts = restarts
        return settings
    }

    /// Relative difference that tolerates tiny gradients.
    public static func relativeError(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(a), abs(b), 1e-2)
    }

    /// Central finite difference of `loss` with respect to a value that `set` changes
    /// (and restores to `original`).
    public static func numericalDerivative(at original: Float, step: Float = 1e-3, set: (Float) -> Void, loss: () -> Double) -> Double {
        set(original + step)
        let plus = loss()
        set(original - step)
        let minus = loss()
        set(original)
        return (plus - minus) / Double(2 * step)
    }

    /// Well-separated Gaussian blobs: `perCluster` points around each of `clusters` random centers.
    public static func blobs(clusters: Int, perCluster: Int, dimensions: Int, spread: Float, seed: UInt64) -> (Matrix, [Int]) {
        var random = RandomGenerator(seed: seed)
        let centers = randomMatrix(rows: clusters, columns: dimensions, random: &random, range: -5...5)
        var rows: [[Float]] = []
        var labels: [Int] = []
        for c in 0..<clusters {
            for _ in 0..<perCluster {
                rows.append((0..<dimensions).map { centers[c, $0] + spread * gaussian(&random) })
                labels.append(c)
            }
        }
        let order = random.permutation(rows.count)
        return (Matrix(rowArrays: order.map { rows[$0] }), order.map { labels[$0] })
    }

    public static func gaussian(_ random: inout RandomGenerator) -> Float {
        let u = max(random.nextUnitDouble(), 1e-12), v = random.nextUnitDouble()
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }
}

import Foundation

/// Documents held in memory.
public struct InMemorySource: DocumentSource {
    public var documents: [Document]
    public init(documents: [Document]) { self.documents = documents }
    public func forEachDocument(_ body: (Document) throws -> Void) throws { try documents.forEach(body) }
}
