import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// Clustering by a sentence encoder's embeddings: the rows clustered are the encoder's, the
/// terms still come from tf-idf, and the saved model embeds new documents with that encoder
/// and no other.
@Suite struct EncoderClusteringTests {
    /// Three topics in the tiny encoder's words, 20 documents each, and a blank one.
    static let documents: [Document] = {
        let topics = [
            ("sport", ["game", "team", "season", "score", "goal", "player"]),
            ("computers", ["disk", "drive", "memory", "computer", "software", "windows"]),
            ("space", ["space", "orbit", "nasa", "launch", "planet", "moon"]),
        ]
        var random = RandomGenerator(seed: 7)
        var documents: [Document] = []
        for i in 0..<20 {
            for (label, words) in topics {
                let text = (0..<5).map { _ in words[random.index(below: words.count)] }.joined(separator: " ") + " of the " + words[i % 6]
                documents.append(Document(id: "\(label)-\(i)", text: text, label: label))
            }
        }
        return documents + [Document(id: "blank", text: " ", label: "space")]
    }()

    static func corpus(_ encoder: SentenceEncoder?) throws -> TextCorpus {
        try TextCorpus(
            source: InMemorySource(documents: documents),
            encoderTokenizer: encoder?.tokenizer)
    }

    @Test func theEncodersRowsAreClusteredAndTheModelPlacesWithIt() throws {
        let folder = TemporaryDirectory()
        let encoder = try SentenceEncoder(path: TinyEncoder.write(to: folder.file("tiny")))
        let corpus = try Self.corpus(encoder)
        var clusterer = Clusterer(clusterCount: 3, method: .km)
        clusterer.encoder = encoder
        clusterer.embeddingCache = EmbeddingCache(folder: folder.file("cache"))
        var phases: [TrainingPhase] = []
        clusterer.progress = { if phases.last != $0.phase { phases.append($0.phase) } }
        let fitted = try clusterer.fit(corpus)
        #expect(phases.first == .embed)
        // The blank document has nothing for the encoder to read: unassigned, as without one.
        #expect(fitted.unassigned?.ids == ["blank"])
        guard case .dense(let rows) = fitted.data.features else { Issue.record("embeddings are dense rows"); return }
        let texts = Self.documents.dropLast().map(\.text)
        #expect(rows.values == encoder.embed(texts).values)
        #expect(fitted.centers.columns == TinyEncoder.hidden)
        #expect(fitted.report.timings?.contains { $0.phase == "embed" } == true)
        // Terms come from the members' tf-idf rows; the representatives decode to no term.
        #expect(fitted.summary.clusters.allSatisfy { $0.decoderTerms.isEmpty && !$0.memberTerms.isEmpty })
        let record = try #require(fitted.model.description.encoder)
        #expect(record == EncoderRecord(encoder) && record.dimension == TinyEncoder.hidden)
        // The saved model places the training documents where training put them, with linking terms.
        let saved = folder.file("model")
        try fitted.model.save(to: saved)
        let model = try ClusteringModel.load(from: saved)
        #expect(model.termProfiles?.columns == corpus.matrix.columns)
        let placed = try model.place(Array(Self.documents.dropLast()), encoder: encoder)
        #expect(placed.map(\.cluster) == fitted.labels.map { Optional($0) })
        #expect(placed.allSatisfy { !$0.terms.isEmpty })
        #expect(try model.place([Self.documents.last!], encoder: encoder).map(\.status) == [.unassigned])
        #expect(model.topTerms(count: 3).allSatisfy { $0.count == 3 })
        // Without an encoder, or with another one's weights, the model refuses.
        #expect(throws: ModelError.self) { try model.place(Self.documents, encoder: nil) }
        let other = try SentenceEncoder(path: TinyEncoder.write(to: folder.file("other"), seed: 2))
        let refusal = #expect(throws: ModelError.self) { try model.place(Self.documents, encoder: other) }
        #expect("\(refusal.map { "\($0)" } ?? "")".contains("other weights"))
        // The same weights in 8-bit products embed otherwise: refused too.
        let rounded = try SentenceEncoder(path: folder.file("tiny"), precision: .int8)
        let precisionRefusal = #expect(throws: ModelError.self) { try model.place(Self.documents, encoder: rounded) }
        #expect("\(precisionRefusal.map { "\($0)" } ?? "")".contains("embedded in fp32"))
        // A second fit takes every embedding from the cache, and gives the same clusters.
        #expect(try clusterer.fit(corpus).labels == fitted.labels)
    }

    /// A record saved before precision was kept decodes as fp32, and precision round-trips.
    @Test func recordsWithoutAPrecisionAreFP32() throws {
        let old = #"{"name":"m","sha256":"ab","pooling":"mean","normalizes":true,"maximumLength":256,"dimension":384}"#
        let record = try JSONDecoder().decode(EncoderRecord.self, from: Data(old.utf8))
        #expect(record.precision == .fp32 && record.dimension == 384)
        var rounded = record
        rounded.precision = .int8
        let again = try JSONDecoder().decode(EncoderRecord.self, from: JSONEncoder().encode(rounded))
        #expect(again == rounded && again != record)
    }

    @Test(.slow) func aDeepMethodTrainsOnTheEmbeddingsWithItsPreset() throws {
        let folder = TemporaryDirectory()
        let encoder = try SentenceEncoder(path: TinyEncoder.write(to: folder.file("tiny")))
        var clusterer = Clusterer(clusterCount: 3, method: .dkmPretrained)
        clusterer.encoder = encoder
        var kinds: [FeatureKind] = []
        clusterer.settings = { method, k, kind in
            kinds.append(kind)
            var settings = method.settings(.recommended, clusterCount: k, for: kind)
            settings.pretrainEpochs = 2
            settings.alphaSchedule.epochsPerValue = 2
            return settings
        }
        let fitted = try clusterer.fit(Self.corpus(encoder))
        #expect(kinds.allSatisfy { $0 == .sentenceEmbeddings } && !kinds.isEmpty)
        #expect(fitted.model.network?.architecture.inputSize == TinyEncoder.hidden)
        let settings = ClusteringMethod.dkmPretrained.settings(.recommended, clusterCount: 3, for: .sentenceEmbeddings)
        #expect(settings.clusteringDistance == .cosine && settings.pretrainingInputDropout == 0 && settings.embeddingSize == 50)
        // Placing the training documents again gives the final pass's clusters.
        let placed = try fitted.model.place(Array(Self.documents.dropLast()), encoder: encoder)
        #expect(placed.map(\.cluster) == fitted.labels.map { Optional($0) })
    }

    @Test func aCorpusReadWithoutTheEncodersTokenizerIsRefused() throws {
        let folder = TemporaryDirectory()
        var clusterer = Clusterer(clusterCount: 3, method: .km)
        clusterer.encoder = try SentenceEncoder(path: TinyEncoder.write(to: folder.file("tiny")))
        let error = #expect(throws: ClusteringError.self) { try clusterer.fit(Self.corpus(nil)) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("tokenizer"))
    }
}
