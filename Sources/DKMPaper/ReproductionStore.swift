import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// One finished run of a reproduction (a file of its own, so a stopped reproduction resumes).
package struct ReproductionRecord: Codable, Equatable, Sendable {
    package var dataset: String
    package var method: ClusteringMethod
    package var seed: UInt64
    /// The weight of the clustering term: the paper's λ (IDEC's γ); nil for KM and AE-KM,
    /// which have none. Stored as "tradeoff", as earlier records were.
    package var lambda: Float?
    package var settings: DeepKMeansSettings
    /// "validation" and "test"; empty when the run failed.
    package var scores: [String: ClusteringScores]
    /// Why the run gave no clustering (a diverging loss at this lambda, say).
    package var failure: String?
    /// Wall seconds of training, over every process that worked on the run (a run resumed from
    /// a checkpoint adds the seconds before it; work lost after the last checkpoint is not counted).
    package var seconds: Double
    /// Epochs trained after pretraining (`ClusteringRun.fineTuningEpochs`): fewer than the
    /// settings ask for when IDEC stopped early. Nil for KM, failed runs and older records.
    package var fineTuningEpochs: Int?

    private enum CodingKeys: String, CodingKey {
        case dataset, method, seed, lambda = "tradeoff", settings, scores, failure, seconds, fineTuningEpochs
    }

    package init(
        dataset: String, method: ClusteringMethod, seed: UInt64, lambda: Float?, settings: DeepKMeansSettings,
        scores: [String: ClusteringScores], failure: String? = nil, seconds: Double, fineTuningEpochs: Int? = nil
    ) {
        self.dataset = dataset
        self.method = method
        self.seed = seed
        self.lambda = lambda
        self.settings = settings
        self.scores = scores
        self.failure = failure
        self.seconds = seconds
        self.fineTuningEpochs = fineTuningEpochs
    }
}

/// The folder of a reproduction's runs:
///
///     <folder>/<dataset>/<method>/<seed>.json                       the reported runs
///     <folder>/<dataset>/<method>/search/<lambda|gamma>-<v>/<seed>.json   the line search
package struct ReproductionStore: Sendable {
    package let folder: String

    package init(folder: String) { self.folder = folder }

    package func methodFolder(dataset: String, method: ClusteringMethod) -> String {
        ((folder as NSString).appendingPathComponent(dataset) as NSString).appendingPathComponent(method.rawValue)
    }

    /// The methods with a folder of runs for `dataset`, in `ClusteringMethod.allCases` order.
    package func storedMethods(dataset: String) -> [ClusteringMethod] {
        ClusteringMethod.allCases.filter { method in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: methodFolder(dataset: dataset, method: method), isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// Where a run's record goes: `search` runs under their lambda, reported runs directly.
    package func path(dataset: String, method: ClusteringMethod, seed: UInt64, searchValue: Float?) -> String {
        var directory = methodFolder(dataset: dataset, method: method)
        if let searchValue {
            directory = ((directory as NSString).appendingPathComponent("search") as NSString)
                .appendingPathComponent(ReproductionStore.searchFolderName(method: method, value: searchValue))
        }
        return (directory as NSString).appendingPathComponent("\(seed).json")
    }

    static func searchFolderName(method: ClusteringMethod, value: Float) -> String {
        "\(method.lambdaName)-\(ReproductionStore.format(value))"
    }

    /// 1e-04 -> "0.0001", 1000 -> "1000": short and exact for the powers of ten searched.
    package static func format(_ value: Float) -> String { String(format: "%g", Double(value)) }

    /// The record at `path`, if there is one; it must have been made with `settings`.
    package func read(_ path: String, expecting settings: DeepKMeansSettings) throws -> ReproductionRecord? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let record = try ReproductionStore.decode(path)
        guard record.settings == settings else {
            throw DataFileError(
                file: path,
                .mismatch(
                    "this run was made with other settings than the ones asked for now; remove it or use another --out"))
        }
        return record
    }

    package func write(_ record: ReproductionRecord, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        let encoder = JSONEncoder.readable
        try AtomicFile.write(encoder.encode(record), to: path)
    }

    /// Every record of a data set and method found on disk: the reported runs (seed order) and
    /// the line search's runs.
    package func records(dataset: String, method: ClusteringMethod) throws -> (reported: [ReproductionRecord], search: [ReproductionRecord])
    {
        let directory = methodFolder(dataset: dataset, method: method)
        let reported = try jsonFiles(in: directory).map(ReproductionStore.decode)
        var search: [ReproductionRecord] = []
        let searchFolder = (directory as NSString).appendingPathComponent("search")
        for value in (try? FileManager.default.contentsOfDirectory(atPath: searchFolder).sorted()) ?? [] {
            search += try jsonFiles(in: (searchFolder as NSString).appendingPathComponent(value)).map(ReproductionStore.decode)
        }
        return (reported.sorted { $0.seed < $1.seed }, search)
    }

    private func jsonFiles(in directory: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".json") && UInt64($0.dropLast(5)) != nil }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    static func decode(_ path: String) throws -> ReproductionRecord {
        do {
            return try JSONDecoder().decode(ReproductionRecord.self, from: Data(FileBytes.read(path)))
        } catch let error as DataFileError {
            throw error
        } catch {
            throw DataFileError(file: path, .mismatch("not a dkm reproduction record: \(error)"))
        }
    }
}
