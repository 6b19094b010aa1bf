@testable import DKMClustering
@testable import DKMCore
@testable import DKMData
@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

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
        let edited = [UInt8](
            String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\\\"trainEpochs\\\":3", with: "\\\"trainEpochs\\\":4").utf8)
        #expect(edited != bytes)
        #expect(throws: DataFileError.self) { try TrainingSnapshot.decode(edited, file: path) }
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

    @Test func aCheckpointPathHoldingAnotherFileIsRefused() throws {
        let directory = TemporaryDirectory()
        let notes = directory.write("notes.txt", "precious")
        #expect(throws: OutputError.notACheckpoint(notes)) { try Checkpointing(path: notes).checkPath() }
        #expect(throws: OutputError.notACheckpoint(directory.path)) { try Checkpointing(path: directory.path).checkPath() }
        try Checkpointing(path: directory.file("new.checkpoint")).checkPath()
    }

}
