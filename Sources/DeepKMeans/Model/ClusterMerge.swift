import Foundation
import DKMClustering
import DKMCore
import DKMData
import DKMEncoder

/// Clusters of a saved model joined into one without retraining (`dkm merge`), as BERTopic's
/// `merge_topics` joins topics.
///
/// The joined cluster's representative is its members' centroid in the space the model clusters
/// in (the encoder's embedding; the tf-idf rows for k-means): their mean under the Euclidean f,
/// their mean direction at their mean length under the cosine f. The network and the other
/// representatives are kept as they are. Every document is then placed again by the new
/// representatives, so the outputs say what `dkm assign` says with the new model; the sizes,
/// terms, typical documents, hierarchy and placement calibration are recomputed from that
/// placement. The clusters keep their order and are numbered again without gaps; the joined
/// cluster takes the place and the name of `target`.
public struct ClusterMerge: Codable, Equatable, Sendable {
    /// The clusters joined, in the model's numbering, ascending.
    public var merged: [Int]
    /// The cluster whose place and name the joined cluster takes.
    public var target: Int
    /// The new number of each of the model's clusters.
    public var numbering: [Int]
    /// Set by `apply`: the documents the new representatives place in another cluster than the
    /// one their own became (near the joined cluster's edge, mostly).
    public var moved: Int?

    /// Clusters after the merge.
    public var clusterCount: Int { (numbering.max() ?? -1) + 1 }

    /// Joins `clusters` and `target` (when given; by default the first of `clusters`) of a model
    /// of `clusterCount` clusters.
    public init(_ clusters: [Int], into target: Int? = nil, clusterCount: Int) throws {
        let listed = Set(clusters + (target.map { [$0] } ?? []))
        if let outside = listed.sorted().first(where: { !(0..<clusterCount).contains($0) }) {
            throw ModelError.incompatible("cluster \(outside) is not one of the model's 0 to \(clusterCount - 1)")
        }
        guard listed.count >= 2 else { throw ModelError.incompatible("name at least two different clusters to merge") }
        guard listed.count < clusterCount else {
            throw ModelError.incompatible("merging all \(clusterCount) clusters would leave one cluster, which tells nothing apart")
        }
        merged = listed.sorted()
        self.target = target ?? clusters.first { listed.contains($0) }!
        var numbering = [Int](repeating: 0, count: clusterCount), next = 0
        for cluster in 0..<clusterCount where !listed.contains(cluster) || cluster == self.target {
            numbering[cluster] = next
            next += 1
        }
        for cluster in merged { numbering[cluster] = numbering[self.target] }
        self.numbering = numbering
    }

    /// The clustering of `corpus` by `model` with the clusters merged, ready to print and write
    /// as `dkm cluster` writes its results. `corpus` must be read with the model's own settings
    /// (`ClusteringModel.corpusSettings`); it is normally the corpus the model was trained on.
    /// A model of sentence embeddings needs its `encoder` (the corpus read with its tokenizer).
    public func apply(
        to model: ClusteringModel, corpus: TextCorpus, encoder: SentenceEncoder? = nil, termCount: Int = 10
    ) throws -> FittedClustering {
        let description = model.description
        guard numbering.count == description.clusterCount else {
            throw ModelError.incompatible(
                "the merge was planned for \(numbering.count) clusters, the model has \(description.clusterCount)")
        }
        guard corpus.matrix.columns == description.vectorizer?.vocabulary.count ?? description.inputSize else {
            throw ModelError.incompatible("the model expects \(description.inputSize) features per document, got \(corpus.matrix.columns)")
        }
        let single = SingleProcess.shared
        var (data, text, unassigned) = try UnassignedDocuments.separate(
            corpus.dataset, corpus: corpus, byEncoderTokens: description.encoder != nil,
            communicator: single)
        guard data.count > 0 else { throw ModelError.incompatible("no document holds a term of the model's vocabulary") }
        if let record = description.encoder {
            guard let encoder else { throw ModelError.incompatible("this model clusters \(record.name) embeddings: give that encoder") }
            try record.check(EncoderRecord(encoder))
            guard text.encoderTokens.count == text.count else {
                throw ModelError.incompatible("the corpus was not read with \(record.name)'s tokenizer")
            }
            data.features = .dense(encoder.embed(tokenized: text.encoderTokens))
        }
        let embedding = try model.network.map { _ in try model.embed(data.features) }
        let before = Assignment(distances: try model.distances(data.features, embedding: embedding), alpha: description.alpha)

        let joined = Set(merged)
        var representatives = Matrix(rows: clusterCount, columns: model.representatives.columns)
        for cluster in 0..<description.clusterCount where !joined.contains(cluster) || cluster == target {
            Self.setRow(numbering[cluster], of: &representatives, to: model.representatives.row(cluster))
        }
        let members = before.clusters.indices.filter { joined.contains(before.clusters[$0]) }
        let points: Features = embedding.map { .dense($0) } ?? data.features
        let centroid =
            Self.centroid(of: members, in: points, distance: description.distance)
            ?? Self.centroid(of: merged, in: .dense(model.representatives), distance: description.distance)!
        Self.setRow(numbering[target], of: &representatives, to: centroid[...])

        var placing = description
        placing.clusterCount = clusterCount
        let after = Assignment(
            distances: try ClusteringModel(description: placing, network: model.network, representatives: representatives)
                .distances(data.features, embedding: embedding),
            alpha: description.alpha)
        let norms =
            description.representativeNorms == nil
            ? nil
            : embedding.map { MemberNorms.of($0, clusters: after.clusters, clusterCount: clusterCount) }
        let decoded = model.network.map { $0.decode(norms.map { MemberNorms.placing(representatives, at: $0) } ?? representatives) }
        let run = ClusteringRun(
            method: description.method, seed: description.seed, assignment: after, embedding: embedding,
            representatives: representatives, decodedRepresentatives: decoded ?? representatives, history: [],
            network: model.network, settings: Self.placementSettings(description, clusterCount: clusterCount),
            representativeNorms: norms)
        var fitted = try FittedClustering(
            run: run, clusterCount: clusterCount, data: data, text: text, encoder: description.encoder,
            countScores: nil, kmeans: nil,
            unassigned: unassigned, termCount: termCount,
            clusterNames: names(description), communicator: single)
        // Nothing was trained: the settings of the original training are not the model's to tell.
        fitted.report.settings = nil
        var record = self
        record.moved = after.clusters.indices.filter { numbering[before.clusters[$0]] != after.clusters[$0] }.count
        fitted.report.merge = record
        return fitted
    }

    /// The names after the merge: each cluster keeps its own; the joined one takes the target's,
    /// else the first name among the clusters joined.
    func names(_ description: ModelDescription) -> [String?] {
        (0..<clusterCount).map { new in
            let sources = (0..<numbering.count).filter { numbering[$0] == new }
            return description.name(of: new == numbering[target] ? target : sources[0])
                ?? sources.lazy.compactMap { description.name(of: $0) }.first
        }
    }

    /// The centroid of `rows` of `points` under f: the mean (Euclidean), or the mean of the rows'
    /// directions at their mean length (cosine; rows of length 0 have no direction and are left
    /// out). nil when there is nothing to average.
    static func centroid(of rows: [Int], in points: Features, distance: Distance) -> [Float]? {
        let columns = points.columns
        var sums = [Double](repeating: 0, count: columns), lengths = 0.0, counted = 0
        for row in rows {
            let entries = Self.entries(of: row, in: points)
            let length = entries.reduce(0.0) { $0 + Double($1.value) * Double($1.value) }.squareRoot()
            if distance == .cosine && length == 0 { continue }
            let scale = distance == .cosine ? 1 / length : 1
            for (column, value) in entries { sums[column] += Double(value) * scale }
            lengths += length
            counted += 1
        }
        guard counted > 0 else { return nil }
        switch distance {
        case .euclidean:
            return sums.map { Float($0 / Double(counted)) }
        case .cosine:
            let sumLength = sums.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            guard sumLength > 0 else { return nil }
            return sums.map { Float($0 / sumLength * lengths / Double(counted)) }
        }
    }

    /// The non-zeros of one row (every value of a dense row), as (column, value).
    private static func entries(of row: Int, in points: Features) -> [(column: Int, value: Float)] {
        switch points {
        case .dense(let m): (0..<m.columns).map { ($0, m[row, $0]) }
        case .sparse(let m): (m.rowStarts[row]..<m.rowStarts[row + 1]).map { (Int(m.columnIndices[$0]), m.values[$0]) }
        }
    }

    private static func setRow(_ row: Int, of matrix: inout Matrix, to values: ArraySlice<Float>) {
        matrix.values.replaceSubrange(row * matrix.columns..<(row + 1) * matrix.columns, with: values)
    }

    /// Settings that give the merged run the model's f, alpha and lambda, which is all that
    /// placing points and describing the model read from them.
    static func placementSettings(_ description: ModelDescription, clusterCount: Int) -> DeepKMeansSettings {
        var settings = description.method.defaultSettings(clusterCount: clusterCount)
        settings.clusteringDistance = description.distance
        settings.kmeans.spherical = description.method == .aeKMeans && description.distance == .cosine
        settings.alphaSchedule = AlphaSchedule(values: [description.alpha], epochsPerValue: settings.alphaSchedule.epochsPerValue)
        settings.lambda = description.lambda
        if let architecture = description.architecture { settings.hiddenSizes = architecture.hiddenSizes }
        return settings
    }
}
