import Foundation
import DKMClustering
import DKMCore
import DKMData

/// Sizes of the clusters and, with labels, each cluster's majority label and purity.
public struct ClusterSummary: Codable, Sendable {
    public struct Cluster: Codable, Sendable {
        public var id: Int
        public var size: Int
        public var majorityLabel: Int?
        public var majorityLabelName: String?
        public var purity: Double?
        /// Text only: top terms of the decoded representative and of the members.
        public var decoderTerms: [TopTerms.Term] = []
        public var memberTerms: [TopTerms.Term] = []
        /// Text only: the members nearest the representative, nearest first.
        public var typicalDocuments: [TypicalDocument] = []
    }

    public struct TypicalDocument: Codable, Equatable, Sendable {
        public var id: String
        public var title: String?
        public var distance: Float
        /// The start of its text.
        public var snippet: String?
    }

    public var clusters: [Cluster]
    public var scores: ClusteringScores?

    public init(clusters assignment: [Int], clusterCount: Int, labels: [Int]?, labelNames: [String] = []) {
        var sizes = [Int](repeating: 0, count: clusterCount)
        for c in assignment { sizes[c] += 1 }
        var result = (0..<clusterCount).map { Cluster(id: $0, size: sizes[$0]) }
        if let labels {
            var counts = [Int: [Int: Int]]()
            for (c, l) in zip(assignment, labels) { counts[c, default: [:]][l, default: 0] += 1 }
            for c in 0..<clusterCount {
                guard let members = counts[c], let top = members.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { continue }
                result[c].majorityLabel = top.key
                result[c].majorityLabelName = top.key < labelNames.count ? labelNames[top.key] : String(top.key)
                result[c].purity = Double(top.value) / Double(sizes[c])
            }
            scores = ClusteringScores(predicted: assignment, truth: labels)
        }
        clusters = result
    }

    /// Adds the text views: top terms (decoder and members) and typical documents.
    public mutating func describeText(_ corpus: TextCorpus, run: ClusteringRun, termCount: Int = 10, documentCount: Int = 3) {
        // One process: no collective can fail.
        try! describeText(
            corpus, firstRow: 0, ids: corpus.ids, titles: corpus.titles, snippets: corpus.snippets, run: run, termCount: termCount,
            documentCount: documentCount, communicator: SingleProcess.shared)
    }

    /// The same for a corpus spread over processes: `corpus` holds this process's documents,
    /// from global row `firstRow` on; `ids`, `titles` and `run` cover every document.
    /// `decodesToTerms` is false when the run clustered embeddings, not the tf-idf rows.
    public mutating func describeText(
        _ corpus: TextCorpus, firstRow: Int, ids: [String], titles: [String?], snippets: [String]? = nil,
        run: ClusteringRun, termCount: Int = 10, documentCount: Int = 3,
        decodesToTerms: Bool = true, communicator: Communicator
    ) throws {
        let k = clusters.count
        // Representatives in a sentence encoder's space decode to no term.
        let decoded =
            decodesToTerms
            ? TopTerms.decoded(
                run.decodedRepresentatives, baseline: Self.decodedCorpusMean(run),
                vocabulary: corpus.vectorizer.vocabulary, count: termCount)
            : [[TopTerms.Term]](repeating: [], count: k)
        let members = try TopTerms.members(
            corpus.matrix, clusters: Array(run.assignment.clusters[firstRow..<firstRow + corpus.count]),
            clusterCount: k, vocabulary: corpus.vectorizer.vocabulary, count: termCount,
            communicator: communicator)
        var byCluster = [[Int]](repeating: [], count: k)
        for (i, c) in run.assignment.clusters.enumerated() { byCluster[c].append(i) }
        for c in 0..<k {
            // A representative with no member describes no documents.
            clusters[c].decoderTerms = byCluster[c].isEmpty ? [] : decoded[c]
            clusters[c].memberTerms = members[c]
            clusters[c].typicalDocuments = byCluster[c]
                .sorted { (run.assignment.distances[$0], $0) < (run.assignment.distances[$1], $1) }
                .prefix(documentCount)
                .map { TypicalDocument(id: ids[$0], title: titles[$0], distance: run.assignment.distances[$0], snippet: snippets?[$0]) }
        }
    }

    /// The corpus's mean in the input space as the decoder sees it: the mean of every point's
    /// reconstruction (deep methods), or the size-weighted mean of k-means' centers, which is the
    /// corpus mean. A representative read against it shows what it decodes to beyond what an
    /// average document does; the decoded mean embedding lies between the clusters, where the
    /// decoder gives little of anything, so every representative exceeded it on the words
    /// frequent everywhere ("new", "university").
    static func decodedCorpusMean(_ run: ClusteringRun) -> [Float] {
        if let network = run.network, let embedding = run.embedding, embedding.rows > 0 {
            var sums = [Double](repeating: 0, count: network.architecture.inputSize)
            let block = 1024
            for start in stride(from: 0, to: embedding.rows, by: block) {
                let rows = min(block, embedding.rows - start)
                let part = Matrix(
                    rows: rows, columns: embedding.columns,
                    values: Array(embedding.values[start * embedding.columns..<(start + rows) * embedding.columns]))
                let decoded = network.decode(part)
                for r in 0..<rows { for c in 0..<decoded.columns { sums[c] += Double(decoded[r, c]) } }
            }
            return sums.map { Float($0 / Double(embedding.rows)) }
        }
        let centers = run.decodedRepresentatives
        var sizes = [Float](repeating: 0, count: centers.rows)
        for c in run.assignment.clusters { sizes[c] += 1 }
        let total = max(sizes.reduce(0, +), 1)
        return (0..<centers.columns).map { column in (0..<centers.rows).reduce(Float(0)) { $0 + sizes[$1] * centers[$1, column] } / total }
    }

    /// Cluster by cluster, for reading: size, label purity, terms and typical documents.
    public func renderText(labelNames: [String]) -> String {
        var lines: [String] = []
        for c in clusters {
            var heading = "cluster \(c.id): \(c.size) documents"
            if let label = c.majorityLabel, let purity = c.purity {
                let name = label < labelNames.count ? labelNames[label] : String(label)
                heading += String(format: ", %.0f%% ", purity * 100) + name
            }
            lines.append(heading)
            if !c.decoderTerms.isEmpty { lines.append("  representative: " + c.decoderTerms.map(\.term).joined(separator: ", ")) }
            if !c.memberTerms.isEmpty { lines.append("  members:        " + c.memberTerms.map(\.term).joined(separator: ", ")) }
            for document in c.typicalDocuments {
                // A title that only repeats the file name says less than the start of the text.
                let title = document.title.flatMap { $0 == (document.id as NSString).lastPathComponent ? nil : $0 }
                lines.append(
                    "  - \(document.id)"
                        + ((title ?? document.snippet.flatMap { $0.isEmpty ? nil : $0 }).map { ": \($0.prefix(70))" } ?? ""))
            }
        }
        if let scores {
            lines.append(String(format: "ACC %.4f  NMI %.4f  ARI %.4f", scores.acc, scores.nmi, scores.ari))
        }
        return lines.joined(separator: "\n")
    }

    /// A plain-text table for the terminal.
    public func render(labelNames: [String]) -> String {
        var lines = ["cluster   size  majority label        purity"]
        for c in clusters {
            var line = String(format: "%7d %6d", c.id, c.size)
            if let label = c.majorityLabel, let purity = c.purity {
                let name = label < labelNames.count ? labelNames[label] : String(label)
                line += "  " + name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "  %5.1f%%", purity * 100)
            }
            lines.append(line)
        }
        if let scores {
            lines.append(String(format: "ACC %.4f  NMI %.4f  ARI %.4f", scores.acc, scores.nmi, scores.ari))
        }
        return lines.joined(separator: "\n")
    }
}
