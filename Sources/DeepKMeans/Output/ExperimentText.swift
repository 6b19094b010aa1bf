import Foundation

/// Plain-text lines for `dkm evaluate`: one per run, then mean ± std per subset.
public enum ExperimentText {
    public static func line(for run: RunReport) -> String {
        let parts = run.scores.keys.sorted(by: subsetOrder).map { subset in
            let s = run.scores[subset]!
            return subset + String(format: " ACC %.4f NMI %.4f ARI %.4f", s.acc, s.nmi, s.ari)
        }
        return "seed \(run.seed): " + parts.joined(separator: " | ") + String(format: " (%.0fs)", run.seconds)
    }

    public static func summaryLines(_ report: ExperimentReport) -> [String] {
        report.summary.keys.sorted(by: subsetOrder).map { subset in
            let s = report.summary[subset]!
            return "\(subset) over \(report.runs.count) run(s): " + String(format: "ACC %.4f ± %.4f  NMI %.4f ± %.4f  ARI %.4f ± %.4f", s.acc.mean, s.acc.std, s.nmi.mean, s.nmi.std, s.ari.mean, s.ari.std)
        }
    }

    private static func subsetOrder(_ a: String, _ b: String) -> Bool {
        let order = ["all": 0, "validation": 1, "test": 2]
        return (order[a] ?? 9, a) < (order[b] ?? 9, b)
    }
}
