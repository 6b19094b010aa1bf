@testable import DKMClustering
@testable import DKMCore
@testable import DKMData
@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// A model file with NaN or infinite weights is refused, not used.
@Suite struct ModelIntegrityTests {
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
}
