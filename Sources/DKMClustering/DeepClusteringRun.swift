import Foundation
import DKMCore

extension ClusteringMethod {
    /// Trains one of the deep methods (all but KM): pretraining (or its cached result), the start
    /// of the clusters, then fine-tuning with the method's clustering term in the trainer's one
    /// loop. With `checkpointing`, restores the checkpoint when resuming, writes one at most every
    /// `interval` seconds and at each stage, and removes it when done; a signal then stops
    /// training at its next checkpoint instead of ending the process.
    func runDeep(on features: Features, settings: DeepKMeansSettings, seed: UInt64, checkpointing: Checkpointing?,
                 pretrainingCache: String?, progress: ProgressHandler?, communicator: Communicator) throws -> ClusteringRun {
        guard let checkpointing else {
            return try train(on: features, settings: settings, seed: seed, checkpointing: nil, pretrainingCache: pretrainingCache,
                             progress: progress, communicator: communicator)
        }
        if communicator.isRoot { try checkpointing.checkPath() }
        return try Interruption.deferringToCheckpoints {
            try train(on: features, settings: settings, seed: seed, checkpointing: checkpointing,
                      pretrainingCache: pretrainingCache, progress: progress, communicator: communicator)
        }
    }

    /// Epochs of pretraining this method trains with `settings` (DCN and IDEC without
    /// pretraining start from the untrained network whatever the settings say).
    private func pretrainingEpochs(_ settings: DeepKMeansSettings) -> Int {
        self == .dcnNonPretrained || self == .idecNonPretrained ? 0 : settings.pretrainEpochs
    }

    private func train(on features: Features, settings: DeepKMeansSettings, seed: UInt64, checkpointing: Checkpointing?,
                       pretrainingCache: String?, progress: ProgressHandler?, communicator: Communicator) throws -> ClusteringRun {
        let trainer = try DeepKMeansTrainer(features: features, settings: settings, random: RandomGenerator(seed: seed),
                                            communicator: communicator)
        let key = try TrainingSnapshot.runKey(features: features, settings: settings, seed: seed, method: self,
                                              communicator: communicator)
        var position = TrainingPosition()
        var resumedObjective: ObjectiveState?
        if let checkpointing, checkpointing.resume,
           let snapshot = try TrainingSnapshot.readIfPresent(from: checkpointing.path, communicator: communicator) {
            try trainer.restore(snapshot, key: key, file: checkpointing.path)
            position = snapshot.position ?? position
            resumedObjective = snapshot.objective
            try resumedObjective?.check(pointCount: trainer.layout.globalCount, clusterCount: settings.clusterCount,
                                        file: checkpointing.path)
        }
        let started = Date(), secondsBeforeResume = position.seconds ?? 0
        var lastWrite = started
        var objective: ClusteringObjective?
        func save(force: Bool = false) throws {
            guard let checkpointing else { return }
            // Every rank takes the same decisions, from one sum of both flags (the objective's
            // state is gathered); rank 0 writes.
            var flags = [Interruption.requested != 0 ? 1 : 0, force || Date().timeIntervalSince(lastWrite) >= checkpointing.interval ? 1 : 0]
            try communicator.sum(&flags)
            let stop = flags[0] > 0
            if stop || flags[1] > 0 {
                position.seconds = secondsBeforeResume + Date().timeIntervalSince(started)
                let state = try objective?.checkpointState(communicator: communicator)
                try trainer.snapshot(key: key, position: position, objective: state).write(to: checkpointing.path, communicator: communicator)
                lastWrite = Date()
            }
            if stop { throw ClusteringError.interrupted(checkpoint: checkpointing.path) }
        }
        let pretrainEpochs = pretrainingEpochs(settings)
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
                if position.pretrainEpochs < pretrainEpochs {
                    // The loss plateaued first: pretraining is complete.
                    position.pretrainEpochs = pretrainEpochs
                    try save(force: true)
                }
                if let cache = pretrainingCache { try trainer.cachePretraining(epochs: pretrainEpochs, seed: seed, cache: cache) }
            }
        }
        func finished(_ assignment: Assignment, embedding: Matrix, representatives: Matrix) -> ClusteringRun {
            if communicator.isRoot { checkpointing.map { try? FileManager.default.removeItem(atPath: $0.path) } }
            var run = ClusteringRun(method: self, seed: seed, assignment: assignment, embedding: embedding,
                                    representatives: representatives, decodedRepresentatives: trainer.network.decode(representatives),
                                    history: trainer.history, network: trainer.network, settings: settings,
                                    pretrainedClusters: position.pretrainedClusters, secondsBeforeResume: secondsBeforeResume)
            if run.distance == .cosine {
                let norms = MemberNorms.of(embedding, clusters: assignment.clusters, clusterCount: representatives.rows)
                run.representativeNorms = norms
                run.decodedRepresentatives = trainer.network.decode(MemberNorms.placing(representatives, at: norms))
            }
            return run
        }
        if self == .aeKMeans {
            // The same k-means, with the same draws, as DKMp's initialization.
            let embedding = trainer.embed()
            let result = try trainer.initializeRepresentativesWithKMeans(embedding: embedding)
            let nearest = Assignment(embedding: embedding, representatives: result.centers,
                                     distance: settings.kmeans.spherical ? .cosine : .euclidean, alpha: 0)
            position.pretrainedClusters = nil
            return finished(Assignment(clusters: result.assignments, distances: nearest.distances,
                                       weights: [Float](repeating: 1, count: features.rows)),
                            embedding: embedding, representatives: result.centers)
        }
        var startClusters: [Int] = []
        if !position.representativesInitialized {
            startClusters = try startingClusters(trainer, pretrained: pretrainEpochs > 0)
            // Global (every rank's, in order), so a checkpoint resumes on any number of ranks.
            if pretrainEpochs > 0 {
                position.pretrainedClusters = try communicator.allGatherConcatenated(startClusters)
            }
            position.representativesInitialized = true
        }
        if let checkpointing, startClusters.isEmpty, resumedObjective?.clusters == nil,
           self == .dcnPretrained || self == .dcnNonPretrained {
            throw DataFileError(file: checkpointing.path, .mismatch("the checkpoint has no DCN clusters to continue from"))
        }
        let term = fineTuningObjective(trainer, settings: settings, startClusters: startClusters)
        objective = term
        if let resumedObjective {
            term.restore(resumedObjective, rows: trainer.layout.localRange)
        } else {
            try save(force: true)
        }
        let epochs = self == .dkmPretrained || self == .dkmAnnealed ? settings.alphaSchedule.totalEpochs : settings.baselineEpochs
        try trainer.runEpochs(objective: term, epochs: epochs, from: position.trainEpochs, progress: progress) { done in
            position.trainEpochs = done
            try save()
        }
        let embedding = trainer.embed()
        let representatives = trainer.representatives.value
        switch term {
        case is DeepKMeansObjective:
            return finished(trainer.assign(embedding: embedding), embedding: embedding, representatives: representatives)
        default:
            let (nearest, distances) = KMeans.assign(embedding, norms: embedding.rowSquaredNorms(), centers: representatives)
            let clusters = (term as? IDECObjective)?.finalClusters(embedding: embedding, centers: representatives) ?? nearest
            return finished(Assignment(clusters: clusters, distances: distances.map(Float.init),
                                       weights: [Float](repeating: 1, count: features.rows)),
                            embedding: embedding, representatives: representatives)
        }
    }

    /// The clusters fine-tuning starts from: k-means++ on the embedding (which also places the
    /// representatives), or for DCN without pretraining each point's nearest initial
    /// representative; DKM without pretraining starts from its initial representatives.
    private func startingClusters(_ trainer: DeepKMeansTrainer, pretrained: Bool) throws -> [Int] {
        switch self {
        case .dcnNonPretrained:
            let embedding = trainer.embed()
            return KMeans.assign(embedding, norms: embedding.rowSquaredNorms(), centers: trainer.representatives.value).0
        case .dkmPretrained, .dkmAnnealed:
            return pretrained ? try trainer.initializeRepresentativesWithKMeans().assignments : []
        default:
            // IDEC's centers come from k-means++ on the embedding, untrained without pretraining.
            return try trainer.initializeRepresentativesWithKMeans().assignments
        }
    }

    private func fineTuningObjective(_ trainer: DeepKMeansTrainer, settings: DeepKMeansSettings,
                                     startClusters: [Int]) -> ClusteringObjective {
        switch self {
        case .dcnPretrained, .dcnNonPretrained:
            return DCNObjective(assignments: startClusters, rows: trainer.layout.localRange, settings: settings)
        case .idecPretrained, .idecNonPretrained:
            return IDECObjective(settings: settings, batchSize: trainer.loader.batchSize)
        default:
            return trainer.deepKMeansObjective(schedule: settings.alphaSchedule)
        }
    }
}
