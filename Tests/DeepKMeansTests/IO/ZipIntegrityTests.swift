@testable import DKMClustering
@testable import DKMCore
@testable import DKMData
@testable import DeepKMeans
import Foundation
import Testing

/// Damaged, encrypted, ZIP64 and bomb archives get a message that names the real problem.
@Suite struct ZipIntegrityTests {
    /// A zip of two newsML items, and the offsets of its two central directory entries.
    func twoItems(_ directory: TemporaryDirectory) throws -> (bytes: [UInt8], central: [Int]) {
        let items = [("1newsML.xml", NewsMLSample.item(id: 1, headline: "Peso firm", paragraphs: ["The peso rose."], topics: ["ECAT"])),
                     ("2newsML.xml", NewsMLSample.item(id: 2, headline: "Election", paragraphs: ["Votes counted."], topics: ["GCAT"]))]
        let zip = directory.writeZip("two.zip", items.map { ($0.0, NewsMLSample.latin1($0.1)) })
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zip)))
        let central = bytes.indices.dropLast(4).filter { bytes[$0..<($0 + 4)] == [0x50, 0x4B, 0x01, 0x02] }
        try #require(central.count == 2)
        return (bytes, central)
    }

    func expectProblem(_ bytes: [UInt8], entry: Int? = nil, containing text: String) {
        do {
            let archive = try ZipArchive(bytes: bytes, file: "x.zip")
            _ = try archive.data(for: archive.entries[entry ?? 0])
            Issue.record("no error; expected one about \(text)")
        } catch {
            #expect("\(error)".contains(text), "\(error)")
        }
    }

    @Test func aChangedCRCIsCaught() throws {
        var (bytes, central) = try twoItems(TemporaryDirectory())
        bytes[central[0] + 16] ^= 0x01
        expectProblem(bytes, containing: "CRC-32")
    }

    @Test func encryptedEntriesAreNamedSo() throws {
        var (bytes, central) = try twoItems(TemporaryDirectory())
        bytes[central[0] + 8] |= 0x01
        expectProblem(bytes, containing: "encrypted")
    }

    @Test func zip64IsNamedSo() throws {
        var (bytes, _) = try twoItems(TemporaryDirectory())
        let end = bytes.count - 22
        bytes[end + 10] = 0xFF; bytes[end + 11] = 0xFF
        expectProblem(bytes, containing: "ZIP64")
    }

    @Test func entriesSharingTheirDataAreRefused() throws {
        var (bytes, central) = try twoItems(TemporaryDirectory())
        // The second entry points at the first one's data: 10,000 such entries made a 727 KB bomb.
        for i in 0..<4 { bytes[central[1] + 42 + i] = bytes[central[0] + 42 + i] }
        expectProblem(bytes, containing: "share their data")
    }

    @Test func skipBadSkipsADamagedMember() throws {
        let directory = TemporaryDirectory()
        var (bytes, central) = try twoItems(directory)
        bytes[central[0] + 16] ^= 0x01
        let zip = directory.write("rcv1/day.zip", bytes)
        #expect(throws: DataFileError.self) { try NewsMLReader(root: zip).forEachDocument { _ in } }
        var reader = NewsMLReader(root: zip)
        var skipped: [String] = []
        reader.onSkip = { skipped.append($0.id) }
        reader.badDocuments = .skip
        var documents: [Document] = []
        try reader.forEachDocument { documents.append($0) }
        #expect(documents.map(\.id) == ["2"])
        #expect(skipped == ["1newsML.xml"])
    }
}

/// Checkpoints, models and settings that would crash or silently mislead are refused.
@Suite struct IntegrityTests {
    func trainer() throws -> DeepKMeansTrainer {
        var settings = ClusteringMethod.dkmPretrained.defaultSettings(clusterCount: 2)
        settings.hiddenSizes = [4]
        settings.batchSize = 4
        let features = Features.dense(Matrix(rows: 6, columns: 3, values: (0..<18).map { Float($0 % 5) / 5 }))
        return try DeepKMeansTrainer(features: features, settings: settings, random: RandomGenerator(seed: 1))
    }

    @Test func aFlippedBitOrAnEditedPositionInACheckpointIsRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("run.checkpoint")
        var position = TrainingPosition()
        position.trainEpochs = 3
        try trainer().snapshot(key: "k", position: position).write(to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try TrainingSnapshot.decode(bytes, file: path).position?.trainEpochs == 3)
        var flipped = bytes
        flipped[bytes.count - 3] ^= 0x01  // the lowest bit of a float near the end
        #expect(throws: DataFileError.self) { try TrainingSnapshot.decode(flipped, file: path) }
        let edited = [UInt8](String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\\\"trainEpochs\\\":3", with: "\\\"trainEpochs\\\":4").utf8)
        #expect(edited != bytes)
        #expect(throws: DataFileError.self) { try TrainingSnapshot.decode(edited, file: path) }
    }

    @Test func modelsWithNaNOrInfiniteWeightsAreRefused() throws {
        let directory = TemporaryDirectory()
        let features = Features.dense(Matrix(rows: 4, columns: 2, values: [0, 0, 0, 1, 5, 5, 5, 6]))
        var settings = ClusteringMethod.km.defaultSettings(clusterCount: 2)
        settings.kmeans.restarts = 1
        let run = try ClusteringMethod.km.run(on: features, settings: settings, seed: 1)
        let model = ClusteringModel(run: run, inputSize: 2)
        try model.save(to: directory.path)
        let weights = directory.file(ClusteringModel.weightsFile)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: weights)))
        _ = try ClusteringModel.load(from: directory.path)
        withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { nan in
            for i in 0..<4 { bytes[bytes.count - 4 + i] = nan[i] }
        }
        directory.write(ClusteringModel.weightsFile, bytes)
        #expect(throws: DataFileError.self) { try ClusteringModel.load(from: directory.path) }
    }

    @Test func impossibleSizesAreRefusedBeforeAllocating() throws {
        var settings = ClusteringMethod.dkmPretrained.defaultSettings(clusterCount: 2)
        settings.hiddenSizes = [99_999_999_999]
        #expect(throws: ClusteringError.self) { try settings.validate(pointCount: 10, inputSize: 10) }
        settings.hiddenSizes = [8]
        settings.embeddingSize = 99_999_999_999
        #expect(throws: ClusteringError.self) { try settings.validate(pointCount: 10, inputSize: 10) }
        settings.embeddingSize = nil
        #expect(throws: ClusteringError.self) { try settings.validate(pointCount: 10, inputSize: 0) }
        settings.optimizer.learningRate = -1
        #expect(throws: ClusteringError.self) { try settings.validate(pointCount: 10, inputSize: 10) }
        settings.optimizer.learningRate = 1e-3
        try settings.validate(pointCount: 10, inputSize: 10)
        // A data set with 0 values per point stops k-means too, instead of a "0 features" result.
        let empty = Features.dense(Matrix(rows: 4, columns: 0, values: []))
        #expect(throws: ClusteringError.self) { try ClusteringMethod.km.run(on: empty, settings: settings, seed: 1) }
    }
}
