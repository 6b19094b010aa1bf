import Foundation
import DKMClustering
import DKMCore
import DKMData

/// The result of `Clusterer.fit`: each point's cluster (`labels`), the representatives
/// (`centers`), the clusters described (`summary`), the model that places new points, and the
/// outputs `dkm cluster` writes. Distributed, every process holds the whole result.
public struct FittedClustering {
    public let run: ClusteringRun
    public let summary: ClusterSummary
    public var report: ClusterReport
    public let model: ClusteringModel
    /// The data that was clustered (this process's rows when distributed).
    public let data: Dataset
    /// Each point's true label, when the data has labels (every process's, in order).
    public let trueLabels: [Int]?
    /// Document ids (text), every process's, in order.
    public let ids: [String]?
    /// Names to show for each point: a document's title or id, an image's number and label.
    public let titles: [String]
    /// The documents with no term of the vocabulary, kept out of every cluster (nil when none).
    public let unassigned: UnassignedDocuments?
    private let communicator: Communicator

    /// The cluster of each point (scikit-learn's `labels_`).
    public var labels: [Int] { run.assignment.clusters }
    /// The representatives, in the space the points were clustered in (`cluster_centers_`).
    public var centers: Matrix { run.representatives }
    public var labelNames: [String] { data.labelNames }
    /// ACC, NMI and ARI against the true labels, when there are any.
    public var scores: ClusteringScores? { summary.scores }

    /// `encoder`: the run clustered these documents' sentence embeddings (`data`), not `text`'s tf-idf rows.
    init(
        run: ClusteringRun, clusterCount k: Int, data: Dataset, text: TextCorpus?, encoder: EncoderRecord? = nil,
        countScores: [ClusterCountSelection.Score]?,
        countIsClear: Bool? = nil, kmeans: KMeansComparison?, unassigned: UnassignedDocuments? = nil, termCount: Int,
        clusterNames: [String?]? = nil, communicator: Communicator
    ) throws {
        let layout = try RowLayout(localCount: data.count, communicator: communicator)
        // Distributed: what identifies each document, from every rank, in the global order.
        let labels = try data.labels.map { try communicator.allGatherConcatenated($0) }
        let ids = try text.map { try communicator.allGatherEncoded($0.ids) }
        let documentTitles = try text.map { try communicator.allGatherEncoded($0.titles) }
        let snippets = try text.map { try communicator.allGatherEncoded($0.snippets) }
        var summary = ClusterSummary(clusters: run.assignment.clusters, clusterCount: k, labels: labels, labelNames: data.labelNames)
        if let text, let ids, let documentTitles {
            try summary.describeText(
                text, firstRow: layout.localRange.lowerBound, ids: ids, titles: documentTitles, snippets: snippets, run: run,
                termCount: termCount, decodesToTerms: encoder == nil, communicator: communicator)
            titles = ids.indices.map { documentTitles[$0] ?? ids[$0] }
        } else {
            titles = (0..<layout.globalCount).map { i in labels.map { "#\(i) \(data.labelNames[$0[i]])" } ?? "#\(i)" }
        }
        self.run = run
        self.summary = summary
        self.data = data
        self.trueLabels = labels
        self.ids = ids
        self.communicator = communicator
        self.unassigned = unassigned
        report = ClusterReport(
            run: run, summary: summary, clusterCountScores: countScores, clusterCountIsClear: countIsClear,
            diagnostics: ClusteringDiagnostics(assignment: run.assignment, clusterCount: k, kmeans: kmeans))
        report.unassigned = unassigned
        model = ClusteringModel(
            run: run, inputSize: data.features.columns, corpus: text, encoder: encoder, labelNames: data.labelNames,
            clusterNames: clusterNames)
    }

    /// Places new documents into the clusters (text models), with the terms that link them.
    public func predict(_ documents: [Document], termCount: Int = 5) throws -> [DocumentPlacement] {
        try model.place(documents, termCount: termCount)
    }

    /// The clusters of new rows of numbers.
    public func predict(_ features: Features) throws -> [Int] {
        try model.assign(features).clusters
    }

    /// `assignments.csv`: each point's id, cluster, distance, weight and label.
    public var assignmentsCSV: String {
        get throws {
            // Distributed, this process holds only its rows: the run's own columns then. The
            // final pass's embedding serves here too: the points are embedded once after training.
            let placements = communicator.isDistributed ? nil : try model.placements(data.features, embedding: run.embedding)
            return AssignmentsCSV.render(
                run.assignment, placements: placements, model: model, ids: ids, labels: trueLabels,
                labelNames: data.labelNames, unassigned: unassigned)
        }
    }

    /// `report.html`, one self-contained page. Distributed, every process calls it (the map
    /// gathers points from all of them).
    public func htmlReport(title: String, map: Projection.Method = .tsne) throws -> String {
        try HTMLReport(
            title: title, report: report, run: run, features: data.features, titles: titles, labels: trueLabels,
            labelNames: data.labelNames, mapMethod: map, communicator: communicator
        ).html
    }

    /// Writes clusters.json, assignments.csv, model/, report.html and, as they apply,
    /// topic_info.csv and embeddings.safetensors into `folder`, at once.
    public func write(to folder: OutputFolder, reportHTML: String) throws {
        try ClusterOutput.write(
            to: folder, report: report, assignmentsCSV: try assignmentsCSV, model: model, reportHTML: reportHTML,
            topicInfoCSV: ids == nil ? nil : try TopicInfoCSV.render(summary), embeddings: run.embedding)
    }

    /// The clusters for reading: text clusters with their terms and documents, else sizes and
    /// purity; then the diagnostics' warnings and comparison with k-means.
    public var text: String {
        let clusters = ids != nil ? summary.renderText(labelNames: data.labelNames) : summary.render(labelNames: data.labelNames)
        return ([clusters] + (unassigned.map { [$0.line] } ?? []) + (report.diagnostics?.lines ?? [])).joined(separator: "\n")
    }
}
