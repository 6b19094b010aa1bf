import DeepKMeans
import Foundation
import DKMClustering
import DKMCore
import DKMData

/// Plain-text lines for `dkm evaluate`: one per run, then mean ± std per subset.
package enum ExperimentText {
    package static func line(for run: RunReport) -> String {
        var text = "seed \(run.seed): " + scoresText(run.scores) + String(format: " (%.0fs)", run.seconds)
        if let initialization = run.initialization { text += "\n  its AE-KM initialization: " + scoresText(initialization) }
        return text
    }

    static func scoresText(_ scores: [String: ClusteringScores]) -> String {
        scores.keys.sorted(by: subsetOrder).map { subset in
            let s = scores[subset]!
            return subset + String(format: " ACC %.4f NMI %.4f ARI %.4f", s.acc, s.nmi, s.ari)
        }.joined(separator: " | ")
    }

    package static func summaryLines(_ report: ExperimentReport) -> [String] {
        var lines = summaryLines(report.summary, runs: report.runs.count, prefix: "")
        if let initialization = report.initializationSummary {
            lines += summaryLines(initialization, runs: report.runs.count, prefix: "AE-KM (DKMp's initialization) ")
        }
        return lines
    }

    static func summaryLines(_ summary: [String: ScoreSummary], runs: Int, prefix: String) -> [String] {
        summary.keys.sorted(by: subsetOrder).map { subset in
            let s = summary[subset]!
            return "\(prefix)\(subset) over \(runs) run(s): "
                + String(
                    format: "ACC %.4f ± %.4f  NMI %.4f ± %.4f  ARI %.4f ± %.4f", s.acc.mean, s.acc.std, s.nmi.mean, s.nmi.std, s.ari.mean,
                    s.ari.std)
        }
    }

    private static func subsetOrder(_ a: String, _ b: String) -> Bool {
        let order = ["all": 0, "validation": 1, "test": 2]
        return (order[a] ?? 9, a) < (order[b] ?? 9, b)
    }
}
