import Foundation
import DKMClustering
import DKMCore
import DKMData

/// `clusters.json`: the run's settings and metrics and, per cluster, its size, top terms in both
/// views, typical documents, majority label and purity.
public struct ClusterReport: Codable, Sendable {
    public var method: ClusteringMethod
    public var seed: UInt64
    public var points: Int
    public var settings: DeepKMeansSettings?
    public var summary: ClusterSummary
    public var history: [EpochRecord]
    /// With `--k auto`: the silhouette of every K tried.
    public var clusterCountScores: [ClusterCountSelection.Score]?
    /// Empty and distant clusters, and the comparison with k-means.
    public var diagnostics: ClusteringDiagnostics?

    public init(run: ClusteringRun, summary: ClusterSummary, clusterCountScores: [ClusterCountSelection.Score]? = nil,
                diagnostics: ClusteringDiagnostics? = nil) {
        self.clusterCountScores = clusterCountScores
        self.diagnostics = diagnostics
        method = run.method
        seed = run.seed
        points = run.assignment.clusters.count
        settings = run.settings
        self.summary = summary
        history = run.history
    }
}

/// Writes a clustering's output folder all at once (see `OutputFolder`).
public enum ClusterOutput {
    /// Writes clusters.json, assignments.csv, model/ and (when given) report.html.
    public static func write(to folder: OutputFolder, report: ClusterReport, assignmentsCSV: String,
                             model: ClusteringModel, reportHTML: String?) throws {
        try folder.write { staging in
            let encoder = JSONEncoder.readable
            try AtomicFile.write(encoder.encode(report), to: (staging as NSString).appendingPathComponent("clusters.json"))
            try AtomicFile.write(assignmentsCSV, to: (staging as NSString).appendingPathComponent("assignments.csv"))
            try model.save(to: (staging as NSString).appendingPathComponent("model"))
            if let reportHTML { try AtomicFile.write(reportHTML, to: (staging as NSString).appendingPathComponent("report.html")) }
        }
    }
}
