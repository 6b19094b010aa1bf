import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// The files a reproduction writes next to its runs: `tables.md` (the paper's Tables 1 and 2
/// with our numbers, the paper's and the differences), `results.csv` (one line per run and
/// split) and `results.json` (the summary, significance included).
package enum ReproductionTables {
    static let title = "# Deep k-Means: the paper's Tables 1 and 2, reproduced"
    static let csvHeader = "dataset,method,kind,tradeoff,seed,subset,acc,nmi,ari,seconds,epochs,failure"

    /// The three files in `folder`, each replacing only an earlier file of its own kind (a
    /// user's own `tables.md` in the folder is refused, not overwritten).
    package static func files(in folder: String) -> [OutputFile] {
        func file(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        return [
            OutputFile(file("tables.md")) { $0.starts(with: Array((title + "\n").utf8)) },
            OutputFile(file("results.csv"), headerLine: csvHeader),
            OutputFile(file("results.json")) { start in
                // The summary as JSONEncoder.readable writes it: an object whose first key is "datasets".
                String(decoding: start, as: UTF8.self).replacingOccurrences(of: " ", with: "")
                    .replacingOccurrences(of: "\n", with: "").hasPrefix("{\"datasets\":")
            },
        ]
    }

    /// Checks, before any work, that the three files can be written without replacing a file
    /// dkm did not write, nor lie inside `inputs`.
    package static func check(folder: String, inputs: [String] = []) throws {
        for file in files(in: folder) { try file.check(inputs: inputs) }
    }

    package static func write(_ summary: ReproductionSummary, store: ReproductionStore) throws {
        let files = files(in: store.folder)
        let encoder = JSONEncoder.readable
        let contents = [Data(markdown(summary).utf8), Data(try csv(summary, store: store).utf8), try encoder.encode(summary)]
        for file in files { try file.check() }
        for (file, data) in zip(files, contents) { try file.write(data) }
    }

    package static func displayName(_ dataset: String) -> String {
        ["mnist": "MNIST", "usps": "USPS", "20news": "20NEWS", "rcv1": "RCV1", "fashion-mnist": "Fashion-MNIST"][dataset] ?? dataset
    }

    package static func markdown(_ summary: ReproductionSummary) -> String {
        var lines = [
            title,
            "",
            "Test split of the reference split, ACC and NMI in %, mean ± standard deviation over the runs",
            "(paper's seeds). **Bold**: no significant difference (two-sided Student's t-test, p > 0.05) from the",
            "best method with pretraining in the same table, data set and metric; <u>underlined</u>: the same",
            "against the best method without pretraining. *paper*: the paper's value; Δ: ours − paper.",
            "λ / γ: the value chosen by the line search on validation ACC (or given with --lambda).",
        ]
        for table in summary.tables {
            lines += ["", "## \(table.title)"]
            for dataset in summary.datasets {
                lines += [
                    "", "### \(displayName(dataset.name))", "",
                    "| method | λ / γ | runs | ACC | *paper* | Δ | NMI | *paper* | Δ |",
                    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
                ]
                for method in table.methods {
                    guard let result = dataset.method(method) else { continue }
                    var cells = [
                        method.displayName, result.lambda.map(ReproductionStore.format) ?? "–",
                        result.failures > 0 ? "\(result.runs) (+\(result.failures) failed)" : "\(result.runs)",
                    ]
                    for metric in ["acc", "nmi"] {
                        let ours = metric == "acc" ? result.test?.acc : result.test?.nmi
                        let paper = metric == "acc" ? result.paper?.acc : result.paper?.nmi
                        let mark = table.mark(dataset: dataset.name, method: method, metric: metric)
                        cells.append(ours.map { marked(percent($0), mark) } ?? "–")
                        cells.append(paper.map { String(format: "*%.1f ± %.1f*", $0.mean, $0.std) } ?? "–")
                        if let ours, let paper {
                            cells.append(String(format: "%+.1f", 100 * ours.mean - paper.mean))
                        } else {
                            cells.append("–")
                        }
                    }
                    lines.append("| " + cells.joined(separator: " | ") + " |")
                }
            }
        }
        let searched = summary.datasets.flatMap { dataset in dataset.methods.filter { !$0.search.isEmpty }.map { (dataset, $0) } }
        if !searched.isEmpty {
            lines += [
                "", "## Line search", "",
                "Validation ACC (%) per value, mean over the search seeds; the chosen value in bold; ✗ a run diverged.",
            ]
            for dataset in summary.datasets {
                let methods = dataset.methods.filter { !$0.search.isEmpty }
                guard !methods.isEmpty else { continue }
                let values = Set(methods.flatMap { $0.search.map(\.value) }).sorted()
                lines += [
                    "", "### \(displayName(dataset.name))", "",
                    "| method | runs | " + values.map(ReproductionStore.format).joined(separator: " | ") + " |",
                    "|---|---:|" + String(repeating: "---:|", count: values.count),
                ]
                for method in methods {
                    let runs = method.search.map { $0.validationACC.count + $0.failures }.max() ?? 0
                    let cells = values.map { value -> String in
                        guard let point = method.search.first(where: { $0.value == value }) else { return "" }
                        guard let mean = point.meanValidationACC else { return point.failures > 0 ? "✗" : "" }
                        let text = String(format: "%.1f", 100 * mean)
                        return value == method.lambda ? "**\(text)**" : text
                    }
                    lines.append(
                        "| \(method.method.displayName) (\(method.lambdaName ?? "")) | \(runs) | " + cells.joined(separator: " | ") + " |")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ value: MeanDeviation) -> String { String(format: "%.1f ± %.1f", 100 * value.mean, 100 * value.std) }

    static func marked(_ text: String, _ mark: ReproductionSummary.Mark?) -> String {
        var text = text
        if mark?.underline == true { text = "<u>\(text)</u>" }
        if mark?.bold == true { text = "**\(text)**" }
        return text
    }

    /// One line per stored run and split: reported runs and line-search runs.
    package static func csv(_ summary: ReproductionSummary, store: ReproductionStore) throws -> String {
        var lines = [csvHeader]
        for dataset in summary.datasets {
            for method in dataset.methods {
                let (reported, search) = try summary.records(store: store, dataset: dataset.name, method: method.method)
                for (kind, records) in [("reported", reported), ("search", search)] {
                    for record in records {
                        let common =
                            "\(record.dataset),\(record.method.rawValue),\(kind),\(record.lambda.map(ReproductionStore.format) ?? ""),\(record.seed)"
                        // The seconds and epochs columns.
                        let effort = String(format: "%.1f", record.seconds) + "," + (record.fineTuningEpochs.map(String.init) ?? "")
                        if let failure = record.failure {
                            lines.append("\(common),,,,,\(effort),\"\(failure.replacingOccurrences(of: "\"", with: "\"\""))\"")
                        }
                        for subset in record.scores.keys.sorted() {
                            let s = record.scores[subset]!
                            lines.append("\(common),\(subset),\(String(format: "%.6f,%.6f,%.6f", s.acc, s.nmi, s.ari)),\(effort),")
                        }
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
