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
    /// The true label of each mapped point, when labels exist (the second map).
    public var mapLabels: [Int]?

    public init(
        title: String, report: ClusterReport, map: Matrix, mapClusters: [Int], mapTitles: [String],
        mapMethod: Projection.Method, clusters: [Int], labels: [Int]?, labelNames: [String], mapLabels: [Int]? = nil
    ) {
        self.title = title
        self.report = report
        self.map = map
        self.mapClusters = mapClusters
        self.mapTitles = mapTitles
        self.mapMethod = mapMethod
        self.clusters = clusters
        self.labels = labels
        self.labelNames = labelNames
        self.mapLabels = mapLabels
    }

    static func color(_ cluster: Int) -> String { ReportPalette.color(cluster) }

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
        body +=
            "<p class=\"meta\">\(report.method.displayName), K = \(summary.clusters.count), \(report.points) points, seed \(report.seed)"
        if let scores = summary.scores {
            body += String(format: " &#8212; ACC %.3f, NMI %.3f, ARI %.3f", scores.acc, scores.nmi, scores.ari)
        }
        body += "</p>\n"
        if let kmeans = report.diagnostics?.kmeans {
            body += String(
                format:
                    "<p class=\"meta\">Compared with k-means on the same vectors: agreement NMI %.2f; silhouette in the input space %.3f (k-means: %.3f). A lower silhouette alone does not mean worse topics: the deep model groups points by its embedding, not by the input's geometry.</p>\n",
                kmeans.agreement, kmeans.silhouette, kmeans.kmeansSilhouette)
        }
        body += warningsBox()
        let space = report.method == .km ? "input" : "embedding"
        let drawn = map.rows < clusters.count ? "a sample of \(map.rows) of the \(clusters.count) points" : "\(map.rows) points"
        body += "<h2>Map of the \(space), by cluster</h2>\n<p class=\"meta\">\(mapMethod.displayName) of \(drawn).</p>\n"
        let clusterNames = report.summary.clusters.map { "cluster \($0.id) (\($0.size))" }
        body += mapSVG(colors: mapClusters, marksCenters: true) + legend(clusterNames.indices.map { (clusterNames[$0], $0) })
        if let mapLabels, let labels {
            let names = (0..<max(labelNames.count, (labels.max() ?? 0) + 1)).map { $0 < labelNames.count ? labelNames[$0] : String($0) }
            // Each label in the colour of the cluster that holds most of it: alike colours mean agreement.
            let colorOf = ReportPalette.labelColors(
                clusters: clusters, labels: labels, clusterCount: report.summary.clusters.count,
                labelCount: names.count)
            body +=
                "<h2>The same map, by true label</h2>\n<p class=\"meta\">Each label takes the colour of the cluster that holds most of it.</p>\n"
                + mapSVG(colors: mapLabels.map { colorOf[$0] }, marksCenters: false)
                + legend(names.indices.map { (names[$0], colorOf[$0]) })
        }
        body += "<h2>Cluster sizes</h2>\n" + sizesHTML()
        if let scores = report.clusterCountScores, !scores.isEmpty {
            body += "<h2>Choosing K (silhouette of k-means in the method's space)</h2>\n" + silhouetteSVG(scores)
        }
        if summary.clusters.contains(where: { !$0.decoderTerms.isEmpty || !$0.memberTerms.isEmpty }) {
            body += "<h2>Top terms</h2>\n<div class=\"grid\">\n" + termsPanels() + "</div>\n"
        }
        if let hierarchy = report.hierarchy, !hierarchy.merges.isEmpty {
            body += "<h2>How the clusters group</h2>\n" + dendrogramSVG(hierarchy)
        }
        if !report.history.isEmpty { body += "<h2>Training</h2>\n" + curvesSVG() }
        if labels != nil { body += "<h2>Clusters against labels</h2>\n" + contingencySVG() }
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>\(HTMLReport.escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
            .meta { color: #555; } svg { display: block; margin: 0.5em 0; max-width: 100%; height: auto; }
            .grid { display: flex; flex-wrap: wrap; gap: 1em; }
            .panel { border: 1px solid #e2e2e2; border-radius: 6px; padding: 0.5em; width: 250px; max-width: 100%; box-sizing: border-box; }
            .warnings { background: #fff6e0; border: 1px solid #e0b84a; border-radius: 6px; padding: 0.4em 1em; }
            .warnings li { margin: 0.3em 0; }
            body { padding: 0 1em; }
            .panel h3 { font-size: 0.95em; margin: 0 0 0.3em 0; }
            .panel p { font-size: 0.8em; margin: 0.2em 0; }
            text { font-size: 11px; fill: #333; }
            .legend { display: flex; flex-wrap: wrap; gap: 0.2em 1.2em; font-size: 0.85em; margin: 0.3em 0 1em 0; }
            .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.35em; vertical-align: -0.05em; }
            .bars { display: grid; grid-template-columns: minmax(6em, max-content) 1fr; gap: 0.15em 0.6em; align-items: center; font-size: 0.85em; }
            .bars .track { display: flex; align-items: center; gap: 0.4em; min-width: 0; }
            .bars .bar { height: 0.8em; border-radius: 2px; flex: none; }
            .bars .label { overflow-wrap: anywhere; }
            .panel .bars { font-size: 0.8em; }
            @media (max-width: 600px) { body { margin: 1em auto; } .panel { width: 100%; } h1 { font-size: 1.3em; } }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// The 2-D map, points coloured by `colors` (palette indices) with hover text; with
    /// `marksCenters`, each cluster's number at the centre of its mapped points.
    func mapSVG(colors: [Int], marksCenters: Bool) -> String {
        let size = 640.0, pad = 20.0
        guard map.rows > 0 else { return "<p>No points.</p>\n" }
        let xs = (0..<map.rows).map { Double(map[$0, 0]) }, ys = (0..<map.rows).map { Double(map[$0, 1]) }
        let (minX, maxX, minY, maxY) = (xs.min()!, xs.max()!, ys.min()!, ys.max()!)
        let scale = (size - 2 * pad) / max(maxX - minX, maxY - minY, 1e-9)
        let radius = map.rows > 1000 ? 2.0 : 3.5
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\">\n"
        svg += "<rect width=\"\(Int(size))\" height=\"\(Int(size))\" fill=\"#fafafa\" />\n"
        let groups = (colors.max() ?? 0) + 1
        var sums = [(x: Double, y: Double, n: Int)](repeating: (0, 0, 0), count: groups)
        let clusterNames = report.summary.clusters.map { "cluster \($0.id)" }
        for i in 0..<map.rows {
            let x = pad + (xs[i] - minX) * scale, y = pad + (ys[i] - minY) * scale
            sums[colors[i]] = (sums[colors[i]].x + x, sums[colors[i]].y + y, sums[colors[i]].n + 1)
            svg += String(
                format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\" fill-opacity=\"0.8\">", x, y, radius,
                HTMLReport.color(colors[i]))
            let group = marksCenters && colors[i] < clusterNames.count ? clusterNames[colors[i]] + ": " : ""
            svg += "<title>\(HTMLReport.escape(group + mapTitles[i]))</title></circle>\n"
        }
        if marksCenters {
            for (k, sum) in sums.enumerated() where sum.n > 0 {
                let (x, y) = (sum.x / Double(sum.n), sum.y / Double(sum.n))
                svg += String(
                    format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"white\" stroke=\"%@\" stroke-width=\"2.5\" />", x, y,
                    HTMLReport.color(k))
                svg += String(
                    format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" style=\"font-weight:bold\">%d</text>\n", x, y + 4, k)
            }
        }
        let note = marksCenters ? "Numbers mark the centre of each cluster's points on the map. " : ""
        return svg + "</svg>\n<p class=\"meta\">\(note)Hover a point for its document.</p>\n"
    }

    /// A legend in HTML (it stays readable when the map is shrunk to a phone's width): each
    /// name with the swatch of its palette index.
    func legend(_ entries: [(name: String, color: Int)]) -> String {
        "<div class=\"legend\">"
            + entries.map {
                "<span><span class=\"swatch\" style=\"background:\(HTMLReport.color($0.color))\"></span>\(HTMLReport.escape($0.name))</span>"
            }.joined() + "</div>\n"
    }

    /// Horizontal bars in HTML: each row's full label, its bar (a share of `width` for the
    /// largest value), and its value as text.
    func bars(_ rows: [(label: String, value: Double, text: String, color: String)], width: Double) -> String {
        let largest = max(rows.map(\.value).max() ?? 1, 1e-12)
        return "<div class=\"bars\">"
            + rows.map { row in
                String(
                    format:
                        "<span class=\"label\">%@</span><span class=\"track\"><span class=\"bar\" style=\"width:%.1fem;background:%@\"></span>%@</span>",
                    HTMLReport.escape(row.label), max(width * row.value / largest, 0), row.color, HTMLReport.escape(row.text))
            }.joined() + "</div>\n"
    }

    /// Problems a reader should see first: empty clusters, collapsed or distant clusters,
    /// documents in no cluster, an unclear K, and a deep model whose clusters are less compact than k-means'.
    func warningsBox() -> String {
        var items: [String] = []
        let diagnostics = report.diagnostics
        if let empty = diagnostics?.emptyClusters, !empty.isEmpty {
            items.append(
                "\(empty.count) empty cluster(s): " + empty.map(String.init).joined(separator: ", ")
                    + " (no point is nearest to their representative).")
        }
        if let distant = diagnostics?.distantClusters, !distant.isEmpty {
            items.append("Members far from their representative in cluster(s) " + distant.map(String.init).joined(separator: ", ") + ".")
        }
        let sizes = report.summary.clusters.map(\.size), total = max(sizes.reduce(0, +), 1)
        if let largest = sizes.max(), sizes.count > 1, Double(largest) > 0.5 * Double(total) {
            items.append(
                String(
                    format: "One cluster holds %.0f%% of the points: the clustering may have collapsed.",
                    100 * Double(largest) / Double(total)))
        }
        if let unassigned = report.unassigned {
            items.append(
                "\(unassigned.count) document(s) hold no term of the vocabulary (empty, or stop words only) and are in no cluster; "
                    + "assignments.csv lists them last as unassigned.")
        }
        if report.clusterCountIsClear == false {
            items.append("No K stood out when choosing K: the silhouettes of several K are within \(ClusterCountSelection.flatMargin).")
        }
        if let kmeans = diagnostics?.kmeans, kmeans.agreement >= ClusteringDiagnostics.sameAsKMeans {
            items.append(
                String(
                    format:
                        "These clusters are nearly those of k-means on the same vectors (agreement NMI %.2f): --method km gives about the same in seconds.",
                    kmeans.agreement))
        }
        guard !items.isEmpty else { return "" }
        return "<div class=\"warnings\"><ul>\n" + items.map { "<li>\(HTMLReport.escape($0))</li>\n" }.joined() + "</ul></div>\n"
    }

    func sizesHTML() -> String {
        bars(
            report.summary.clusters.map { c in
                ("cluster \(c.id)" + (c.majorityLabelName.map { " (\($0))" } ?? ""), Double(c.size), String(c.size), HTMLReport.color(c.id))
            }, width: 24)
    }

    /// Per cluster, bars for the decoded representative's terms and for the members' terms.
    func termsPanels() -> String {
        var html = ""
        for c in report.summary.clusters {
            html += "<div class=\"panel\"><h3>cluster \(c.id) &#183; \(c.size)"
            if let name = c.majorityLabelName { html += " &#183; \(HTMLReport.escape(name))" }
            html += "</h3>\n"
            for (caption, terms) in [("representative", c.decoderTerms), ("members", c.memberTerms)] where !terms.isEmpty {
                html += "<p class=\"meta\">\(caption)</p>\n" + termBars(terms, color: HTMLReport.color(c.id))
            }
            if c.size == 0 { html += "<p class=\"meta\">No member.</p>\n" }
            for document in c.typicalDocuments {
                let text = document.snippet.map { ": " + String($0.prefix(90)) } ?? ""
                html += "<p class=\"meta\">&#8226; \(HTMLReport.escape(String((document.title ?? document.id).prefix(50)) + text))</p>\n"
            }
            html += "</div>\n"
        }
        return html
    }

    func termBars(_ terms: [TopTerms.Term], color: String) -> String {
        bars(terms.map { ($0.term, Double($0.weight), String(format: "%.3f", $0.weight), color) }, width: 7)
    }

    /// The tree of clusters drawn sideways: leaves (a cluster with its top terms) on the left,
    /// each merge at its distance to the right.
    func dendrogramSVG(_ hierarchy: ClusterHierarchy) -> String {
        let clusters = report.summary.clusters, k = hierarchy.merges.count + 1
        let order = hierarchy.leafOrder, rowHeight = k > 30 ? 12.0 : 18.0, labelWidth = 300.0, width = 700.0
        let height = rowHeight * Double(k) + 30, top = 10.0
        let highest = max(hierarchy.merges.last?.distance ?? 1, 1e-12)
        func x(_ distance: Double) -> Double { labelWidth + (width - labelWidth - 20) * distance / highest }
        // Each node's vertical position: a leaf's row, a merge halfway between its two sides.
        var y = [Double](repeating: 0, count: 2 * k - 1), at = [Double](repeating: 0, count: 2 * k - 1)
        for (row, leaf) in order.enumerated() { y[leaf] = top + rowHeight * (Double(row) + 0.5) }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for leaf in order where leaf < clusters.count {
            let c = clusters[leaf]
            let terms = (c.memberTerms.isEmpty ? c.decoderTerms : c.memberTerms).prefix(3).map(\.term).joined(separator: ", ")
            let name = "\(leaf) (\(c.size))" + (terms.isEmpty ? "" : " " + terms)
            svg += String(format: "<circle cx=\"%.0f\" cy=\"%.1f\" r=\"4\" fill=\"%@\" />", labelWidth - 8, y[leaf], HTMLReport.color(leaf))
            svg += String(
                format: "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%@</text>\n", labelWidth - 16, y[leaf] + 4, HTMLReport.escape(name)
            )
        }
        for (m, merge) in hierarchy.merges.enumerated() {
            let node = k + m, right = x(merge.distance)
            y[node] = (y[merge.left] + y[merge.right]) / 2
            at[node] = merge.distance
            svg += String(
                format:
                    "<path d=\"M%.1f %.1f H%.1f V%.1f H%.1f\" fill=\"none\" stroke=\"#555\"><title>%d documents, distance %.3g</title></path>\n",
                x(at[merge.left]), y[merge.left], right, y[merge.right], x(at[merge.right]), merge.size, merge.distance)
        }
        svg += String(
            format: "<text x=\"%.0f\" y=\"%.0f\">distance between groups (f, averaged over their documents)</text>\n",
            labelWidth, height - 6)
        return svg
            + "</svg>\n<p class=\"meta\">Clusters joined two at a time, nearest first, by the distance between their representatives; clusters.json has the merges (its <code>hierarchy</code>).</p>\n"
    }

    /// Axis ticks: a few round values between `low` and `high`.
    static func ticks(_ low: Double, _ high: Double, count: Int = 4) -> [Double] {
        guard high > low else { return [low] }
        let raw = (high - low) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return stride(from: (low / step).rounded(.up) * step, through: high + step * 1e-9, by: step).map { $0 }
    }

    func silhouetteSVG(_ scores: [ClusterCountSelection.Score]) -> String {
        let width = 700.0, height = 240.0, left = 60.0, bottom = 45.0
        let low = min(scores.map(\.silhouette).min()!, 0), high = max(scores.map(\.silhouette).max()!, 1e-9)
        func x(_ i: Int) -> Double { left + (width - left - 20) * Double(i) / Double(max(scores.count - 1, 1)) }
        func y(_ v: Double) -> Double { 10 + (height - bottom - 10) * (1 - (v - low) / max(high - low, 1e-12)) }
        let best = scores.indices.max { scores[$0].silhouette < scores[$1].silhouette }!
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for tick in HTMLReport.ticks(low, high) {
            svg += String(
                format: "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\" />", left, width - 20, y(tick), y(tick))
            svg += String(format: "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>\n", left - 6, y(tick) + 4, tick)
        }
        svg +=
            "<polyline fill=\"none\" stroke=\"#444\" stroke-width=\"1.5\" points=\""
            + scores.indices.map { String(format: "%.1f,%.1f", x($0), y(scores[$0].silhouette)) }.joined(separator: " ") + "\" />\n"
        for (i, score) in scores.enumerated() {
            svg += String(
                format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%@\"><title>K = %d: %.3f</title></circle>\n",
                x(i), y(score.silhouette), i == best ? 5 : 3, i == best ? "#d62728" : "#444", score.k, score.silhouette)
            if scores.count <= 30 || i % 5 == 0 {
                svg += String(format: "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%d</text>\n", x(i), height - bottom + 15, score.k)
            }
        }
        svg += String(
            format: "<text x=\"%.0f\" y=\"%.0f\">K (chosen: %d, silhouette %.3f); vertical axis: mean silhouette</text>\n",
            left, height - 8, scores[best].k, scores[best].silhouette)
        return svg + "</svg>\n"
    }

    /// One panel per loss (each on its own scale, with its values on the axis), over epochs.
    func curvesSVG() -> String {
        let history = report.history
        let series: [(String, [Double], String)] = [
            ("reconstruction loss", history.map(\.reconstructionLoss), "#1f77b4"),
            ("clustering loss", history.map { $0.clusteringLoss ?? .nan }, "#d62728"),
        ]
        var html = ""
        var phases: [TrainingPhase] = []
        for record in history where phases.last != record.phase { phases.append(record.phase) }
        for (name, values, color) in series {
            let finite = values.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max() else { continue }
            let width = 700.0, height = 200.0, left = 70.0, bottom = 40.0
            func x(_ i: Int) -> Double { left + (width - left - 20) * Double(i) / Double(max(values.count - 1, 1)) }
            func y(_ v: Double) -> Double { 10 + (height - bottom - 10) * (1 - (v - low) / max(high - low, 1e-12)) }
            var svg =
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
            for tick in HTMLReport.ticks(low, high) {
                svg += String(
                    format: "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\" />", left, width - 20, y(tick),
                    y(tick))
                svg += String(format: "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>\n", left - 6, y(tick) + 4, tick)
            }
            for tick in HTMLReport.ticks(1, Double(values.count)) where tick >= 1 {
                let index = Int(tick) - 1
                svg += String(
                    format: "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%d</text>\n", x(index), height - bottom + 15, index + 1)
            }
            // A dashed line where each phase after the first begins (pretraining ends there).
            for i in history.indices.dropFirst() where history[i].phase != history[i - 1].phase {
                svg += String(
                    format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"10\" y2=\"%.0f\" stroke=\"#888\" stroke-dasharray=\"4 3\" />", x(i) - 0.5,
                    x(i) - 0.5, height - bottom)
                svg += String(
                    format: "<text x=\"%.1f\" y=\"20\">%@ from here</text>\n", x(i) + 4, HTMLReport.escape(history[i].phase.rawValue))
            }
            let points = values.indices.filter { values[$0].isFinite }.map { String(format: "%.1f,%.1f", x($0), y(values[$0])) }
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\" />\n"
            svg += String(
                format: "<text transform=\"translate(14,%.0f) rotate(-90)\" text-anchor=\"middle\" style=\"fill:%@\">%@</text>\n",
                (height - bottom) / 2 + 5, color, name)
            svg += String(
                format: "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">epoch (%@)</text>\n", left + (width - left - 20) / 2,
                height - 6,
                phases.map(\.rawValue).joined(separator: ", then "))
            html += svg + "</svg>\n"
        }
        return html
    }

    func contingencySVG() -> String {
        guard let labels else { return "" }
        let k = report.summary.clusters.count, classes = max(labelNames.count, (labels.max() ?? 0) + 1)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: k)
        for (c, l) in zip(clusters, labels) { counts[c][l] += 1 }
        let names = (0..<classes).map { $0 < labelNames.count ? labelNames[$0] : String($0) }
        // Rows toward the diagonal: clusters by their majority label, the purer first.
        let order = (0..<k).sorted { a, b in
            let (ma, mb) = (
                counts[a].indices.max { counts[a][$0] < counts[a][$1] }!, counts[b].indices.max { counts[b][$0] < counts[b][$1] }!
            )
            let (sa, sb) = (
                Double(counts[a][ma]) / Double(max(counts[a].reduce(0, +), 1)),
                Double(counts[b][mb]) / Double(max(counts[b].reduce(0, +), 1))
            )
            return ma != mb ? ma < mb : sa != sb ? sa > sb : a < b
        }
        // Room for the longest label name, written at 60 degrees (about 6 px a character).
        let longest = Double(names.map(\.count).max() ?? 1)
        let cell = k > 25 || classes > 25 ? 12.0 : 24.0, left = 80.0, top = min(20 + longest * 6 * 0.87, 260)
        let width = left + cell * Double(classes) + 10, height = top + cell * Double(k) + 10
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for j in 0..<classes {
            svg += String(
                format: "<text transform=\"translate(%.1f,%.1f) rotate(-60)\">%@</text>\n",
                left + cell * (Double(j) + 0.6), top - 4, HTMLReport.escape(names[j]))
        }
        for (row, i) in order.enumerated() {
            let rowTotal = max(counts[i].reduce(0, +), 1)
            svg += String(format: "<text x=\"0\" y=\"%.1f\">cluster %d</text>\n", top + cell * (Double(row) + 0.7), i)
            for j in 0..<classes {
                let share = Double(counts[i][j]) / Double(rowTotal)
                svg += String(
                    format:
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"rgb(%d,%d,%d)\"><title>cluster %d, %@: %d</title></rect>\n",
                    left + cell * Double(j), top + cell * Double(row), cell - 1, cell - 1,
                    Int(255 - 200 * share), Int(255 - 150 * share), 255, i,
                    HTMLReport.escape(j < labelNames.count ? labelNames[j] : String(j)), counts[i][j])
                if cell >= 24 && counts[i][j] > 0 {
                    svg += String(
                        format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" style=\"font-size:%dpx;fill:%@\">%d</text>\n",
                        left + cell * (Double(j) + 0.5) - 0.5, top + cell * (Double(row) + 0.65), counts[i][j] >= 1000 ? 8 : 10,
                        share > 0.5 ? "white" : "#222", counts[i][j])
                }
            }
        }
        return svg
            + "</svg>\n<p class=\"meta\">Each row is a cluster, ordered by its majority label; darker cells hold a larger share of its points; numbers are counts of points.</p>\n"
    }
}

extension HTMLReport {
    /// The report of a finished run: the map is drawn from its embedding (KM: the input), at most
    /// `maximumPoints` sampled points. Distributed, `features` are this process's rows and the
    /// sampled input rows of KM come from the processes holding them.
    public init(
        title: String, report: ClusterReport, run: ClusteringRun, features: Features, titles: [String],
        labels: [Int]?, labelNames: [String], mapMethod: Projection.Method = .tsne, maximumPoints: Int = 2000,
        communicator: Communicator = SingleProcess.shared
    ) throws {
        var random = RandomGenerator(seed: run.seed ^ 0x7453_4E45)
        let n = run.assignment.clusters.count
        let indices = n <= maximumPoints ? Array(0..<n) : Array(random.permutation(n).prefix(maximumPoints)).sorted()
        let rows: Matrix
        if let embedding = run.embedding {
            rows = embedding.gatheringRows(indices)
        } else {
            // Only the sampled rows of the input are made dense.
            rows = try communicator.rows(
                at: indices, layout: RowLayout(localCount: features.rows, communicator: communicator),
                columns: features.columns
            ) { features.denseRow($0) }
        }
        let map = Projection.project(rows, method: mapMethod, random: &random)
        self.init(
            title: title, report: report, map: map, mapClusters: indices.map { run.assignment.clusters[$0] },
            mapTitles: indices.map { titles[$0] }, mapMethod: mapMethod, clusters: run.assignment.clusters,
            labels: labels, labelNames: labelNames, mapLabels: labels.map { all in indices.map { all[$0] } })
    }
}
