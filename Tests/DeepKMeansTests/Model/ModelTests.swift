@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct SafeTensorsTests {
    /// The layout of the specification, checked byte by byte: u64 little-endian header size,
    /// a JSON header with dtype, shape and data_offsets, then little-endian F32 data.
    @Test func followsTheFormatSpecification() throws {
        let bytes = try SafeTensors.encode(
            [
                "b": SafeTensors.Tensor(shape: [2], values: [1.5, -2]),
                "a": SafeTensors.Tensor(shape: [1, 1], values: [0.25]),
            ], metadata: ["k": "v"])
        let headerSize = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        #expect(headerSize % 8 == 0 && bytes.count == 8 + headerSize + 12)
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerSize)])) as! [String: Any]
        let a = header["a"] as! [String: Any], b = header["b"] as! [String: Any]
        #expect(a["dtype"] as? String == "F32" && a["shape"] as? [Int] == [1, 1] && a["data_offsets"] as? [Int] == [0, 4])
        #expect(b["shape"] as? [Int] == [2] && b["data_offsets"] as? [Int] == [4, 12])
        #expect(header["__metadata__"] as? [String: String] == ["k": "v"])
        // 0.25 = 0x3E800000 and 1.5 = 0x3FC00000, least significant byte first.
        #expect(Array(bytes[(8 + headerSize)...]) == [0, 0, 0x80, 0x3E, 0, 0, 0xC0, 0x3F, 0, 0, 0, 0xC0])
        let decoded = try SafeTensors.decode(bytes, file: "t.safetensors")
        #expect(decoded.tensors["b"] == SafeTensors.Tensor(shape: [2], values: [1.5, -2]) && decoded.metadata == ["k": "v"])
    }

    @Test func damagedFilesAreRefused() throws {
        let bytes = try SafeTensors.encode(["w": SafeTensors.Tensor(shape: [2, 2], values: [1, 2, 3, 4])])
        #expect(throws: DataFileError.self) { try SafeTensors.decode(Array(bytes.prefix(5)), file: "x") }
        var huge = bytes
        huge[7] = 0x7F  // a header length far beyond the file
        #expect(throws: DataFileError.self) { try SafeTensors.decode(huge, file: "x") }
        #expect(throws: DataFileError.self) { try SafeTensors.decode(Array(bytes.dropLast(4)), file: "x") }
        var garbled = bytes
        garbled[9] = UInt8(ascii: "!")
        #expect(throws: DataFileError.self) { try SafeTensors.decode(garbled, file: "x") }
        // A shape whose element count fits in Int but whose byte count does not.
        let header = Array(#"{"w":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,0]}}"#.utf8)
        let overflowing = (0..<8).map { UInt8((header.count >> (8 * $0)) & 0xFF) } + header
        #expect(throws: DataFileError.self) { try SafeTensors.decode(overflowing, file: "x") }
    }
}

@Suite struct ClusteringModelTests {
    func settings(_ clusters: Int) -> DeepKMeansSettings {
        TestSupport.smallSettings(clusters: clusters, hidden: [32, 16], batchSize: 32, pretrainEpochs: 5, epochs: 5)
    }

    @Test(.slow) func saveLoadAssignReproducesTrainingOnImagesAndText() throws {
        let directory = TemporaryDirectory()
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 40, dimensions: 12, spread: 1, seed: 4)
        for method in [ClusteringMethod.dkmPretrained, .aeKMeans, .km] {
            let run = try method.run(on: .dense(points), settings: settings(3), seed: 5)
            let path = directory.file("model-\(method.rawValue)")
            try ClusteringModel(run: run, inputSize: 12).save(to: path)
            let loaded = try ClusteringModel.load(from: path)
            let again = try loaded.assign(.dense(points))
            #expect(again.clusters == run.assignment.clusters, "\(method)")
        }
        // Text: the documents, vectorized anew from their words, land where training put them.
        var documents: [Document] = []
        try FolderReader(root: TestSupport.corpora + "/sample").forEachDocument { documents.append($0) }
        let corpus = try TextCorpus(source: FolderReader(root: TestSupport.corpora + "/sample"))
        let run = try ClusteringMethod.dkmPretrained.run(on: .sparse(corpus.matrix), settings: settings(5), seed: 6)
        let path = directory.file("text-model")
        try ClusteringModel(run: run, inputSize: corpus.matrix.columns, corpus: corpus).save(to: path)
        let model = try ClusteringModel.load(from: path)
        let rows = try model.vectorize(documents)
        #expect(rows == corpus.matrix)
        #expect(try model.assign(.sparse(rows)).clusters == run.assignment.clusters)
    }

    @Test func missingOrCorruptedFilesGiveClearErrors() throws {
        let directory = TemporaryDirectory()
        let (points, _) = TestSupport.blobs(clusters: 2, perCluster: 20, dimensions: 6, spread: 1, seed: 1)
        let run = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings(2), seed: 1)
        let path = directory.file("model")
        try ClusteringModel(run: run, inputSize: 6).save(to: path)
        let weights = (path as NSString).appendingPathComponent(ClusteringModel.weightsFile)
        let json = (path as NSString).appendingPathComponent(ClusteringModel.descriptionFile)
        let goodWeights = try Data(contentsOf: URL(fileURLWithPath: weights))
        let goodJSON = try Data(contentsOf: URL(fileURLWithPath: json))

        try goodWeights.prefix(goodWeights.count / 2).write(to: URL(fileURLWithPath: weights))
        #expect(throws: DataFileError.self) { try ClusteringModel.load(from: path) }
        try FileManager.default.removeItem(atPath: weights)
        #expect(throws: DataFileError(file: weights, .notFound)) { try ClusteringModel.load(from: path) }
        try goodWeights.write(to: URL(fileURLWithPath: weights))
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: json))
        #expect(throws: DataFileError.self) { try ClusteringModel.load(from: path) }
        // A description whose sizes disagree with the tensors.
        var description = try JSONDecoder().decode(ModelDescription.self, from: goodJSON)
        description.clusterCount = 3
        try JSONEncoder().encode(description).write(to: URL(fileURLWithPath: json))
        #expect(throws: DataFileError.self) { try ClusteringModel.load(from: path) }
        // A description that declares a network far larger than the tensors is refused before
        // anything of that size is allocated.
        description = try JSONDecoder().decode(ModelDescription.self, from: goodJSON)
        description.architecture?.hiddenSizes = [1 << 40, 32]
        try JSONEncoder().encode(description).write(to: URL(fileURLWithPath: json))
        #expect(throws: DataFileError.self) { try ClusteringModel.load(from: path) }
        description.architecture?.hiddenSizes = [0, 16]
        try JSONEncoder().encode(description).write(to: URL(fileURLWithPath: json))
        #expect(throws: DataFileError.self) { try ClusteringModel.load(from: path) }
        try goodJSON.write(to: URL(fileURLWithPath: json))
        let model = try ClusteringModel.load(from: path)
        #expect(throws: ModelError.self) { try model.assign(.dense(Matrix(rows: 2, columns: 5))) }
        #expect(throws: ModelError.self) { try model.vectorize([Document(id: "x", text: "words")]) }
    }

    /// A saved model's tokenizer and vectorizer are held to the bounds the command line takes:
    /// `ngrams: 1000000` in a model.json once hung `assign` with gigabytes.
    @Test func aModelOutsideTheCommandLineBoundsIsRefused() throws {
        let directory = TemporaryDirectory()
        let corpus = try TextCorpus(source: FolderReader(root: TestSupport.corpora + "/sample"))
        let run = try ClusteringMethod.km.run(on: .sparse(corpus.matrix), settings: settings(5), seed: 6)
        let path = directory.file("model")
        try ClusteringModel(run: run, inputSize: corpus.matrix.columns, corpus: corpus).save(to: path)
        let json = (path as NSString).appendingPathComponent(ClusteringModel.descriptionFile)
        let good = try JSONDecoder().decode(ModelDescription.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        let edits: [(String, (inout ModelDescription) -> Void)] = [
            ("ngrams", { $0.tokenizer?.ngrams = 1_000_000 }),
            ("minimum token length", { $0.tokenizer?.minimumLength = 0 }),
            ("idf power", { $0.vectorizer?.settings.idfPower = 100 }),
            ("maximum document fraction", { $0.vectorizer?.settings.maximumDocumentFraction = 0 }),
        ]
        for (problem, edit) in edits {
            var description = good
            edit(&description)
            try JSONEncoder().encode(description).write(to: URL(fileURLWithPath: json))
            #expect(throws: DataFileError.self) { try ClusteringModel.load(from: path) }
            do { _ = try ClusteringModel.load(from: path) } catch { #expect("\(error)".contains(problem), "\(error)") }
        }
        try JSONEncoder().encode(good).write(to: URL(fileURLWithPath: json))
        #expect(try ClusteringModel.load(from: path).description.tokenizer == good.tokenizer)
    }

    /// A k-means model places sparse rows from their non-zeros: the same distances as the dense
    /// rows give (both distances), and a vocabulary of 3,000,000 terms costs no dense block
    /// (600 rows of it would be 7.2 GB).
    @Test(.slow) func kMeansModelsPlaceSparseRowsFromTheirNonZeros() throws {
        var random = RandomGenerator(seed: 4)
        let columns = 50
        let rows = SparseMatrix(
            dense: Matrix(
                rows: 30, columns: columns,
                values: (0..<(30 * columns)).map { _ in
                    random.uniform(0, 1) < 0.2 ? random.uniform(0, 1) : 0
                }))
        let centers = Matrix(rows: 3, columns: columns, values: (0..<(3 * columns)).map { _ in random.uniform(-1, 1) })
        for distance in Distance.allCases {
            let description = ModelDescription(
                method: .km, clusterCount: 3, inputSize: columns, architecture: nil, distance: distance,
                alpha: 1000, lambda: 1, seed: 1, labelNames: [])
            let model = ClusteringModel(description: description, network: nil, representatives: centers)
            let sparse = try model.distances(.sparse(rows)), dense = try model.distances(.dense(rows.toDense()))
            #expect(sparse.values == dense.values, "\(distance)")
        }
        let huge = 3_000_000
        let description = ModelDescription(
            method: .km, clusterCount: 2, inputSize: huge, architecture: nil, distance: .cosine,
            alpha: 1000, lambda: 1, seed: 1, labelNames: [])
        var values = [Float](repeating: 0, count: 2 * huge)
        values[7] = 1
        values[huge + 2_999_999] = 1
        let model = ClusteringModel(description: description, network: nil, representatives: Matrix(rows: 2, columns: huge, values: values))
        let documents = SparseMatrix(
            rows: 600, columns: huge, rowStarts: Array(0...600),
            columnIndices: (0..<600).map { $0 % 2 == 0 ? 7 : 2_999_999 }, values: [Float](repeating: 1, count: 600))
        let placed = try model.placements(.sparse(documents))
        #expect(placed.map(\.cluster) == (0..<600).map { $0 % 2 })
    }
}
