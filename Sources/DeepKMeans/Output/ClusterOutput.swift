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
    /// With `--k auto`: false when no K stood out.
    public var clusterCountIsClear: Bool?
    /// Empty and distant clusters, and the comparison with k-means.
    public var diagnostics: ClusteringDiagnostics?
    /// The wall time of each phase of the job, in order (a phase inside another comes first:
    /// pretrain, fine-tune, ..., then train).
    public var timings: [PhaseTiming]?
    /// The clusters joined two at a time (agglomerative, in the space the method clusters in).
    public var hierarchy: ClusterHierarchy?
    /// The documents with no term of the vocabulary, in no cluster; `points`, the summary and
    /// the scores count only the others.
    public var unassigned: UnassignedDocuments?
    /// Written by `dkm merge`: the clusters of the model that were joined, and the new numbers.
    public var merge: ClusterMerge?

    public init(
        run: ClusteringRun, summary: ClusterSummary, clusterCountScores: [ClusterCountSelection.Score]? = nil,
        clusterCountIsClear: Bool? = nil, diagnostics: ClusteringDiagnostics? = nil
    ) {
        self.clusterCountScores = clusterCountScores
        self.clusterCountIsClear = clusterCountIsClear
        self.diagnostics = diagnostics
        method = run.method
        seed = run.seed
        points = run.assignment.clusters.count
        settings = run.settings
        self.summary = summary
        history = run.history
        if run.representatives.rows >= 2, summary.clusters.count == run.representatives.rows {
            hierarchy = ClusterHierarchy(representatives: run.representatives, sizes: summary.clusters.map(\.size), distance: run.distance)
        }
    }
}

/// Writes a clustering's output folder all at once (see `OutputFolder`).
public enum ClusterOutput {
    /// Writes clusters.json, assignments.csv, model/ and, when given, report.html,
    /// topic_info.csv (text) and embeddings.safetensors (methods with an embedding: one row per
    /// point, in the order of assignments.csv).
    public static func write(
        to folder: OutputFolder, report: ClusterReport, assignmentsCSV: String,
        model: ClusteringModel, reportHTML: String?, topicInfoCSV: String? = nil,
        embeddings: Matrix? = nil
    ) throws {
        try folder.write { staging in
            if let topicInfoCSV { try AtomicFile.write(topicInfoCSV, to: (staging as NSString).appendingPathComponent("topic_info.csv")) }
            if let embeddings {
                let bytes = try SafeTensors.encode(
                    ["embeddings": SafeTensors.Tensor(embeddings)],
                    metadata: [
                        "format": "dkm",
                        "rows": "the points, in the order of assignments.csv (its unassigned rows, last, have none)",
                    ])
                try AtomicFile.write(Data(bytes), to: (staging as NSString).appendingPathComponent("embeddings.safetensors"))
            }
            let encoder = JSONEncoder.readable
            try AtomicFile.write(encoder.encode(report), to: (staging as NSString).appendingPathComponent("clusters.json"))
            try AtomicFile.write(assignmentsCSV, to: (staging as NSString).appendingPathComponent("assignments.csv"))
            try model.save(to: (staging as NSString).appendingPathComponent("model"))
            if let reportHTML { try AtomicFile.write(reportHTML, to: (staging as NSString).appendingPathComponent("report.html")) }
        }
    }
}
