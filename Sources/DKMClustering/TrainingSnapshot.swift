import Foundation
import DKMCore

/// Everything a trainer needs to continue exactly where it was: weights, Adam state,
/// representatives, the random generator, the batch stream and the history. Saved as a
/// safetensors file whose metadata carries the non-tensor state as JSON.
public struct TrainingSnapshot {
    struct State: Codable {
        var random: RandomGenerator
        var sampler: BatchSampler
        var history: [EpochRecord]
        var steps: [String: Int]
        var key: String
        var position: TrainingPosition?
        var objective: ObjectiveState?
    }

    /// How far a run had got: the snapshot continues from there.
    public var position: TrainingPosition? { state.position }

    /// The prefix of the tensors that hold the clustering term's matrices.
    static let objectiveTensorPrefix = "objective."

    /// The clustering term's state (nil before fine-tuning, and in snapshots that predate it).
    public var objective: ObjectiveState? {
        guard var objective = state.objective else { return nil }
        for (name, tensor) in tensors where name.hasPrefix(Self.objectiveTensorPrefix) && tensor.shape.count == 2 {
            objective.matrices[String(name.dropFirst(Self.objectiveTensorPrefix.count))] =
                Matrix(rows: tensor.shape[0], columns: tensor.shape[1], values: tensor.values)
        }
        return objective
    }

    var tensors: [String: SafeTensors.Tensor]
    var state: State

    /// A key for "same data, same settings, same seed": snapshots only restore into a trainer
    /// with the same key.
    /// The key of a whole run (every setting counts), for checkpoints.
    public static func runKey(
        features: Features, settings: DeepKMeansSettings, seed: UInt64, method: ClusteringMethod,
        communicator: Communicator = SingleProcess.shared
    ) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = (try? encoder.encode(settings)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return try key(
            features: features, settings: settings, seed: seed, pretrainEpochs: settings.pretrainEpochs,
            communicator: communicator) + "-"
            + String(
                format: "%016llx",
                encoded.utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325) ^ UInt64(method.rawValue.utf8.count)) {
                    ($0 ^ UInt64($1)) &* 0x0100_0000_01B3
                })
    }

    /// Distributed, the data's part of the key is the same for any number of processes.
    public static func key(
        features: Features, settings: DeepKMeansSettings, seed: UInt64, pretrainEpochs: Int,
        communicator: Communicator = SingleProcess.shared
    ) throws -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { hash = (hash ^ (value >> UInt64(shift) & 0xFF)) &* 0x0100_0000_01B3 }
        }
        if communicator.isDistributed {
            let layout = try RowLayout(localCount: features.rows, communicator: communicator)
            mix(UInt64(layout.globalCount)); mix(UInt64(features.columns))
            mix(try features.rowHashSum(firstRow: layout.localRange.lowerBound, communicator: communicator))
        } else {
            mix(UInt64(features.rows)); mix(UInt64(features.columns))
            switch features {
            case .dense(let m): for v in m.values { mix(UInt64(v.bitPattern)) }
            case .sparse(let m):
                for v in m.rowStarts { mix(UInt64(v)) }
                for v in m.columnIndices { mix(UInt64(UInt32(bitPattern: v))) }
                for v in m.values { mix(UInt64(v.bitPattern)) }
            }
        }
        var pretraining = settings
        // Only what shapes pretraining matters: not lambda, alpha or the fine-tuning length.
        pretraining.lambda = 0
        pretraining.alphaSchedule = .constant(0, epochs: 0)
        pretraining.clusteringDistance = .euclidean
        pretraining.kmeans.restarts = 0
        pretraining.kmeans.spherical = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // key order must not vary between runs
        let encoded = (try? encoder.encode(pretraining)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        for byte in encoded.utf8 { mix(UInt64(byte)) }
        mix(seed); mix(UInt64(pretrainEpochs))
        return String(format: "%016llx", hash)
    }

    static let stateKey = "dkm.training"
    static let checksumKey = "dkm.checksum"

    public func write(to path: String) throws {
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        let checksum = try TrainingSnapshot.checksum(tensors, metadata: [TrainingSnapshot.stateKey: json])
        try AtomicFile.write(
            Data(
                SafeTensors.encode(
                    tensors,
                    metadata: [
                        TrainingSnapshot.stateKey: json,
                        TrainingSnapshot.checksumKey: checksum,
                    ])), to: path)
    }

    /// CRC-32 of the file as it would be written without its checksum: every tensor's name,
    /// shape and bytes and the whole training state, so any changed bit is caught.
    static func checksum(_ tensors: [String: SafeTensors.Tensor], metadata: [String: String]) throws -> String {
        let bytes = try SafeTensors.encode(tensors, metadata: metadata)
        return String(format: "crc32:%08lx", UInt(Checksum.crc32(bytes)))
    }

    /// Whether `path` starts like a dkm training snapshot (read no further than its header).
    static func isSnapshot(_ path: String) -> Bool {
        guard let header = try? SafeTensors.header(ofFile: path) else { return false }
        return header.range(of: "\"\(stateKey)\"") != nil
    }

    /// Rank 0 writes (the state is the same on every rank).
    public func write(to path: String, communicator: Communicator) throws {
        if communicator.isRoot { try write(to: path) }
    }

    /// The snapshot at `path` as rank 0 reads it (nil when it has none), on every rank.
    public static func readIfPresent(from path: String, communicator: Communicator) throws -> TrainingSnapshot? {
        var bytes: [UInt8] = []
        if communicator.isRoot, FileManager.default.fileExists(atPath: path) { bytes = try FileBytes.read(path) }
        bytes = try communicator.broadcast(bytes: bytes, root: 0)
        return bytes.isEmpty ? nil : try decode(bytes, file: path)
    }

    static func decode(_ bytes: [UInt8], file path: String) throws -> TrainingSnapshot {
        var (tensors, metadata) = try SafeTensors.decode(bytes, file: path)
        guard let stored = metadata.removeValue(forKey: checksumKey) else {
            throw DataFileError(file: path, .mismatch("not a dkm training snapshot of this version (no checksum)"))
        }
        guard try checksum(tensors, metadata: metadata) == stored else {
            throw DataFileError(file: path, .mismatch("the checksum does not match: the file was damaged or edited since dkm wrote it"))
        }
        guard let json = metadata[stateKey],
            let state = try? JSONDecoder().decode(State.self, from: Data(json.utf8))
        else {
            throw DataFileError(file: path, .mismatch("not a dkm training snapshot"))
        }
        return TrainingSnapshot(tensors: tensors, state: state)
    }
}

extension DeepKMeansTrainer {
    private var namedParameters: [(String, Parameter)] {
        network.layers.enumerated().flatMap { index, layer in
            [("layers.\(index).weight", layer.weights), ("layers.\(index).bias", layer.bias)]
        } + [("representatives", representatives)]
    }

    public func snapshot(key: String, position: TrainingPosition? = nil, objective: ObjectiveState? = nil) -> TrainingSnapshot {
        var tensors: [String: SafeTensors.Tensor] = [:]
        var steps: [String: Int] = [:]
        for (name, parameter) in namedParameters {
            let shape = [parameter.value.rows, parameter.value.columns]
            tensors[name] = SafeTensors.Tensor(shape: shape, values: parameter.value.values)
            tensors[name + ".adam_m"] = SafeTensors.Tensor(shape: shape, values: parameter.firstMoment)
            tensors[name + ".adam_v"] = SafeTensors.Tensor(shape: shape, values: parameter.secondMoment)
            steps[name] = parameter.step
        }
        for (name, matrix) in objective?.matrices ?? [:] {
            tensors[TrainingSnapshot.objectiveTensorPrefix + name] = SafeTensors.Tensor(
                shape: [matrix.rows, matrix.columns],
                values: matrix.values)
        }
        return TrainingSnapshot(
            tensors: tensors,
            state: .init(
                random: random, sampler: samplerState, history: history,
                steps: steps, key: key, position: position, objective: objective))
    }

    public func restore(_ snapshot: TrainingSnapshot, key: String, file: String) throws {
        guard snapshot.state.key == key else {
            throw DataFileError(file: file, .mismatch("the snapshot is for other data, settings or seed"))
        }
        for (name, parameter) in namedParameters {
            let shape = [parameter.value.rows, parameter.value.columns]
            guard let value = snapshot.tensors[name], let m = snapshot.tensors[name + ".adam_m"],
                let v = snapshot.tensors[name + ".adam_v"], value.shape == shape, m.shape == shape, v.shape == shape,
                let step = snapshot.state.steps[name]
            else {
                throw DataFileError(file: file, .mismatch("tensor '\(name)' is missing or has the wrong shape"))
            }
            parameter.value.values = value.values
            parameter.restoreOptimizerState(step: step, firstMoment: m.values, secondMoment: v.values)
        }
        random = snapshot.state.random
        samplerState = snapshot.state.sampler
        history = snapshot.state.history
    }
}

extension DeepKMeansTrainer {
    /// Pretrains, or restores the state a cached pretraining with the same data, settings and
    /// seed ended in (and caches a new one when there is none).
    public func pretrain(epochs: Int, seed: UInt64, cache: String?, progress: ProgressHandler? = nil) throws {
        guard let cache, epochs > 0 else { return try pretrain(epochs: epochs, progress: progress) }
        if try restoreCachedPretraining(epochs: epochs, seed: seed, cache: cache, progress: progress) { return }
        try pretrain(epochs: epochs, progress: progress)
        try cachePretraining(epochs: epochs, seed: seed, cache: cache)
    }

    func cachedPretrainingPath(epochs: Int, seed: UInt64, cache: String) throws -> (path: String, key: String) {
        let key = try TrainingSnapshot.key(
            features: features, settings: settings, seed: seed, pretrainEpochs: epochs,
            communicator: communicator)
        return ((cache as NSString).appendingPathComponent("pretrained-\(key).safetensors"), key)
    }

    /// Restores a cached pretraining of `epochs` epochs if `cache` holds one; false if not.
    func restoreCachedPretraining(epochs: Int, seed: UInt64, cache: String, progress: ProgressHandler?) throws -> Bool {
        let (path, key) = try cachedPretrainingPath(epochs: epochs, seed: seed, cache: cache)
        guard let snapshot = try TrainingSnapshot.readIfPresent(from: path, communicator: communicator) else { return false }
        try restore(snapshot, key: key, file: path)
        progress?(TrainingProgress(phase: .cachedPretraining, completed: Double(epochs), total: epochs))
        return true
    }

    /// Stores the state right after pretraining in `cache`.
    func cachePretraining(epochs: Int, seed: UInt64, cache: String) throws {
        let (path, key) = try cachedPretrainingPath(epochs: epochs, seed: seed, cache: cache)
        try snapshot(key: key).write(to: path, communicator: communicator)
    }
}

/// Where a checkpointed run stands.
public struct TrainingPosition: Codable, Equatable, Sendable {
    public var pretrainEpochs = 0
    public var representativesInitialized = false
    /// DKMp: the k-means clusters of the pretrained embedding (AE-KM for the same seed).
    public var pretrainedClusters: [Int]?
    public var trainEpochs = 0
    /// Seconds of work the run had done when the snapshot was written, over every process that
    /// worked on it (nil in snapshots from before this was kept).
    public var seconds: Double?

    public init() {}
}

extension Features {
    /// A hash of the rows that does not depend on how they are split over processes: each row
    /// is hashed with its global index, and the row hashes are summed (modulo 2^32 per half).
    func rowHashSum(firstRow: Int, communicator: Communicator) throws -> UInt64 {
        var halves: [Int] = [0, 0]
        for r in 0..<rows {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            func mix(_ value: UInt64) { hash = (hash ^ value) &* 0x0100_0000_01B3 }
            mix(UInt64(firstRow + r))
            switch self {
            case .dense(let m): for v in m.row(r) { mix(UInt64(v.bitPattern)) }
            case .sparse(let m):
                for e in m.rowStarts[r]..<m.rowStarts[r + 1] {
                    mix(UInt64(UInt32(bitPattern: m.columnIndices[e])))
                    mix(UInt64(m.values[e].bitPattern))
                }
            }
            halves[0] = (halves[0] + Int(hash & 0xFFFF_FFFF)) & 0xFFFF_FFFF
            halves[1] = (halves[1] + Int(hash >> 32)) & 0xFFFF_FFFF
        }
        try communicator.sum(&halves)
        return UInt64(halves[0] & 0xFFFF_FFFF) | UInt64(halves[1] & 0xFFFF_FFFF) << 32
    }
}
