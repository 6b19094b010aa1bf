import Foundation
import DKMClustering
import DKMCore
import DKMData

/// `report.html`: one self-contained page (inline SVG and CSS, no script, no network) with the
/// embedding map, cluster sizes, top terms, training curves and the cluster/label contingency.
/// The markup is XHTML-clean (every element closed), so any XML parser can check it.
public struct HTMLReport {
    public var title: String
    public var report: ClusterReport
    /// 2-D map of (a sample of) the points, with each point's cluster and hover text.
    public var map: Matrix
    public var mapClusters: [Int]
    public var mapTitles: [String]
    public var mapMethod: Projection.Method
    /// Cluster of every point and its label (for the contingency table), when labels exist.
    public var clusters: [Int]
    public var labels: [Int]?
    public var labelNames: [String]

    public init(title: String, report: ClusterReport, map: Matrix, mapClusters: [Int], mapTitles: [String],
                mapMethod: Projection.Method, clusters: [Int], labels: [Int]?, labelNames: [String]) {
        self.title = title
        self.report = report
        self.map = map
        self.mapClusters = mapClusters
        self.mapTitles = mapTitles
        self.mapMethod = mapMethod
        self.clusters = clusters
        self.labels = labels
        self.labelNames = labelNames
    }

    static func color(_ cluster: Int) -> String {
        // Golden-angle hues stay distinct for 4 clusters and for 50.
        let hue = (Double(cluster) * 137.508).truncatingRemainder(dividingBy: 360)
        let lightness = 38 + (cluster / 10 % 3) * 12
        return String(format: "hsl(%.0f,65%%,%d%%)", hue, lightness)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Drop characters XML does not allow (control codes in messy documents).
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public var html: String {
        let summary = report.summary
        var body = "<h1>\(HTMLReport.escape(title))</h1>\n"
        body += "<p class=\"meta\">\(report.method.displayName), K = \(summary.clusters.count), \(report.points) points, seed \(report.seed)"
        if let scores = summary.scores {
            body += String(format: " &#8212; ACC %.3f, NMI %.3f, ARI %.3f", scores.acc, scores.nmi, scores.ari)
        }
        body += "</p>\n"
        body += "<h2>Map of the embedding (\(mapMethod == .tsne ? "t-SNE" : "PCA"), \(map.rows) points)</h2>\n" + mapSVG()
        body += "<h2>Cluster sizes</h2>\n" + sizesSVG()
        if let scores = report.clusterCountScores, !scores.isEmpty {
            body += "<h2>Choosing K (silhouette of k-means on the pretrained embedding)</h2>\n" + silhouetteSVG(scores)
        }
        if summary.clusters.contains(where: { !$0.decoderTerms.isEmpty || !$0.memberTerms.isEmpty }) {
            body += "<h2>Top terms</h2>\n<div class=\"grid\">\n" + termsPanels() + "</div>\n"
        }
        if !report.history.isEmpty { body += "<h2>Training</h2>\n" + curvesSVG() }
        if labels != nil { body += "<h2>Clusters against labels</h2>\n" + contingencySVG() }
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8" />
            <title>\(HTMLReport.escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
            .meta { color: #555; } svg { display: block; margin: 0.5em 0; }
            .grid { display: flex; flex-wrap: wrap; gap: 1em; }
            .panel { border: 1px solid #e2e2e2; border-radius: 6px; padding: 0.5em; width: 250px; }
            .panel h3 { font-size: 0.95em; margin: 0 0 0.3em 0; }
            .panel p { font-size: 0.8em; margin: 0.2em 0; }
            text { font-size: 11px; fill: #333; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    func mapSVG() -> String {
        let size = 640.0, pad = 20.0
        guard map.rows > 0 else { return "<p>No points.</p>\n" }
        let xs = (0..<map.rows).map { Double(map[$0, 0]) }, ys = (0..<map.rows).map { Double(map[$0, 1]) }
        let (minX, maxX, minY, maxY) = (xs.min()!, xs.max()!, ys.min()!, ys.max()!)
        let scale = (size - 2 * pad) / max(maxX - minX, maxY - minY, 1e-9)
        let radius = map.rows > 1000 ? 2.0 : 3.5
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" />\n"
        for i in 0..<map.rows {
            let x = pad + (xs[i] - minX) * scale, y = pad + (ys[i] - minY) * scale
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\" fill-opacity=\"0.8\">", x, y, radius, HTMLReport.color(mapClusters[i]))
            svg += "<title>cluster \(mapClusters[i]): \(HTMLReport.escape(mapTitles[i]))</title></circle>\n"
        }
        return svg + "</svg>\n"
    }

    func sizesSVG() -> String {
        let clusters = report.summary.clusters
        let rowHeight = clusters.count > 20 ? 12.0 : 18.0, width = 700.0, labelWidth = 160.0
        let largest = Double(clusters.map(\.size).max() ?? 1)
        let height = rowHeight * Double(clusters.count) + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\">\n"
        for (row, c) in clusters.enumerated() {
            let y = Double(row) * rowHeight + 5
            let length = (width - labelWidth - 60) * Double(c.size) / max(largest, 1)
            let name = "cluster \(c.id)" + (c.majorityLabelName.map { " (\($0))" } ?? "")
            svg += String(format: "<text x=\"0\" y=\"%.1f\">%@</text>", y + rowHeight * 0.75, HTMLReport.escape(String(name.prefix(28))))
            svg += String(format: "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\" />", labelWidth, y, length, rowHeight * 0.8, HTMLReport.color(c.id))
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\">%d</text>\n", labelWidth + length + 4, y + rowHeight * 0.75, c.size)
        }
        return svg + "</svg>\n"
    }

    func termsPanels() -> String {
        var html = ""
        for c in report.summary.clusters {
            let terms = c.decoderTerms.isEmpty ? c.memberTerms : c.decoderTerms
            let rowHeight = 14.0, width = 240.0
            let largest = Double(terms.map(\.weight).max() ?? 1)
            html += "<div class=\"panel\"><h3>cluster \(c.id) &#183; \(c.size)"
            if let name = c.majorityLabelName { html += " &#183; \(HTMLReport.escape(name))" }
            html += "</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(rowHeight * Double(terms.count) + 4))\">\n"
            for (row, term) in terms.enumerated() {
                let y = Double(row) * rowHeight + 2
                let length = 110 * Double(term.weight) / max(largest, 1e-9)
                html += String(format: "<rect x=\"120\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\" />", y, max(length, 0), rowHeight * 0.75, HTMLReport.color(c.id))
                html += String(format: "<text x=\"0\" y=\"%.1f\">%@</text>\n", y + rowHeight * 0.7, HTMLReport.escape(String(term.term.prefix(20))))
            }
            html += "</svg>\n"
            if c.decoderTerms.isEmpty == false && !c.memberTerms.isEmpty {
                html += "<p class=\"meta\">members: \(HTMLReport.escape(c.memberTerms.prefix(6).map(\.term).joined(separator: ", ")))</p>\n"
            }
            for document in c.typicalDocuments {
                html += "<p class=\"meta\">&#8226; \(HTMLReport.escape(String((document.title ?? document.id).prefix(60))))</p>\n"
            }
            html += "</div>\n"
        }
        return html
    }

    func silhouetteSVG(_ scores: [ClusterCountSelection.Score]) -> String {
        let width = 700.0, height = 220.0, pad = 40.0
        let low = min(scores.map(\.silhouette).min()!, 0), high = max(scores.map(\.silhouette).max()!, 1e-9)
        func x(_ i: Int) -> Double { pad + (width - 2 * pad) * Double(i) / Double(max(scores.count - 1, 1)) }
        func y(_ v: Double) -> Double { 10 + (height - pad - 10) * (1 - (v - low) / max(high - low, 1e-12)) }
        let best = scores.indices.max { scores[$0].silhouette < scores[$1].silhouette }!
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\">\n"
        svg += "<polyline fill=\"none\" stroke=\"#444\" stroke-width=\"1.5\" points=\""
            + scores.indices.map { String(format: "%.1f,%.1f", x($0), y(scores[$0].silhouette)) }.joined(separator: " ") + "\" />\n"
        for (i, score) in scores.enumerated() {
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%@\"><title>K = %d: %.3f</title></circle>\n",
                          x(i), y(score.silhouette), i == best ? 5 : 3, i == best ? "#d62728" : "#444", score.k, score.silhouette)
            if scores.count <= 30 || i % 5 == 0 {
                svg += String(format: "<text x=\"%.1f\" y=\"%.0f\">%d</text>\n", x(i) - 4, height - pad + 15, score.k)
            }
        }
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\">K (chosen: %d, silhouette %.3f)</text>\n", pad, height - 5, scores[best].k, scores[best].silhouette)
        return svg + "</svg>\n"
    }

    func curvesSVG() -> String {
        let history = report.history
        let width = 700.0, height = 260.0, pad = 40.0
        let series: [(String, [Double], String)] = [
            ("reconstruction", history.map(\.reconstructionLoss), "#1f77b4"),
            ("clustering", history.map { $0.clusteringLoss ?? .nan }, "#d62728"),
        ]
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\">\n"
        svg += "<rect x=\"\(pad)\" y=\"10\" width=\"\(width - 2 * pad)\" height=\"\(height - pad - 10)\" fill=\"none\" stroke=\"#ccc\" />\n"
        for (index, (name, values, color)) in series.enumerated() {
            let finite = values.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max() else { continue }
            var points: [String] = []
            for (i, v) in values.enumerated() where v.isFinite {
                let x = pad + (width - 2 * pad) * Double(i) / Double(max(values.count - 1, 1))
                let y = 10 + (height - pad - 10) * (1 - (v - low) / max(high - low, 1e-12))
                points.append(String(format: "%.1f,%.1f", x, y))
            }
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\" />\n"
            svg += String(format: "<text x=\"%.0f\" y=\"%.0f\" style=\"fill:%@\">%@ loss (%.4g to %.4g, own scale)</text>\n",
                          pad + Double(index) * 300, height - 8, color, name, finite.first ?? 0, finite.last ?? 0)
        }
        var phases: [TrainingPhase] = []
        for record in history where phases.last != record.phase { phases.append(record.phase) }
        svg += "<text x=\"\(pad)\" y=\"\(height - 22)\">epochs 1 to \(history.count): \(phases.map(\.rawValue).joined(separator: ", then "))</text>\n"
        return svg + "</svg>\n"
    }

    func contingencySVG() -> String {
        guard let labels else { return "" }
        let k = report.summary.clusters.count, classes = max(labelNames.count, (labels.max() ?? 0) + 1)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: k)
        for (c, l) in zip(clusters, labels) { counts[c][l] += 1 }
        let cell = k > 25 || classes > 25 ? 12.0 : 24.0, left = 170.0, top = 110.0
        let width = left + cell * Double(classes) + 10, height = top + cell * Double(k) + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\">\n"
        for j in 0..<classes {
            let name = j < labelNames.count ? labelNames[j] : String(j)
            svg += String(format: "<text transform=\"translate(%.1f,%.1f) rotate(-60)\">%@</text>\n",
                          left + cell * (Double(j) + 0.6), top - 4, HTMLReport.escape(String(name.prefix(22))))
        }
        for i in 0..<k {
            let rowTotal = max(counts[i].reduce(0, +), 1)
            svg += String(format: "<text x=\"0\" y=\"%.1f\">cluster %d</text>\n", top + cell * (Double(i) + 0.7), i)
            for j in 0..<classes {
                let share = Double(counts[i][j]) / Double(rowTotal)
                svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"rgb(%d,%d,%d)\"><title>cluster %d, %@: %d</title></rect>\n",
                              left + cell * Double(j), top + cell * Double(i), cell - 1, cell - 1,
                              Int(255 - 200 * share), Int(255 - 150 * share), 255, i,
                              HTMLReport.escape(j < labelNames.count ? labelNames[j] : String(j)), counts[i][j])
            }
        }
        return svg + "</svg>\n<p class=\"meta\">Each row is a cluster; darker cells hold a larger share of its points.</p>\n"
    }
}

extension HTMLReport {
    /// The report of a finished run: the map is drawn from its embedding (KM: the input), at most
    /// `maximumPoints` sampled points. Distributed, `features` are this process's rows and the
    /// sampled input rows of KM come from the processes holding them.
    public init(title: String, report: ClusterReport, run: ClusteringRun, features: Features, titles: [String],
                labels: [Int]?, labelNames: [String], mapMethod: Projection.Method = .tsne, maximumPoints: Int = 2000,
                communicator: Communicator = SingleProcess.shared) throws {
        var random = RandomGenerator(seed: run.seed ^ 0x7453_4E45)
        let n = run.assignment.clusters.count
        let indices = n <= maximumPoints ? Array(0..<n) : Array(random.permutation(n).prefix(maximumPoints)).sorted()
        let rows: Matrix
        if let embedding = run.embedding {
            rows = embedding.gatheringRows(indices)
        } else {
            // Only the sampled rows of the input are made dense.
            rows = try communicator.rows(at: indices, layout: RowLayout(localCount: features.rows, communicator: communicator),
                                         columns: features.columns) { features.denseRow($0) }
        }
        let map = Projection.project(rows, method: mapMethod, random: &random)
        self.init(title: title, report: report, map: map, mapClusters: indices.map { run.assignment.clusters[$0] },
                  mapTitles: indices.map { titles[$0] }, mapMethod: mapMethod, clusters: run.assignment.clusters,
                  labels: labels, labelNames: labelNames)
    }
}
