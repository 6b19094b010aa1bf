import Foundation
import DKMClustering
import DKMCore
import DKMData
import DKMEncoder

/// A whole clustering job, as `dkm cluster` runs it, in the vocabulary of scikit-learn's
/// estimators: configure, `fit` a corpus or a data set, then read `labels` and `centers`,
/// describe the clusters, `predict` new documents and save the model.
///
/// ```swift
/// let corpus = try TextCorpus(source: FolderReader(root: "notes"))
/// let fitted = try Clusterer(clusterCount: 5).fit(corpus)
/// print(fitted.labels, fitted.summary.renderText(labelNames: fitted.labelNames))
/// try fitted.model.save(to: "notes-model")
/// let placements = try ClusteringModel.load(from: "notes-model").place([Document(id: "new", text: "...")])
/// ```
public struct Clusterer {
    /// How many clusters: a number, or the best by silhouette over a range.
    public enum ClusterCount: Equatable, Sendable {
        case fixed(Int)
        case automatic(ClosedRange<Int>)
    }

    public var clusterCount: ClusterCount
    /// A method, or by default the deep model unless the corpus is too small for it.
    public var method: MethodChoice
    /// The settings of a method for a given K and kind of rows; by default (nil) the method's
    /// recommended preset for that kind.
    public var settings: ((ClusteringMethod, Int, FeatureKind) throws -> DeepKMeansSettings)?
    /// A sentence encoder: a corpus is then clustered by its documents' embeddings (read the
    /// corpus with `CorpusSettings.encoderTokenizer` set to the encoder's tokenizer), and its
    /// tf-idf rows only describe the clusters. One process only.
    public var encoder: SentenceEncoder?
    /// Where embeddings are kept between runs (nil: none are kept).
    public var embeddingCache: EmbeddingCache?
    public var seed: UInt64 = Clusterer.defaultSeed
    /// The seed of a run that names none: the paper's first.
    public static let defaultSeed: UInt64 = 8905
    /// Cluster a random sample of this many points instead of all (one process only).
    public var sampleSize: Int?
    public var checkpointing: Checkpointing?
    public var pretrainingCache: String?
    /// Top terms and typical documents kept per cluster (text).
    public var termCount = 10
    public var progress: ProgressHandler?
    /// Hears what is about to be trained, once K is known and before training starts.
    public var onStart: ((Start) -> Void)?
    /// Run k-means on the same vectors too and compare (not for k-means itself, nor distributed).
    public var comparesWithKMeans = true
    /// The processes of a distributed job (one process by default).
    public var communicator: Communicator = SingleProcess.shared

    /// What a job is about to train.
    public struct Start {
        /// Points and features per point (over every process).
        public var points: Int
        public var features: Int
        public var clusterCount: Int
        /// The method trained.
        public var method: ClusteringMethod
        /// True when the automatic choice fell back to k-means: too few documents for the deep model.
        public var tooFewForDeepModel: Bool
        /// The sentence encoder whose embeddings are clustered, if any.
        public var encoder: String?
        /// With an automatic K: the silhouette of every K tried.
        public var countScores: [ClusterCountSelection.Score]?
        /// With an automatic K: whether one K stood out (false when the curve was nearly flat).
        public var countIsClear: Bool?
        /// With an automatic K: the range asked for (`countScores` may go past one end of it).
        public var countRange: ClosedRange<Int>?
    }

    public init(clusterCount: Int, method: MethodChoice = .automatic) {
        self.init(clusterCount: .fixed(clusterCount), method: method)
    }

    public init(clusterCount: Int, method: ClusteringMethod) {
        self.init(clusterCount: .fixed(clusterCount), method: .method(method))
    }

    public init(clusterCount: ClusterCount, method: MethodChoice = .automatic) {
        self.clusterCount = clusterCount
        self.method = method
    }

    /// Clusters documents: the clusters are described by their terms and typical documents,
    /// and the model keeps the vocabulary, so it places new documents.
    public func fit(_ corpus: TextCorpus) throws -> FittedClustering {
        try fit(corpus.dataset(communicator: communicator), text: corpus)
    }

    /// Clusters rows of numbers (images, embeddings, any feature matrix), with labels if known.
    public func fit(_ data: Dataset) throws -> FittedClustering {
        try fit(data, text: nil)
    }

    /// Clusters a feature matrix.
    public func fit(_ features: Features) throws -> FittedClustering {
        try fit(Dataset(name: "features", features: features, labels: nil), text: nil)
    }

    private func fit(_ whole: Dataset, text wholeText: TextCorpus?) throws -> FittedClustering {
        var data = whole, text = wholeText
        let timer = PhaseTimer()
        let progress: ProgressHandler = { [handler = self.progress] in
            timer.observe($0)
            handler?($0)
        }
        var kind = FeatureKind.numeric
        if case .sparse = whole.features { kind = .tfidf } else if wholeText != nil { kind = .tfidf }
        if wholeText != nil, encoder != nil { kind = .sentenceEmbeddings }
        func settingsFor(_ method: ClusteringMethod, _ k: Int) throws -> DeepKMeansSettings {
            try self.settings?(method, k, kind) ?? method.settings(.recommended, clusterCount: k, for: kind)
        }
        if communicator.isDistributed {
            guard sampleSize == nil, case .fixed = clusterCount else {
                throw ClusteringError.invalidSetting("sampling and choosing K automatically do not run distributed")
            }
            guard kind != .sentenceEmbeddings else { throw ClusteringError.invalidSetting("a sentence encoder does not run distributed") }
        }
        if let sampleSize, sampleSize < data.count {
            var random = RandomGenerator(seed: seed ^ 0x5A4D_504C)
            let chosen = Array(random.permutation(data.count).prefix(sampleSize)).sorted()
            data = data.subset(chosen)
            text = text.map { $0.subset(chosen) }
        }
        var unassigned: UnassignedDocuments?
        if let corpus = text {
            (data, text, unassigned) = try UnassignedDocuments.separate(
                data, corpus: corpus, byEncoderTokens: kind == .sentenceEmbeddings,
                communicator: communicator)
        }
        if kind == .sentenceEmbeddings, let corpus = text, let encoder {
            data.features = .dense(try timer.measure(TrainingPhase.embed.rawValue) { try embed(corpus, with: encoder, progress: progress) })
        }
        let points = try communicator.sum(data.count)
        if let unassigned, case .fixed(let k) = clusterCount, points < k {
            throw ClusteringError.invalidSetting(
                "only \(points) document(s) hold a term of the vocabulary "
                    + "(\(unassigned.count) hold none): fewer than the \(k) clusters asked for")
        }
        let method = self.method.resolved(points: points, kind: kind)
        let k: Int
        var countScores: [ClusterCountSelection.Score]?
        var countIsClear: Bool?
        var countRange: ClosedRange<Int>?
        switch clusterCount {
        case .fixed(let count):
            k = count
        case .automatic(let range):
            let selection = try timer.measure("choose K") {
                try ClusterCountSelection(range: range)
                    .select(data.features, method: method, settings: settingsFor(method, range.upperBound), seed: seed, progress: progress)
            }
            // Training a K the silhouette only reached at an end would present the range's choice as the data's.
            guard !selection.isAtEdge else {
                let leaders = selection.leaders.map { String(format: "%d (%.3f)", $0.k, $0.silhouette) }.joined(separator: ", ")
                let widened = selection.tried == range ? "" : ", widened from \(range.lowerBound)..\(range.upperBound)"
                throw ClusteringError.invalidSetting(
                    "the silhouette is best at K = \(selection.best), the \(selection.best == selection.tried.upperBound ? "top" : "bottom") "
                        + "of the range tried (\(selection.tried.lowerBound)..\(selection.tried.upperBound)\(widened)), so it does not say how "
                        + "many clusters there are (best: \(leaders)); give --k, or a --k-range past that end")
            }
            k = selection.best
            countScores = selection.scores
            countIsClear = selection.isClear
            countRange = range
        }
        let settings = try settingsFor(method, k)
        onStart?(
            Start(
                points: points, features: data.features.columns, clusterCount: k, method: method,
                tooFewForDeepModel: self.method == .automatic && method == .km && kind != .sentenceEmbeddings,
                encoder: kind == .sentenceEmbeddings ? encoder?.name : nil,
                countScores: countScores, countIsClear: countIsClear, countRange: countRange))
        let run = try timer.measure("train") {
            try method.run(
                on: data.features, settings: settings, seed: seed, pretrainingCache: pretrainingCache,
                checkpointing: checkpointing, progress: progress, communicator: communicator)
        }
        let kmeans =
            comparesWithKMeans && method != .km && !communicator.isDistributed
            ? try timer.measure("compare with k-means") {
                try KMeansComparison.compare(
                    run.assignment.clusters, features: data.features, clusterCount: k, seed: seed,
                    progress: progress)
            }
            : nil
        var fitted = try timer.measure("describe") {
            try FittedClustering(
                run: run, clusterCount: k, data: data, text: text,
                encoder: kind == .sentenceEmbeddings ? encoder.map(EncoderRecord.init) : nil,
                countScores: countScores,
                countIsClear: countIsClear, kmeans: kmeans, unassigned: unassigned, termCount: termCount,
                communicator: communicator)
        }
        fitted.report.timings = timer.timings
        return fitted
    }

    /// The corpus's embeddings, from the cache where it holds them.
    private func embed(_ corpus: TextCorpus, with encoder: SentenceEncoder, progress: @escaping ProgressHandler) throws -> Matrix {
        let sequences = corpus.encoderTokens
        let vocabulary = Int32(encoder.folder.architecture.vocabularySize)
        guard sequences.count == corpus.count,
            sequences.allSatisfy({ $0.count <= encoder.folder.maximumLength && $0.allSatisfy { $0 >= 0 && $0 < vocabulary } })
        else {
            throw ClusteringError.invalidSetting(
                "the corpus was not read with \(encoder.name)'s tokenizer (CorpusSettings.encoderTokenizer)")
        }
        let report: (Int) -> Void = { progress(TrainingProgress(phase: .embed, completed: Double($0), total: sequences.count)) }
        report(0)
        let embeddings = try encoder.embed(tokenized: sequences, cache: embeddingCache, onProgress: report).embeddings
        report(sequences.count)
        return embeddings
    }
}
