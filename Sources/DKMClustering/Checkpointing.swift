import Foundation
import DKMCore

/// Periodic checkpoints of a training run, for resuming after a crash, a kill or a signal.
public struct Checkpointing: Sendable {
    /// The checkpoint file (a safetensors file with the training state in its metadata).
    public var path: String
    /// Seconds of work at most between checkpoints (written at epoch ends).
    public var interval: TimeInterval
    /// Continue from `path` when it exists.
    public var resume: Bool

    public init(path: String, interval: TimeInterval = 60, resume: Bool = false) {
        self.path = path
        self.interval = interval
        self.resume = resume
    }

    /// Refuses a path where writing a checkpoint would replace something dkm did not write:
    /// anything but a missing file or an earlier dkm checkpoint (or pretraining snapshot).
    public func checkPath() throws {
        guard !path.isEmpty else { throw OutputError.emptyPath }
        guard let type = try OutputPath.existingType(path) else { return }
        guard type == S_IFREG, TrainingSnapshot.isSnapshot(path) else { throw OutputError.notACheckpoint(path) }
    }
}

extension ClusteringMethod {
    /// DKM and AE-KM training, with checkpoints when `checkpointing` is given: restores the
    /// checkpoint when resuming, writes one at most every `interval` seconds and at each stage,
    /// and removes it when done.
    func runCheckpointed(on features: Features, settings: DeepKMeansSettings, seed: UInt64, checkpointing: Checkpointing?,
                         pretrainingCache: String?, progress: ProgressHandler?, communicator: Communicator) throws -> ClusteringRun {
        guard let checkpointing else {
            return try runTraining(on: features, settings: settings, seed: seed, checkpointing: nil, pretrainingCache: pretrainingCache,
                                   progress: progress, communicator: communicator)
        }
        if communicator.isRoot { try checkpointing.checkPath() }
        // A signal now stops training at its next checkpoint instead of ending the process.
        return try Interruption.deferringToCheckpoints {
            try runTraining(on: features, settings: settings, seed: seed, checkpointing: checkpointing,
                            pretrainingCache: pretrainingCache, progress: progress, communicator: communicator)
        }
    }

    private func runTraining(on features: Features, settings: DeepKMeansSettings, seed: UInt64, checkpointing: Checkpointing?,
                             pretrainingCache: String?, progress: ProgressHandler?, communicator: Communicator) throws -> ClusteringRun {
        let trainer = try DeepKMeansTrainer(features: features, settings: settings, random: RandomGenerator(seed: seed),
                                            communicator: communicator)
        let key = try TrainingSnapshot.runKey(features: features, settings: settings, seed: seed, method: self,
                                              communicator: communicator)
        var position = TrainingPosition()
        if let checkpointing, checkpointing.resume,
           let snapshot = try TrainingSnapshot.readIfPresent(from: checkpointing.path, communicator: communicator) {
            try trainer.restore(snapshot, key: key, file: checkpointing.path)
            position = snapshot.position ?? position
        }
        let started = Date(), secondsBeforeResume = position.seconds ?? 0
        var lastWrite = started
        func save(force: Bool = false) throws {
            guard let checkpointing else { return }
            // Every rank takes the same decision to stop; rank 0 writes.
            let stop = try communicator.any(Interruption.requested != 0)
            if force || stop || Date().timeIntervalSince(lastWrite) >= checkpointing.interval {
                position.seconds = secondsBeforeResume + Date().timeIntervalSince(started)
                try trainer.snapshot(key: key, position: position).write(to: checkpointing.path, communicator: communicator)
                lastWrite = Date()
            }
            if stop { throw ClusteringError.interrupted(checkpoint: checkpointing.path) }
        }
        let pretrainEpochs = settings.pretrainEpochs
        if position.pretrainEpochs < pretrainEpochs {
            if position.pretrainEpochs == 0, let cache = pretrainingCache,
               try trainer.restoreCachedPretraining(epochs: pretrainEpochs, seed: seed, cache: cache, progress: progress) {
                position.pretrainEpochs = pretrainEpochs
                try save(force: true)
            } else {
                // Not cached yet: pretrain with checkpoints, then cache the result.
                try trainer.pretrain(epochs: pretrainEpochs, from: position.pretrainEpochs, progress: progress) { done in
                    position.pretrainEpochs = done
                    try save(force: done == pretrainEpochs)
                }
                if let cache = pretrainingCache { try trainer.cachePretraining(epochs: pretrainEpochs, seed: seed, cache: cache) }
            }
        }
        if self == .aeKMeans {
            // The same k-means, with the same draws, as DKMp's initialization.
            let embedding = trainer.embed()
            let result = try trainer.initializeRepresentativesWithKMeans(embedding: embedding)
            let nearest = Assignment(embedding: embedding, representatives: result.centers,
                                     distance: settings.kmeans.spherical ? .cosine : .euclidean, alpha: 0)
            if communicator.isRoot { checkpointing.map { try? FileManager.default.removeItem(atPath: $0.path) } }
            return ClusteringRun(method: self, seed: seed,
                                 assignment: Assignment(clusters: result.assignments, distances: nearest.distances,
                                                        weights: [Float](repeating: 1, count: features.rows)),
                                 embedding: embedding, representatives: result.centers,
                                 decodedRepresentatives: trainer.network.decode(result.centers),
                                 history: trainer.history, network: trainer.network, settings: settings,
                                 secondsBeforeResume: secondsBeforeResume)
        }
        if pretrainEpochs > 0 && !position.representativesInitialized {
            // Global (every rank's, in order), so a checkpoint resumes on any number of ranks.
            position.pretrainedClusters = try communicator.allGatherConcatenated(
                trainer.initializeRepresentativesWithKMeans().assignments)
            position.representativesInitialized = true
            try save(force: true)
        }
        try trainer.train(schedule: settings.alphaSchedule, from: position.trainEpochs, progress: progress) { done in
            position.trainEpochs = done
            try save()
        }
        if communicator.isRoot { checkpointing.map { try? FileManager.default.removeItem(atPath: $0.path) } }
        return ClusteringRun(method: self, seed: seed, assignment: trainer.assign(), embedding: trainer.embed(),
                             representatives: trainer.representatives.value,
                             decodedRepresentatives: trainer.network.decode(trainer.representatives.value),
                             history: trainer.history, network: trainer.network, settings: settings,
                             pretrainedClusters: position.pretrainedClusters, secondsBeforeResume: secondsBeforeResume)
    }
}
