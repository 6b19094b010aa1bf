import Foundation
import DKMClustering
import DKMCore
import DKMData
import DKMEncoder

/// What `model.json` holds: everything besides the tensors needed to assign new points exactly
/// as training did.
public struct ModelDescription: Codable, Equatable, Sendable {
    /// 2: weights stored output x input, as PyTorch's `nn.Linear` holds them, and the placement
    /// calibration; 1 (still read): weights input x output, no calibration.
    public static let currentFormat = 2
    public static let readableFormats = 1...2

    public var format: Int = ModelDescription.currentFormat
    public var method: ClusteringMethod
    public var clusterCount: Int
    public var inputSize: Int
    /// nil for KM, which clusters the input itself.
    public var architecture: AutoencoderArchitecture?
    /// f, used to assign points to representatives.
    public var distance: Distance
    /// Alpha of the softmax weights reported with assignments.
    public var alpha: Float
    public var lambda: Float
    public var seed: UInt64
    /// Text models: how documents become tf-idf rows.
    public var tokenizer: TokenizerSettings?
    public var vectorizer: TfIdfVectorizer?
    /// Names of the labels seen in training, if any.
    public var labelNames: [String]
    /// Outlier thresholds and the soft weights' temperature (format 2).
    public var calibration: PlacementCalibration?
    /// The length each representative is decoded at, where only its direction was trained
    /// (`ClusteringRun.representativeNorms`); absent in older models, which decode as stored.
    public var representativeNorms: [Float]? = nil
    /// Names a user gave clusters (`dkm label`), one per cluster, nil where none was given;
    /// every output of the model shows them.
    public var clusterNames: [String?]? = nil
    /// Models of sentence embeddings: the encoder that made them, which new documents are
    /// embedded with (and no other). The vocabulary then only describes the clusters.
    public var encoder: EncoderRecord? = nil

    /// The name of `cluster`, when it has one.
    public func name(of cluster: Int) -> String? {
        guard let clusterNames, cluster >= 0, cluster < clusterNames.count else { return nil }
        return clusterNames[cluster]
    }

    /// The longest cluster name taken.
    public static let longestClusterName = 200
}

extension ModelDescription {
    static func isValidClusterName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= longestClusterName && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}

public enum ModelError: Error, Equatable, CustomStringConvertible {
    case incompatible(String)

    public var description: String {
        switch self {
        case .incompatible(let message): message
        }
    }
}

/// A trained clustering: representatives, the encoder that maps inputs to their space, and
/// (for text) the vocabulary, idf and tokenizer settings.
public final class ClusteringModel {
    public static let descriptionFile = "model.json"
    public static let weightsFile = "weights.safetensors"

    public static let termProfilesTensor = "term_profiles"

    public let description: ModelDescription
    public let network: Autoencoder?
    public let representatives: Matrix
    /// Models of sentence embeddings: each cluster's mean tf-idf row over its training members
    /// (clusters x vocabulary), which its terms and a new document's linking terms are read
    /// from, as the representatives decode to the encoder's space, not to terms.
    public let termProfiles: Matrix?

    public init(description: ModelDescription, network: Autoencoder?, representatives: Matrix, termProfiles: Matrix? = nil) {
        self.description = description
        self.network = network
        self.representatives = representatives
        self.termProfiles = termProfiles
    }

    /// The model of a finished run; `corpus` makes it a text model (of `encoder`'s embeddings
    /// when given: the run clustered those), `clusterNames` names its clusters.
    public convenience init(
        run: ClusteringRun, inputSize: Int, corpus: TextCorpus? = nil, encoder: EncoderRecord? = nil,
        labelNames: [String] = [], clusterNames: [String?]? = nil
    ) {
        let settings = run.settings ?? run.method.defaultSettings(clusterCount: run.representatives.rows)
        self.init(
            description: ModelDescription(
                method: run.method, clusterCount: run.representatives.rows, inputSize: inputSize,
                architecture: run.network?.architecture, distance: run.distance, alpha: settings.alphaSchedule.finalAlpha,
                lambda: settings.lambda, seed: run.seed, tokenizer: corpus?.tokenizer, vectorizer: corpus?.vectorizer,
                labelNames: labelNames,
                calibration: PlacementCalibration(run.assignment, clusterCount: run.representatives.rows),
                representativeNorms: run.representativeNorms,
                clusterNames: clusterNames?.contains { $0 != nil } == true ? clusterNames : nil, encoder: encoder),
            network: run.network, representatives: run.representatives,
            termProfiles: encoder == nil
                ? nil
                : corpus.map {
                    TopTerms.memberMeans($0.matrix, clusters: run.assignment.clusters, clusterCount: run.representatives.rows)
                })
    }

    /// Points in the space of the representatives.
    public func embed(_ features: Features) throws -> Matrix {
        guard features.columns == description.inputSize else {
            throw ModelError.incompatible("the model expects \(description.inputSize) features per point, got \(features.columns)")
        }
        if let network { return network.embed(features) }
        switch features {
        case .dense(let matrix): return matrix
        case .sparse(let matrix): return matrix.toDense()
        }
    }

    /// f from every point to every representative (a row per point), embedding a few thousand
    /// points at a time so that a large sparse input is never made dense whole. `embedding`,
    /// when given, is the points' embedding already made by this model's network (a run's final
    /// pass), so the points are not embedded a second time.
    public func distances(_ features: Features, embedding: Matrix? = nil) throws -> Matrix {
        if network == nil, case .sparse(let rows) = features {
            guard rows.columns == description.inputSize else {
                throw ModelError.incompatible("the model expects \(description.inputSize) features per point, got \(rows.columns)")
            }
            return sparseDistances(rows)
        }
        if let embedding {
            guard embedding.rows == features.rows, embedding.columns == representatives.columns else {
                throw ModelError.incompatible(
                    "an embedding of \(embedding.rows) x \(embedding.columns) for \(features.rows) points "
                        + "in a space of \(representatives.columns)")
            }
            return representativeDistances(embedding)
        }
        var result = Matrix(rows: features.rows, columns: representatives.rows)
        for start in stride(from: 0, to: features.rows, by: 4096) {
            let block = try embed(features.gatheringRows(Array(start..<min(start + 4096, features.rows))))
            let distances = representativeDistances(block)
            result.values.withUnsafeMutableBufferPointer { target in
                (target.baseAddress! + start * result.columns).update(from: distances.values, count: distances.values.count)
            }
        }
        return result
    }

    /// f from each row of `embedding` to every representative.
    private func representativeDistances(_ embedding: Matrix) -> Matrix {
        let k = representatives.rows, p = embedding.columns
        var result = Matrix(rows: embedding.rows, columns: k)
        embedding.values.withUnsafeBufferPointer { h in
            representatives.values.withUnsafeBufferPointer { r in
                for i in 0..<embedding.rows {
                    for j in 0..<k {
                        result[i, j] = description.distance.value(h.baseAddress! + i * p, r.baseAddress! + j * p, count: p)
                    }
                }
            }
        }
        return result
    }

    /// f from sparse rows to k-means centers in the input space without a dense block of rows
    /// (a vocabulary of millions of terms would make one of gigabytes). The sums run in the
    /// order and precision of `Distance.value` on the dense row, so the distances are the same
    /// to the bit: the cosine from the row's non-zeros in column order, the Euclidean distance
    /// over every column with the row's zeros supplied as it goes.
    func sparseDistances(_ rows: SparseMatrix) -> Matrix {
        let k = representatives.rows, d = representatives.columns
        var result = Matrix(rows: rows.rows, columns: k)
        representatives.values.withUnsafeBufferPointer { r in
            let squaredNorms = (0..<k).map { c in (0..<d).reduce(0.0) { $0 + Double(r[c * d + $1]) * Double(r[c * d + $1]) } }
            for i in 0..<rows.rows {
                let entries = (rows.rowStarts[i]..<rows.rowStarts[i + 1]).sorted { rows.columnIndices[$0] < rows.columnIndices[$1] }
                let columns = entries.map { Int(rows.columnIndices[$0]) }, values = entries.map { rows.values[$0] }
                let x2 = values.reduce(0.0) { $0 + Double($1) * Double($1) }
                for c in 0..<k {
                    let center = r.baseAddress! + c * d
                    switch description.distance {
                    case .cosine:
                        var dot = 0.0
                        for (column, value) in zip(columns, values) { dot += Double(value) * Double(center[column]) }
                        let norms = max(x2.squareRoot(), Distance.smallestNorm) * max(squaredNorms[c].squareRoot(), Distance.smallestNorm)
                        result[i, c] = Float(1 - dot / norms)
                    case .euclidean:
                        var sum: Float = 0, next = 0
                        for j in 0..<d {
                            var x: Float = 0
                            if next < columns.count && columns[next] == j { x = values[next]; next += 1 }
                            let difference = x - center[j]
                            sum += difference * difference
                        }
                        result[i, c] = sum
                    }
                }
            }
        }
        return result
    }

    /// Each point's nearest representative, how far it is, its soft weight there (calibrated
    /// when the model has a calibration, else at training's alpha) and whether it is an outlier.
    public func placements(_ features: Features, embedding: Matrix? = nil) throws -> [PointPlacement] {
        let all = try distances(features, embedding: embedding)
        return (0..<features.rows).map { i in
            let row = Array(all.row(i))
            let nearest = row.indices.min { row[$0] < row[$1] }!
            guard let calibration = description.calibration else {
                let exponentials = row.map { expf(-description.alpha * ($0 - row[nearest])) }
                let sum = exponentials.reduce(0, +)
                return PointPlacement(cluster: nearest, distances: row, weights: exponentials.map { $0 / sum }, isOutlier: false)
            }
            return PointPlacement(
                cluster: nearest, distances: row, weights: calibration.weights(row),
                isOutlier: calibration.isOutlier(cluster: nearest, distance: row[nearest]))
        }
    }

    public func assign(_ features: Features) throws -> Assignment {
        Assignment(
            embedding: try embed(features), representatives: representatives, distance: description.distance,
            alpha: description.alpha)
    }

    /// A model of sentence embeddings: its encoder, from `path` (a folder or a name, as
    /// `SentenceEncoder.locate` takes them) or else by the name the model records, checked to
    /// be the same encoder, in the precision the model's documents were embedded in. nil for a
    /// model of tf-idf rows or numbers.
    public func sentenceEncoder(at path: String? = nil) throws -> SentenceEncoder? {
        guard let record = description.encoder else { return nil }
        let encoder = try SentenceEncoder(path: SentenceEncoder.locate(path ?? record.name), precision: record.precision)
        try record.check(EncoderRecord(encoder))
        return encoder
    }

    /// tf-idf rows of new documents, with the training vocabulary, idf and tokenizer.
    public func vectorize(_ documents: [Document]) throws -> SparseMatrix {
        let (tokenizerSettings, vectorizer) = try textSettings()
        let tokenizer = Tokenizer(settings: tokenizerSettings)
        var counts = TermCounts()
        for document in documents { counts.add(tokenizer.tokens(document.text)) }
        return vectorizer.transform(counts)
    }

    /// How this text model reads a corpus: `reading`'s options, and the model's own tokenizer,
    /// vocabulary and idf (nothing is fitted to the corpus).
    public func corpusSettings(reading: CorpusOptions) throws -> CorpusSettings {
        let (tokenizer, vectorizer) = try textSettings()
        var settings = CorpusSettings()
        settings.reading = reading
        settings.tokenizer = tokenizer
        settings.fittedVectorizer = vectorizer
        return settings
    }

    /// A text model's tokenizer settings and vectorizer; an error for a model of numbers.
    private func textSettings() throws -> (TokenizerSettings, TfIdfVectorizer) {
        guard let tokenizer = description.tokenizer, let vectorizer = description.vectorizer else {
            throw ModelError.incompatible("this model was trained on \(description.inputSize) numeric features, not on text")
        }
        return (tokenizer, vectorizer)
    }

    // MARK: Saving and loading

    /// Writes `model.json` and `weights.safetensors` into `directory` (each atomically).
    public func save(to directory: String) throws {
        var tensors: [String: SafeTensors.Tensor] = ["representatives": SafeTensors.Tensor(representatives)]
        if let termProfiles { tensors[Self.termProfilesTensor] = SafeTensors.Tensor(termProfiles) }
        if let network {
            for (index, layer) in network.layers.enumerated() {
                tensors["layers.\(index).weight"] = SafeTensors.Tensor(layer.weights.value.transposed())
                tensors["layers.\(index).bias"] = SafeTensors.Tensor(shape: [layer.outputSize], values: layer.bias.value.values)
            }
        }
        let metadata = ["format": "dkm", "layout": "layers.i.weight is output x input, as torch.nn.Linear: y = x W^T + b"]
        try AtomicFile.write(
            Data(SafeTensors.encode(tensors, metadata: metadata)),
            to: (directory as NSString).appendingPathComponent(ClusteringModel.weightsFile))
        let encoder = JSONEncoder.readable
        try AtomicFile.write(
            encoder.encode(description), to: (directory as NSString).appendingPathComponent(ClusteringModel.descriptionFile))
    }

    /// Names clusters of the model saved in `directory` (`dkm label`): each entry of `names` sets
    /// one cluster's name, or clears it when nil. Only `model.json` is rewritten (atomically);
    /// returns the renamed model.
    @discardableResult
    public static func name(_ names: [Int: String?], modelIn directory: String) throws -> ClusteringModel {
        let model = try load(from: directory)
        var description = model.description
        var all = description.clusterNames ?? [String?](repeating: nil, count: description.clusterCount)
        for (cluster, name) in names.sorted(by: { $0.key < $1.key }) {
            guard cluster >= 0, cluster < description.clusterCount else {
                throw ModelError.incompatible("cluster \(cluster) is not one of the model's 0 to \(description.clusterCount - 1)")
            }
            let trimmed = name?.trimmingCharacters(in: .whitespaces)
            if let trimmed, !trimmed.isEmpty, !ModelDescription.isValidClusterName(trimmed) {
                throw ModelError.incompatible("a cluster name is one line of at most \(ModelDescription.longestClusterName) characters")
            }
            all[cluster] = trimmed?.isEmpty == false ? trimmed : nil
        }
        description.clusterNames = all.contains { $0 != nil } ? all : nil
        try AtomicFile.write(JSONEncoder.readable.encode(description), to: (directory as NSString).appendingPathComponent(descriptionFile))
        return ClusteringModel(
            description: description, network: model.network, representatives: model.representatives,
            termProfiles: model.termProfiles)
    }

    /// Reads a model directory, checking that every tensor is present with the right shape.
    public static func load(from directory: String) throws -> ClusteringModel {
        let jsonPath = (directory as NSString).appendingPathComponent(descriptionFile)
        let weightsPath = (directory as NSString).appendingPathComponent(weightsFile)
        return try decode(
            description: FileBytes.read(jsonPath), weights: FileBytes.read(weightsPath),
            descriptionFile: jsonPath, weightsFile: weightsPath)
    }

    /// A model from the bytes of its two files (named in errors). Every size the description
    /// declares is checked against the tensors actually present before anything is allocated.
    public static func decode(
        description descriptionBytes: [UInt8], weights: [UInt8],
        descriptionFile jsonPath: String, weightsFile weightsPath: String
    ) throws -> ClusteringModel {
        let description: ModelDescription
        do {
            description = try JSONDecoder().decode(ModelDescription.self, from: Data(descriptionBytes))
        } catch {
            throw DataFileError(file: jsonPath, .mismatch("not a dkm model description: \(error)"))
        }
        guard ModelDescription.readableFormats.contains(description.format) else {
            throw DataFileError(
                file: jsonPath,
                .mismatch(
                    "model format \(description.format); this dkm reads formats "
                        + "\(ModelDescription.readableFormats.lowerBound) to \(ModelDescription.readableFormats.upperBound)"))
        }
        if let calibration = description.calibration {
            guard calibration.outlierThresholds.count == description.clusterCount,
                calibration.temperature.isFinite, calibration.temperature > 0
            else {
                throw DataFileError(file: jsonPath, .mismatch("the calibration needs one threshold per cluster and a temperature > 0"))
            }
        }
        if let norms = description.representativeNorms {
            guard norms.count == description.clusterCount, norms.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw DataFileError(file: jsonPath, .mismatch("representativeNorms needs one finite length ≥ 0 per cluster"))
            }
        }
        if let names = description.clusterNames {
            guard names.count == description.clusterCount,
                names.allSatisfy({ $0.map(ModelDescription.isValidClusterName) ?? true })
            else {
                throw DataFileError(
                    file: jsonPath,
                    .mismatch(
                        "clusterNames needs one entry per cluster, each null or a name of 1 to "
                            + "\(ModelDescription.longestClusterName) characters on one line"))
            }
        }
        guard description.alpha.isFinite, description.lambda.isFinite else {
            throw DataFileError(file: jsonPath, .mismatch("alpha and lambda must be finite numbers"))
        }
        guard description.clusterCount >= 1, description.inputSize >= 1 else {
            throw DataFileError(file: jsonPath, .mismatch("clusterCount and inputSize must be at least 1"))
        }
        let (tensors, _) = try SafeTensors.decode(weights, file: weightsPath)
        // A model with NaN or infinite weights places every document at a meaningless distance.
        for (name, tensor) in tensors.sorted(by: { $0.key < $1.key }) where !tensor.values.allSatisfy(\.isFinite) {
            throw DataFileError(file: weightsPath, .mismatch("tensor '\(name)' holds NaN or infinite values"))
        }
        /// The tensor `name`, which must have exactly `shape`.
        func tensor(_ name: String, shape: [Int]) throws -> SafeTensors.Tensor {
            guard let tensor = tensors[name] else { throw DataFileError(file: weightsPath, .mismatch("tensor '\(name)' is missing")) }
            guard tensor.shape == shape else {
                throw DataFileError(file: weightsPath, .badShape(expected: "\(name) of shape \(shape)", found: "\(tensor.shape)"))
            }
            return tensor
        }
        var network: Autoencoder?
        let space = description.architecture?.embeddingSize ?? description.inputSize
        if let architecture = description.architecture {
            guard architecture.inputSize == description.inputSize else {
                throw DataFileError(
                    file: jsonPath,
                    .mismatch("architecture input \(architecture.inputSize) differs from inputSize \(description.inputSize)"))
            }
            let sizes = architecture.layerSizes
            guard sizes.allSatisfy({ $0 >= 1 }) else {
                throw DataFileError(file: jsonPath, .mismatch("every layer size must be at least 1"))
            }
            // The weights exist in the file with these shapes, so building the network is bounded by the file's size.
            var layerTensors: [(weight: SafeTensors.Tensor, bias: SafeTensors.Tensor)] = []
            // Format 1 stored weights input x output; format 2 stores them output x input.
            let transposed = description.format >= 2
            for (index, (input, output)) in zip(sizes, sizes.dropFirst()).enumerated() {
                layerTensors.append(
                    (
                        try tensor("layers.\(index).weight", shape: transposed ? [output, input] : [input, output]),
                        try tensor("layers.\(index).bias", shape: [output])
                    ))
            }
            var unused = RandomGenerator(seed: 0)
            let built = Autoencoder(architecture: architecture, batchSize: 64, random: &unused)
            for (layer, stored) in zip(built.layers, layerTensors) {
                layer.weights.value =
                    transposed
                    ? Matrix(rows: layer.outputSize, columns: layer.inputSize, values: stored.weight.values).transposed()
                    : Matrix(rows: layer.inputSize, columns: layer.outputSize, values: stored.weight.values)
                layer.bias.value = Matrix(rows: 1, columns: layer.outputSize, values: stored.bias.values)
            }
            network = built
        }
        let representatives = Matrix(
            rows: description.clusterCount, columns: space,
            values: try tensor("representatives", shape: [description.clusterCount, space]).values)
        if let problem = description.tokenizer?.problem {
            throw DataFileError(file: jsonPath, .mismatch("tokenizer: \(problem)"))
        }
        if let vectorizer = description.vectorizer {
            if let problem = vectorizer.settings.problem { throw DataFileError(file: jsonPath, .mismatch("vectorizer: \(problem)")) }
            guard description.encoder != nil || vectorizer.vocabulary.count == description.inputSize else {
                throw DataFileError(
                    file: jsonPath, .mismatch("the vocabulary has \(vectorizer.vocabulary.count) terms for \(description.inputSize) inputs")
                )
            }
            guard vectorizer.idf.count == vectorizer.vocabulary.count, vectorizer.idf.allSatisfy(\.isFinite) else {
                throw DataFileError(file: jsonPath, .mismatch("the vectorizer needs one finite idf per vocabulary term"))
            }
            guard Set(vectorizer.vocabulary).count == vectorizer.vocabulary.count else {
                throw DataFileError(file: jsonPath, .mismatch("the vocabulary repeats a term"))
            }
        }
        var termProfiles: Matrix?
        if let encoder = description.encoder {
            guard let vocabulary = description.vectorizer?.vocabulary, description.tokenizer != nil else {
                throw DataFileError(file: jsonPath, .mismatch("a model of \(encoder.name) embeddings needs its tokenizer and vectorizer"))
            }
            guard encoder.dimension == description.inputSize else {
                throw DataFileError(
                    file: jsonPath,
                    .mismatch("\(encoder.name) makes \(encoder.dimension) numbers per document, the model takes \(description.inputSize)"))
            }
            termProfiles = Matrix(
                rows: description.clusterCount, columns: vocabulary.count,
                values: try tensor(termProfilesTensor, shape: [description.clusterCount, vocabulary.count]).values)
        }
        return ClusteringModel(description: description, network: network, representatives: representatives, termProfiles: termProfiles)
    }
}

extension ClusteringModel {
    /// The representatives in the input space (decoded; KM's centers are already there).
    public var decodedRepresentatives: Matrix {
        guard let network else { return representatives }
        return network.decode(description.representativeNorms.map { MemberNorms.placing(representatives, at: $0) } ?? representatives)
    }

    /// Each cluster in the vocabulary's space: its decoded representative, or for a model of
    /// sentence embeddings its members' mean tf-idf row.
    var termSpaceRepresentatives: Matrix { termProfiles ?? decodedRepresentatives }

    /// Text models: each representative's top terms (decoder view, or members' for a model of embeddings), read against the mean of
    /// the decoded representatives (a model keeps no corpus mean), so that the words every
    /// cluster decodes to do not lead them all.
    public func topTerms(count: Int) -> [[TopTerms.Term]] {
        guard let vocabulary = description.vectorizer?.vocabulary else { return [] }
        let decoded = termSpaceRepresentatives
        guard decoded.rows > 1 else { return TopTerms.decoded(decoded, vocabulary: vocabulary, count: count) }
        let mean = (0..<decoded.columns).map { c in (0..<decoded.rows).reduce(Float(0)) { $0 + decoded[$1, c] } / Float(decoded.rows) }
        return TopTerms.decoded(decoded, baseline: mean, vocabulary: vocabulary, count: count)
    }

    /// For each document row, the terms it shares with its cluster's decoded representative,
    /// largest product of weights first: what links the document to the cluster.
    public func linkingTerms(_ rows: SparseMatrix, clusters: [Int], count: Int) -> [[TopTerms.Term]] {
        guard let vocabulary = description.vectorizer?.vocabulary else { return [] }
        let decoded = termSpaceRepresentatives
        return (0..<rows.rows).map { r in
            var terms: [TopTerms.Term] = []
            for e in rows.rowStarts[r]..<rows.rowStarts[r + 1] {
                let column = Int(rows.columnIndices[e])
                let weight = rows.values[e] * decoded[clusters[r], column]
                if weight > 0 { terms.append(TopTerms.Term(term: vocabulary[column], weight: weight)) }
            }
            return Array(terms.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }.prefix(count))
        }
    }
}

/// Where one point falls among a model's clusters.
public struct PointPlacement: Codable, Equatable, Sendable {
    public var cluster: Int
    /// f to every representative.
    public var distances: [Float]
    /// The soft weight of every cluster.
    public var weights: [Float]
    /// Farther from its representative than the model's threshold for that cluster.
    public var isOutlier: Bool

    public var distance: Float { distances[cluster] }
    public var weight: Float { weights[cluster] }
}

/// One new document's place in a model's clusters (`dkm assign`).
public struct DocumentPlacement: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Within what the training documents of its cluster showed.
        case member
        /// Nearest to `cluster`, but farther from it than the model's threshold.
        case outlier
        /// No term of the model's vocabulary: there is nothing to place it by.
        case unassigned
    }

    public var id: String
    public var status: Status
    /// nil when unassigned.
    public var cluster: Int?
    /// The cluster's name, when the model names it (`dkm label`).
    public var clusterName: String? = nil
    public var distance: Float?
    public var weight: Float?
    /// f to every representative (empty when unassigned).
    public var distances: [Float]
    public var terms: [String]
}

extension ClusteringModel {
    /// Vectorizes and places documents, with the terms that link each to its cluster. A
    /// document with no vocabulary term is unassigned; one beyond its cluster's threshold is an
    /// outlier.
    ///
    /// A model of sentence embeddings embeds the documents with `encoder`, which must be the
    /// one it was trained with (same weights, pooling and length); a document is then
    /// unassigned only when the encoder has nothing of it to read.
    public func place(_ documents: [Document], termCount: Int = 5, encoder: SentenceEncoder? = nil) throws -> [DocumentPlacement] {
        let rows = try vectorize(documents)
        var features = Features.sparse(rows)
        var isEmpty = (0..<documents.count).map { rows.rowStarts[$0 + 1] == rows.rowStarts[$0] }
        if let record = description.encoder {
            guard let encoder else {
                throw ModelError.incompatible("this model clusters \(record.name) embeddings: give that encoder (--encoder)")
            }
            try record.check(EncoderRecord(encoder))
            let tokens = documents.map { encoder.tokens($0.text) }
            features = .dense(encoder.embed(tokenized: tokens))
            isEmpty = tokens.map { $0.count <= 2 }
        }
        let placed = try placements(features)
        let links = linkingTerms(rows, clusters: placed.map(\.cluster), count: termCount)
        return documents.indices.map { i in
            guard !isEmpty[i] else {
                return DocumentPlacement(
                    id: documents[i].id, status: .unassigned, cluster: nil, distance: nil, weight: nil,
                    distances: [], terms: [])
            }
            let p = placed[i]
            return DocumentPlacement(
                id: documents[i].id, status: p.isOutlier ? .outlier : .member, cluster: p.cluster,
                clusterName: description.name(of: p.cluster), distance: p.distance, weight: p.weight,
                distances: p.distances, terms: links[i].map(\.term))
        }
    }
}
