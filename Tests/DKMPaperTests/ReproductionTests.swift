import DKMPaper
import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct StudentTTestTests {
    /// Closed forms: with 1 degree of freedom (Cauchy) p = 1 - 2 atan|t| / pi, with 2 degrees
    /// p = 1 - |t| / sqrt(2 + t^2); and the printed tables' critical values.
    @Test func pValuesMatchClosedFormsAndTables() {
        for t in [0.1, 0.5, 1, 2.5, 10] {
            #expect(abs(StudentTTest.twoSidedPValue(t: t, degreesOfFreedom: 1) - (1 - 2 * atan(t) / Double.pi)) < 1e-12)
            #expect(abs(StudentTTest.twoSidedPValue(t: -t, degreesOfFreedom: 2) - (1 - t / (2 + t * t).squareRoot())) < 1e-12)
        }
        // Two-sided 5% and 1% critical values: t(18) = 2.100922, t(10) = 3.169273, t(5) = 2.570582.
        #expect(abs(StudentTTest.twoSidedPValue(t: 2.100922, degreesOfFreedom: 18) - 0.05) < 1e-6)
        #expect(abs(StudentTTest.twoSidedPValue(t: 3.169273, degreesOfFreedom: 10) - 0.01) < 1e-6)
        #expect(abs(StudentTTest.twoSidedPValue(t: 2.570582, degreesOfFreedom: 5) - 0.05) < 1e-6)
        // scipy.stats.t values: 2 * t.sf(0.5, 30) and 2 * t.sf(12, 4).
        #expect(abs(StudentTTest.twoSidedPValue(t: 0.5, degreesOfFreedom: 30) - 0.6207230048851272) < 1e-10)
        #expect(abs(StudentTTest.twoSidedPValue(t: 12, degreesOfFreedom: 4) - 0.000276428548502973) < 1e-12)
    }

    /// Pooled-variance statistic by hand: means 3 and 6, sample variances 2.5 and 10, pooled
    /// 6.25, standard error sqrt(6.25 * 2 / 5), t = -3 / 1.5811 = -1.8974 with 8 degrees of
    /// freedom; p as scipy.stats.ttest_ind gives it.
    @Test func twoSampleTestMatchesHandAndScipy() throws {
        let result = try #require(StudentTTest.twoSided([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]))
        #expect(abs(result.t - -1.8973665961010275) < 1e-12 && result.degreesOfFreedom == 8)
        #expect(abs(result.p - 0.09434977284243762) < 1e-10)
        let second = try #require(StudentTTest.twoSided([70.1, 72.3, 69.8, 71.0, 73.2], [75.5, 74.1, 76.2, 73.9, 75.0]))
        #expect(abs(second.t - -4.709367865793063) < 1e-10 && abs(second.p - 0.0015229175994458896) < 1e-10)
        #expect(StudentTTest.twoSided([1, 1, 1], [1, 1])?.p == 1)
        #expect(StudentTTest.twoSided([1, 1, 1], [2, 2])?.p == 0)
        #expect(StudentTTest.twoSided([1], [2, 3]) == nil)
    }
}

@Suite struct ReproductionTests {
    static let seeds: [UInt64] = [8905, 9129, 291]

    func dataset() -> ReproductionDataset {
        let (points, labels) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 6, spread: 1, seed: 7)
        let data = Dataset(name: "blobs", features: .dense(points), labels: labels)
        return ReproductionDataset(
            name: "blobs", data: data,
            split: EvaluationSplit(
                validation: Array(stride(from: 0, to: 90, by: 10)),
                test: (0..<90).filter { $0 % 10 != 0 }),
            clusterCount: 3)
    }

    func reproduction(
        _ folder: String, methods: [ClusteringMethod] = [.km, .dkmPretrained],
        seeds: [UInt64] = ReproductionTests.seeds
    ) -> Reproduction {
        let reproduction = Reproduction(
            datasets: [dataset()], methods: methods, seeds: seeds,
            store: ReproductionStore(folder: folder))
        reproduction.searchRuns = 1
        reproduction.searchValues = [0.1, 1]
        reproduction.baseSettings = { dataset, method in TestSupport.smallSettings(method, clusters: dataset.clusterCount) }
        return reproduction
    }

    /// Trained (not reused) runs, in the order they finished.
    func trainedRuns(_ reproduction: Reproduction) throws -> [ReproductionTask] {
        var trained: [ReproductionTask] = []
        try reproduction.run { event in
            if case let .finished(task, _, reused, _, _, _) = event, !reused { trained.append(task) }
        }
        return trained
    }

    /// The grid: KM over 3 seeds; DKMp's search (2 values x 1 seed), then 3 seeds at the chosen
    /// value of which the first is the search run, reused. A second run trains nothing.
    @Test func runsTheGridOnceAndReusesStoredRuns() throws {
        let directory = TemporaryDirectory()
        var selected: [Float] = []
        let reproduction = reproduction(directory.path)
        #expect(reproduction.runCount == 3 + 2 + 2)
        var trained: [ReproductionTask] = []
        var counts: [(Int, Int)] = []
        try reproduction.run { event in
            switch event {
            case let .finished(task, _, reused, done, total, _):
                if !reused { trained.append(task) }
                counts.append((done, total))
            case let .selected(_, _, value, _): selected.append(value)
            case .progress: break
            }
        }
        #expect(trained.filter { $0.method == .km }.count == 3)
        #expect(trained.filter { $0.method == .dkmPretrained && $0.isSearch }.count == 2)
        #expect(trained.filter { $0.method == .dkmPretrained && !$0.isSearch }.map(\.seed) == [9129, 291])
        #expect(selected.count == 1)
        #expect(counts.map(\.0) == Array(1...7) && counts.allSatisfy { $0.1 == 7 })  // every run counted once
        let store = ReproductionStore(folder: directory.path)
        #expect(store.storedMethods(dataset: "blobs") == [.km, .dkmPretrained] && store.storedMethods(dataset: "usps").isEmpty)
        let (reported, search) = try store.records(dataset: "blobs", method: .dkmPretrained)
        #expect(reported.map(\.seed) == ReproductionTests.seeds.sorted() && search.count == 2)
        #expect(reported.allSatisfy { $0.lambda == selected[0] && $0.settings.lambda == selected[0] })
        // Each record counts its fine-tuning epochs (3 at alpha = 1000); KM has none.
        #expect(reported.allSatisfy { $0.fineTuningEpochs == 3 })
        #expect(try store.records(dataset: "blobs", method: .km).reported.allSatisfy { $0.fineTuningEpochs == nil })
        // The reused search run is that seed's reported run, record for record.
        let first = try #require(search.first { $0.seed == 8905 && $0.lambda == selected[0] })
        #expect(reported.first { $0.seed == 8905 } == first)
        // The choice is the best mean validation ACC of the search.
        let searchACC = Dictionary(uniqueKeysWithValues: search.map { ($0.lambda!, $0.scores["validation"]!.acc) })
        #expect(searchACC[selected[0]]! == searchACC.values.max()!)
        #expect(try trainedRuns(reproduction).isEmpty)
    }

    /// A reproduction that stops part-way (here on a failing method) keeps its finished runs;
    /// rerun, it trains only what is missing, with the same results.
    @Test func resumesWithoutRepeatingFinishedRuns() throws {
        let directory = TemporaryDirectory()
        let broken = reproduction(directory.path)
        broken.baseSettings = { dataset, method in
            var settings = TestSupport.smallSettings(method, clusters: dataset.clusterCount)
            if method == .dkmPretrained { settings.batchSize = 0 }  // invalid: the grid stops here
            return settings
        }
        #expect(throws: ClusteringError.self) { try broken.run { _ in } }
        let store = ReproductionStore(folder: directory.path)
        let kmBefore = try store.records(dataset: "blobs", method: .km).reported
        #expect(kmBefore.count == 3)
        let trained = try trainedRuns(reproduction(directory.path))
        #expect(!trained.contains { $0.method == .km })
        #expect(trained.filter { $0.method == .dkmPretrained }.count == 4)
        #expect(try store.records(dataset: "blobs", method: .km).reported == kmBefore)
        // Growing the grid (more seeds) trains only the new seeds.
        let more = try trainedRuns(reproduction(directory.path, seeds: ReproductionTests.seeds + [4012]))
        #expect(Set(more.map(\.seed)) == [4012] && more.count == 2)
    }

    /// Records written before `fineTuningEpochs` existed still read, with no epoch count; the
    /// count, when known, is the CSV's `epochs` column.
    @Test func recordsWithoutAnEpochCountStillRead() throws {
        let directory = TemporaryDirectory()
        let store = ReproductionStore(folder: directory.path)
        let score = ClusteringScores(acc: 0.5, nmi: 0.4, ari: 0.3)
        let record = ReproductionRecord(
            dataset: "usps", method: .idecPretrained, seed: 8905, lambda: 1,
            settings: ClusteringMethod.idecPretrained.defaultSettings(clusterCount: 10),
            scores: ["test": score], seconds: 2, fineTuningEpochs: 7)
        let path = store.path(dataset: "usps", method: .idecPretrained, seed: 8905, searchValue: nil)
        try store.write(record, to: path)
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(json["fineTuningEpochs"] as? Int == 7)
        #expect(json["tradeoff"] as? Double == 1)  // the stored name of lambda, as in earlier records
        let summary = try ReproductionSummary(store: store, datasets: ["usps"], methods: [.idecPretrained])
        let row = "usps,idec-p,reported,1,8905,test,0.500000,0.400000,0.300000,2.0,7,"
        #expect(
            try ReproductionTables.csv(summary, store: store).split(separator: "\n").map(String.init)
                == ["dataset,method,kind,tradeoff,seed,subset,acc,nmi,ari,seconds,epochs,failure", row])
        json["fineTuningEpochs"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        let old = try #require(try store.records(dataset: "usps", method: .idecPretrained).reported.first)
        #expect(old.fineTuningEpochs == nil && old.scores == record.scores)
        #expect(try ReproductionTables.csv(summary, store: store).hasSuffix(",2.0,,\n"))
    }

    @Test func storedRunsOfOtherSettingsAreAClearError() throws {
        let directory = TemporaryDirectory()
        try reproduction(directory.path, methods: [.km]).run { _ in }
        let changed = reproduction(directory.path, methods: [.km])
        changed.baseSettings = { dataset, method in
            var settings = TestSupport.smallSettings(method, clusters: dataset.clusterCount)
            settings.kmeans.restarts = 5
            return settings
        }
        let error = try #require(throws: DataFileError.self) { try changed.run { _ in } }
        #expect(error.file.hasSuffix("blobs/km/8905.json"))
    }

    /// Bold and underline as the paper: no significant difference from the best with (bold) or
    /// without (underline) pretraining, by the two-sided t-test on the per-seed test scores.
    @Test func tablesMarkSignificanceAsThePaper() throws {
        let directory = TemporaryDirectory()
        let store = ReproductionStore(folder: directory.path)
        let accuracies: [ClusteringMethod: [Double]] = [
            .km: [0.50, 0.52, 0.51], .dkmAnnealed: [0.60, 0.64, 0.62], .aeKMeans: [0.70, 0.71, 0.72],
            .dkmPretrained: [0.74, 0.75, 0.76], .dcnPretrained: [0.69, 0.78, 0.72], .dcnNonPretrained: [0.30, 0.31, 0.29],
        ]
        for (method, values) in accuracies {
            for (seed, acc) in zip(ReproductionTests.seeds, values) {
                let record = ReproductionRecord(
                    dataset: "usps", method: method, seed: seed, lambda: method.hasLambda ? 1 : nil,
                    settings: method.defaultSettings(clusterCount: 10),
                    scores: ["test": ClusteringScores(acc: acc, nmi: acc, ari: acc)], seconds: 1)
                try store.write(record, to: store.path(dataset: "usps", method: method, seed: seed, searchValue: nil))
            }
        }
        let summary = try ReproductionSummary(store: store, datasets: ["usps"], methods: PaperResults.table1)
        let table = try #require(summary.tables.first)
        func mark(_ method: ClusteringMethod) -> ReproductionSummary.Mark { table.mark(dataset: "usps", method: method, metric: "acc")! }
        #expect(mark(.dkmPretrained).bold && mark(.dkmAnnealed).underline)  // the two bests
        #expect(mark(.dcnPretrained).bold)  // spread too wide to differ
        let p = StudentTTest.twoSided([69, 78, 72], [74, 75, 76])!.p
        #expect(abs(mark(.dcnPretrained).pAgainstBestPretrained! - p) < 1e-12 && p > 0.05)
        #expect(!mark(.aeKMeans).bold && !mark(.km).underline && !mark(.dcnNonPretrained).bold)
        let markdown = ReproductionTables.markdown(summary)
        #expect(markdown.contains("| DKMp | 1 | 3 | **75.0 ± 0.8** | *75.7 ± 1.3* | -0.7 |"))
        #expect(markdown.contains("| DKMa | 1 | 3 | <u>62.0 ± 1.6</u> | *75.5 ± 6.8* | -13.5 |"))
        try ReproductionTables.write(summary, store: store)
        let csv = try String(contentsOfFile: directory.file("results.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 18)
    }

    /// The tables show the grid asked for: a folder that also holds runs of other seeds (a larger
    /// search, more runs) summarizes only the given seeds.
    @Test func summaryKeepsTheGridsSeeds() throws {
        let directory = TemporaryDirectory()
        let store = ReproductionStore(folder: directory.path)
        let settings = ClusteringMethod.dkmPretrained.defaultSettings(clusterCount: 10)
        for (index, seed) in ReproductionTests.seeds.enumerated() {
            let score = ClusteringScores(acc: 0.5 + 0.1 * Double(index), nmi: 0.5, ari: 0.5)
            for (value, path) in [
                (Float(0.1), store.path(dataset: "usps", method: .dkmPretrained, seed: seed, searchValue: 0.1)),
                (Float(1), store.path(dataset: "usps", method: .dkmPretrained, seed: seed, searchValue: nil)),
            ] {
                let record = ReproductionRecord(
                    dataset: "usps", method: .dkmPretrained, seed: seed, lambda: value,
                    settings: settings, scores: ["validation": score, "test": score], seconds: 1)
                try store.write(record, to: path)
            }
        }
        let all = try ReproductionSummary(store: store, datasets: ["usps"], methods: [.dkmPretrained])
        #expect(all.datasets[0].methods[0].runs == 3 && all.datasets[0].methods[0].search[0].validationACC.count == 3)
        let grid = try ReproductionSummary(
            store: store, datasets: ["usps"], methods: [.dkmPretrained],
            seeds: Array(ReproductionTests.seeds.prefix(2)), searchSeeds: [ReproductionTests.seeds[0]])
        let method = grid.datasets[0].methods[0]
        #expect(method.runs == 2 && Set(method.seeds) == Set(ReproductionTests.seeds.prefix(2)))
        #expect(method.search.map(\.validationACC) == [[0.5]])
        // results.csv lists the same runs: 2 reported and 1 search run, two subsets each.
        #expect(try ReproductionTables.csv(grid, store: store).split(separator: "\n").count == 1 + 6)
        #expect(try ReproductionTables.csv(all, store: store).split(separator: "\n").count == 1 + 12)
    }
}
