import Foundation

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

    public init(run: ClusteringRun, summary: ClusterSummary, clusterCountScores: [ClusterCountSelection.Score]? = nil) {
        self.clusterCountScores = clusterCountScores
        method = run.method
        seed = run.seed
        points = run.assignment.clusters.count
        settings = run.settings
        self.summary = summary
        history = run.history
    }
}

public enum OutputError: Error, Equatable, CustomStringConvertible {
    case notEmpty(String)

    public var description: String {
        switch self {
        case .notEmpty(let path): "\(path) exists and is not empty; choose another --out or add --force to replace it"
        }
    }
}

/// Writes a clustering's output folder all at once: everything goes to a temporary sibling
/// folder first, which then replaces the target, so a failure leaves the old output whole.
public enum ClusterOutput {
    /// Refuses a non-empty `directory` unless `force` (call before training, to fail early).
    public static func checkTarget(_ directory: String, force: Bool) throws {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if !entries.isEmpty && !force { throw OutputError.notEmpty(directory) }
    }

    /// Writes clusters.json, assignments.csv, model/ and (when given) report.html.
    public static func write(to directory: String, force: Bool, report: ClusterReport, assignmentsCSV: String,
                             model: ClusteringModel, reportHTML: String?) throws {
        try checkTarget(directory, force: force)
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).staging-\(ProcessInfo.processInfo.processIdentifier)")
        try? fileManager.removeItem(at: staging)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(encoder.encode(report), to: staging.appendingPathComponent("clusters.json").path)
            try AtomicFile.write(assignmentsCSV, to: staging.appendingPathComponent("assignments.csv").path)
            try model.save(to: staging.appendingPathComponent("model").path)
            if let reportHTML { try AtomicFile.write(reportHTML, to: staging.appendingPathComponent("report.html").path) }
            // Swap the staged folder in; the old one is kept aside until the new one is in place.
            let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            let hadOld = fileManager.fileExists(atPath: target.path)
            if hadOld { try fileManager.moveItem(at: target, to: old) }
            do {
                try fileManager.moveItem(at: staging, to: target)
            } catch {
                if hadOld { try? fileManager.moveItem(at: old, to: target) }
                throw error
            }
            if hadOld { try? fileManager.removeItem(at: old) }
        } catch let error as DataFileError {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw DataFileError(file: directory, .unreadable("cannot write the output: \(error.localizedDescription)"))
        }
    }
}
