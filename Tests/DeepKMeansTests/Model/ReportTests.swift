import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct ReportTests {
    @Test(.slow) func projectionsKeepSeparatedClustersApart() {
        let (points, labels) = TestSupport.blobs(clusters: 4, perCluster: 30, dimensions: 10, spread: 0.5, seed: 3)
        var random = RandomGenerator(seed: 1)
        for method in [Projection.Method.tsne, .tsneExact, .pca] {
            let map = Projection.project(points, method: method, random: &random)
            #expect(map.rows == 120 && map.columns == 2 && map.values.allSatisfy(\.isFinite))
            // Each point's nearest neighbour on the map shares its cluster.
            var agree = 0
            for i in 0..<map.rows {
                var best = -1, bestDistance = Float.infinity
                for j in 0..<map.rows where j != i {
                    let dx = map[i, 0] - map[j, 0], dy = map[i, 1] - map[j, 1]
                    if dx * dx + dy * dy < bestDistance { bestDistance = dx * dx + dy * dy; best = j }
                }
                if labels[best] == labels[i] { agree += 1 }
            }
            #expect(Double(agree) / 120 >= 0.95, "\(method.rawValue): \(agree) of 120")
        }
        // PCA of points on a line puts them on the first axis.
        let line = Matrix(rowArrays: (0..<10).map { t in [Float(t), 2 * Float(t), -Float(t)] })
        let flat = Projection.pca(line)
        #expect((0..<10).allSatisfy { abs(flat[$0, 1]) < 1e-3 })
    }

    func report(clusters k: Int, points: Int, labels: Int) throws -> String {
        let (data, truth) = TestSupport.blobs(clusters: k, perCluster: points / k, dimensions: 8, spread: 1, seed: 9)
        var settings = ClusteringMethod.km.defaultSettings(clusterCount: k)
        settings.kmeans.restarts = 1
        let run = try ClusteringMethod.km.run(on: .dense(data), settings: settings, seed: 2)
        let classes = truth.map { $0 % labels }
        let names = (0..<labels).map { "class <\($0)> & \"more\"" }
        let summary = ClusterSummary(clusters: run.assignment.clusters, clusterCount: k, labels: classes, labelNames: names)
        let html = try HTMLReport(
            title: "Test & report", report: ClusterReport(run: run, summary: summary), run: run,
            features: .dense(data), titles: (0..<data.rows).map { "point <\($0)>" },
            labels: classes, labelNames: names, mapMethod: .pca
        ).html
        return html
    }

    /// Legends, the second map by label, counts in the heatmap, axis values on the curves, and
    /// a warning box for an empty cluster and a collapse.
    @Test func reportShowsLegendsLabelsCountsAndWarnings() throws {
        let (data, truth) = TestSupport.blobs(clusters: 3, perCluster: 20, dimensions: 6, spread: 1, seed: 4)
        var settings = ClusteringMethod.km.defaultSettings(clusterCount: 3)
        settings.kmeans.restarts = 1
        var run = try ClusteringMethod.km.run(on: .dense(data), settings: settings, seed: 2)
        run.assignment.clusters = run.assignment.clusters.map { $0 == 2 ? 0 : $0 }  // cluster 2 empty
        run.history = (1...12).map {
            EpochRecord(
                phase: $0 <= 8 ? .pretrain : .fineTune, epoch: $0, alpha: nil,
                reconstructionLoss: 1 / Double($0), clusteringLoss: nil)
        }
        let names = ["alpha", "beta", "gamma"]
        let summary = ClusterSummary(clusters: run.assignment.clusters, clusterCount: 3, labels: truth, labelNames: names)
        let diagnostics = ClusteringDiagnostics(assignment: run.assignment, clusterCount: 3)
        let html = try HTMLReport(
            title: "t", report: ClusterReport(run: run, summary: summary, diagnostics: diagnostics), run: run,
            features: .dense(data), titles: (0..<60).map { "p\($0)" }, labels: truth, labelNames: names,
            mapMethod: .pca
        ).html
        #expect(XMLCheck.problem(in: Array(html.utf8)) == nil)
        #expect(html.contains("class=\"warnings\"") && html.contains("1 empty cluster(s): 2"))
        // Legends in HTML (readable on a phone), whole names, readable at a phone's width.
        #expect(
            html.contains("The same map, by true label") && html.contains("</span>beta</span>")
                && html.contains("</span>cluster 1 (20)</span>"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />"))
        #expect(html.contains(">20</text>"))  // a count in a heatmap cell
        // Curves with axis titles and values, and a mark where fine-tuning starts.
        #expect(
            html.contains(">reconstruction loss</text>") && html.contains(">epoch (pretrain, then fine-tune)</text>")
                && html.contains(">0.5</text>"))
        #expect(html.contains("stroke-dasharray=\"4 3\"") && html.contains(">fine-tune from here</text>"))
        // Sizes and terms as bars with their values.
        #expect(html.contains("<span class=\"label\">cluster 1 (beta)</span>") || html.contains("<span class=\"label\">cluster 1 ("))
        #expect(html.contains("60 points.</p>") || html.contains("of 60 points"))
    }

    /// A sampled map says so; heatmap rows run toward the diagonal; long label names are whole.
    @Test func aSampledMapSaysSoAndTheHeatmapFollowsTheDiagonal() throws {
        let (data, truth) = TestSupport.blobs(clusters: 3, perCluster: 30, dimensions: 6, spread: 0.2, seed: 4)
        var settings = ClusteringMethod.km.defaultSettings(clusterCount: 3)
        settings.kmeans.restarts = 1
        let run = try ClusteringMethod.km.run(on: .dense(data), settings: settings, seed: 2)
        let names = ["comp.sys.mac.hardware", "talk.religion.misc", "rec.sport.hockey"]
        let summary = ClusterSummary(clusters: run.assignment.clusters, clusterCount: 3, labels: truth, labelNames: names)
        let html = try HTMLReport(
            title: "t", report: ClusterReport(run: run, summary: summary), run: run, features: .dense(data),
            titles: (0..<90).map { "p\($0)" }, labels: truth, labelNames: names, mapMethod: .pca,
            maximumPoints: 40
        ).html
        #expect(html.contains("PCA of a sample of 40 of the 90 points."), "\(html.prefix(2000))")
        // The tree of the three clusters: two merges drawn, a leaf per cluster.
        #expect(html.contains("How the clusters group") && html.components(separatedBy: "<path d=\"M").count - 1 == 2)
        #expect(html.contains(">comp.sys.mac.hardware</text>") && html.contains(">talk.religion.misc</text>"))
        // Rows in the order of their majority labels: the cluster of label 0 first, then 1, then 2.
        let rowOrder = (0..<3).map { label in run.assignment.clusters[truth.firstIndex(of: label)!] }
        let positions = rowOrder.map { html.range(of: ">cluster \($0)</text>")!.lowerBound }
        #expect(positions == positions.sorted(), "rows \(rowOrder)")
    }

    @Test func reportIsWellFormedForFewAndManyClusters() throws {
        for (k, points) in [(4, 80), (50, 500)] {
            let html = try report(clusters: k, points: points, labels: min(k, 20))
            #expect(XMLCheck.problem(in: Array(html.utf8)) == nil, "K = \(k)")
            #expect(html.contains("<svg") && html.contains("cluster \(k - 1)"))
            // Self-contained: no script and nothing fetched from elsewhere.
            #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
            #expect(html.contains("point &lt;0&gt;") && html.contains("class &lt;0&gt; &amp; &quot;more&quot;"))
        }
        #expect(XMLCheck.problem(in: Array("<a><b></a>".utf8)) != nil)
    }
}

@Suite struct ClusterCountSelectionTests {
    @Test func picksTheNumberOfBlobs() throws {
        let (points, _) = TestSupport.blobs(clusters: 4, perCluster: 40, dimensions: 10, spread: 0.3, seed: 12)
        var settings = ClusteringMethod.aeKMeans.defaultSettings(clusterCount: 6)
        settings.hiddenSizes = [32]
        settings.batchSize = 32
        settings.pretrainEpochs = 20
        settings.kmeans.restarts = 3
        let outcome = try ClusterCountSelection(range: 2...6).select(.dense(points), method: .aeKMeans, settings: settings, seed: 3)
        let (best, scores) = (outcome.best, outcome.scores)
        #expect(scores.map(\.k) == [2, 3, 4, 5, 6])
        #expect(best == 4, "silhouettes \(scores)")
    }

    /// A K scores the same whatever range it is tried in, for KM (the input space) and for the
    /// deep methods (one embedding of a fixed size); a structureless cloud is reported as such.
    @Test func scoresDoNotDependOnTheRangeAndFlatCurvesAreFlagged() throws {
        let (points, _) = TestSupport.blobs(clusters: 4, perCluster: 40, dimensions: 10, spread: 0.3, seed: 12)
        var settings = ClusteringMethod.aeKMeans.defaultSettings(clusterCount: 6)
        settings.hiddenSizes = [32]
        settings.batchSize = 32
        settings.pretrainEpochs = 5
        settings.kmeans.restarts = 3
        for method in [ClusteringMethod.km, .dkmPretrained] {
            let wide = try ClusterCountSelection(range: 2...6).select(.dense(points), method: method, settings: settings, seed: 3)
            let narrow = try ClusterCountSelection(range: 4...5).select(.dense(points), method: method, settings: settings, seed: 3)
            #expect(wide.scores.filter { $0.k >= 4 && $0.k <= 5 } == narrow.scores.filter { $0.k >= 4 && $0.k <= 5 }, "\(method)")
            // 4..5's best is its bottom: it was widened down to 2..5, where 4 stands out.
            #expect(narrow.tried == 2...5 && narrow.best == 4 && !narrow.isAtEdge, "\(method)")
            #expect(wide.best == 4 && wide.isClear, "\(method): \(wide.scores)")
        }
        // Six blobs tried over 2..4: the best is at the top, so the range grows once to 2..7 and finds 6.
        let (six, _) = TestSupport.blobs(clusters: 6, perCluster: 30, dimensions: 10, spread: 0.3, seed: 12)
        let widened = try ClusterCountSelection(range: 2...4).select(.dense(six), method: .km, settings: settings, seed: 3)
        #expect(widened.scores.map(\.k) == Array(2...7) && widened.best == 6 && !widened.isAtEdge, "\(widened.scores)")
        #expect(widened.leaders.first?.k == 6 && widened.leaders.count == 3)
        // Tried over 2..3 (widened to 2..5), the best is still the top: at the edge, for the caller to refuse.
        let edge = try ClusterCountSelection(range: 2...3).select(.dense(six), method: .km, settings: settings, seed: 3)
        #expect(edge.tried == 2...5 && edge.isAtEdge, "\(edge.scores)")
        // Over 9..10 the best is the bottom: the range grows down to 7..10, and 2 itself is never an edge.
        let low = try ClusterCountSelection(range: 9...10).select(.dense(six), method: .km, settings: settings, seed: 3)
        #expect(low.tried == 7...10, "\(low.scores)")
        var random = RandomGenerator(seed: 5)
        let cloud = TestSupport.randomMatrix(rows: 200, columns: 8, random: &random, range: -1...1)
        let flat = try ClusterCountSelection(range: 2...8).select(.dense(cloud), method: .km, settings: settings, seed: 3)
        #expect(!flat.isClear, "\(flat.scores)")
    }
}
