import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// What a reproduction found, gathered from its stored runs: per data set and method the
/// test and validation summaries, the line search and the paper's numbers; per paper table,
/// which results do not differ significantly from the best with and without pretraining.
package struct ReproductionSummary: Codable, Sendable {
    package struct Method: Codable, Sendable {
        package var method: ClusteringMethod
        package var lambdaName: String?
        package var lambda: Float?
        package var runs: Int
        package var failures: Int
        package var seeds: [UInt64]
        /// Scores as fractions (0...1), as `dkm evaluate` reports them.
        package var test: ScoreSummary?
        package var validation: ScoreSummary?
        package var meanSeconds: Double?
        /// Percent, as the paper prints them.
        package var paper: PaperResults.Cell?
        package var search: [SearchPoint]
        /// Per seed, test ACC and NMI in percent (for the t-tests).
        package var testACC: [Double]
        package var testNMI: [Double]

        // results.json keeps the names it had ("tradeoff" for λ or γ).
        private enum CodingKeys: String, CodingKey {
            case method, lambdaName = "tradeoffName", lambda = "tradeoff", runs, failures, seeds, test, validation, meanSeconds
            case paper, search, testACC, testNMI
        }
    }

    package struct DatasetResults: Codable, Sendable {
        package var name: String
        package var methods: [Method]

        package func method(_ method: ClusteringMethod) -> Method? { methods.first { $0.method == method } }
    }

    /// A cell's significance marks: bold = not significantly different (p > 0.05) from the
    /// table's best method with pretraining on that data set and metric, underline = the same
    /// against the best without pretraining (each best is marked too).
    package struct Mark: Codable, Equatable, Sendable {
        package var dataset: String
        package var method: ClusteringMethod
        package var metric: String
        package var pAgainstBestPretrained: Double?
        package var pAgainstBestNotPretrained: Double?
        package var bold: Bool
        package var underline: Bool
    }

    package struct Table: Codable, Sendable {
        package var title: String
        package var methods: [ClusteringMethod]
        package var marks: [Mark]

        package func mark(dataset: String, method: ClusteringMethod, metric: String) -> Mark? {
            marks.first { $0.dataset == dataset && $0.method == method && $0.metric == metric }
        }
    }

    package static let significanceLevel = 0.05

    package var datasets: [DatasetResults]
    package var tables: [Table]
    /// The seeds of the reported runs and of the line search summarized (nil: every stored run).
    package var seeds: [UInt64]?
    package var searchSeeds: [UInt64]?

    /// Reads the stored runs of `datasets` x `methods` in `store`: the reported runs of `seeds`
    /// and the line-search runs of `searchSeeds` (every stored one when nil), so that the tables
    /// show the grid that was asked for even when the folder holds runs of a larger one.
    package init(
        store: ReproductionStore, datasets: [String], methods: [ClusteringMethod],
        seeds: [UInt64]? = nil, searchSeeds: [UInt64]? = nil
    ) throws {
        self.seeds = seeds
        self.searchSeeds = searchSeeds
        let records = { (name: String, method: ClusteringMethod) in
            try ReproductionSummary.records(store: store, dataset: name, method: method, seeds: seeds, searchSeeds: searchSeeds)
        }
        let results = try datasets.map { name in
            DatasetResults(
                name: name,
                methods: try methods.map { method in
                    try ReproductionSummary.method(method, dataset: name, records: records(name, method))
                })
        }
        self.datasets = results
        let tableMethods = [
            ("Table 1: k-means-related methods", PaperResults.table1),
            ("Table 2: DKM and IDEC", PaperResults.table2),
        ]
        tables = tableMethods.compactMap { title, rows in
            let present = rows.filter { methods.contains($0) }
            return present.isEmpty ? nil : Table(title: title, methods: present, marks: ReproductionSummary.marks(results, present))
        }
    }

    /// The stored runs of one data set and method that this summary covers.
    package func records(
        store: ReproductionStore, dataset: String,
        method: ClusteringMethod
    ) throws -> (reported: [ReproductionRecord], search: [ReproductionRecord]) {
        try ReproductionSummary.records(store: store, dataset: dataset, method: method, seeds: seeds, searchSeeds: searchSeeds)
    }

    static func records(
        store: ReproductionStore, dataset: String, method: ClusteringMethod, seeds: [UInt64]?,
        searchSeeds: [UInt64]?
    ) throws -> (reported: [ReproductionRecord], search: [ReproductionRecord]) {
        var (reported, search) = try store.records(dataset: dataset, method: method)
        if let seeds { reported = reported.filter { seeds.contains($0.seed) } }
        if let searchSeeds { search = search.filter { searchSeeds.contains($0.seed) } }
        return (reported, search)
    }

    static func method(
        _ method: ClusteringMethod, dataset: String,
        records: (reported: [ReproductionRecord], search: [ReproductionRecord])
    ) -> Method {
        let (reported, search) = records
        let succeeded = reported.filter { $0.failure == nil }
        let tests = succeeded.compactMap { $0.scores["test"] }
        let validations = succeeded.compactMap { $0.scores["validation"] }
        let values = Set(search.compactMap(\.lambda)).sorted()
        let points = values.map { value in
            let runs = search.filter { $0.lambda == value }
            return SearchPoint(
                value: value, validationACC: runs.compactMap { $0.scores["validation"]?.acc },
                failures: runs.filter { $0.failure != nil }.count)
        }
        return Method(
            method: method, lambdaName: method.hasLambda ? method.lambdaName : nil,
            lambda: reported.compactMap(\.lambda).first, runs: succeeded.count,
            failures: reported.count - succeeded.count, seeds: succeeded.map(\.seed),
            test: tests.isEmpty ? nil : ScoreSummary(tests), validation: validations.isEmpty ? nil : ScoreSummary(validations),
            meanSeconds: reported.isEmpty ? nil : reported.map(\.seconds).reduce(0, +) / Double(reported.count),
            paper: PaperResults.cell(dataset: dataset, method: method), search: points,
            testACC: tests.map { 100 * $0.acc }, testNMI: tests.map { 100 * $0.nmi })
    }

    /// The paper's marking, per data set and metric, among the rows of one table.
    static func marks(_ datasets: [DatasetResults], _ rows: [ClusteringMethod]) -> [Mark] {
        var marks: [Mark] = []
        for dataset in datasets {
            for metric in ["acc", "nmi"] {
                let samples = Dictionary(
                    uniqueKeysWithValues: rows.compactMap { method -> (ClusteringMethod, [Double])? in
                        guard let result = dataset.method(method), result.runs > 0 else { return nil }
                        return (method, metric == "acc" ? result.testACC : result.testNMI)
                    })
                func mean(_ method: ClusteringMethod) -> Double { samples[method]!.reduce(0, +) / Double(samples[method]!.count) }
                func best(pretrained: Bool) -> ClusteringMethod? {
                    samples.keys.filter { $0.usesPretraining == pretrained }.max {
                        mean($0) < mean($1) || (mean($0) == mean($1) && $0.rawValue > $1.rawValue)
                    }
                }
                let bestPretrained = best(pretrained: true), bestNotPretrained = best(pretrained: false)
                for method in rows where samples[method] != nil {
                    func test(against best: ClusteringMethod?) -> (p: Double?, marked: Bool) {
                        guard let best else { return (nil, false) }
                        if best == method { return (nil, true) }
                        let p = StudentTTest.twoSided(samples[method]!, samples[best]!)?.p
                        return (p, p.map { $0 > significanceLevel } ?? false)
                    }
                    let pretrained = test(against: bestPretrained), notPretrained = test(against: bestNotPretrained)
                    marks.append(
                        Mark(
                            dataset: dataset.name, method: method, metric: metric,
                            pAgainstBestPretrained: pretrained.p, pAgainstBestNotPretrained: notPretrained.p,
                            bold: pretrained.marked, underline: notPretrained.marked))
                }
            }
        }
        return marks
    }
}
