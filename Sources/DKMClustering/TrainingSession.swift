import Foundation
import DKMCore

/// One run of a deep method, top to bottom: pretrain (or restore the cached pretraining), start
/// the clusters, fine-tune with the method's clustering term in the trainer's one loop, assign.
/// The method's definition decides each step; `RunCheckpoints` watches the steps and writes
/// what a resumed run continues from.
final class TrainingSession {
    private let definition: any ClusteringMethodDefinition
    private let method: ClusteringMethod
    private let settings: DeepKMeansSettings
    private let seed: UInt64
    private let context: MethodRunContext
    private let trainer: DeepKMeansTrainer
    private let checkpoints: RunCheckpoints
    private var position = TrainingPosition()
    private var resumedObjective: ObjectiveState?

    /// Runs `definition` on `features`. With checkpointing, restores the checkpoint when
    /// resuming, writes one at most every `interval` seconds and at each stage, and removes it
    /// when done; a signal then stops training at its next checkpoint instead of ending the process.
    static func run(
        _ definition: any ClusteringMethodDefinition, on features: Features, settings: DeepKMeansSettings,
        seed: UInt64, context: MethodRunContext
    ) throws -> ClusteringRun {
        guard let checkpointing = context.checkpointing else {
            return try TrainingSession(definition, features: features, settings: settings, seed: seed, context: context).run()
        }
        if context.communicator.isRoot { try checkpointing.checkPath() }
        return try Interruption.deferringToCheckpoints {
            try TrainingSession(definition, features: features, settings: settings, seed: seed, context: context).run()
        }
    }

    private init(
        _ definition: any ClusteringMethodDefinition, features: Features, settings: DeepKMeansSettings, seed: UInt64,
        context: MethodRunContext
    ) throws {
        self.definition = definition
        method = ClusteringMethod(registered: definition.name)
        self.settings = settings
        self.seed = seed
        self.context = context
        trainer = try DeepKMeansTrainer(
            features: features, settings: settings, random: RandomGenerator(seed: seed),
            communicator: context.communicator)
        let key = try TrainingSnapshot.runKey(
            features: features, settings: settings, seed: seed, method: method,
            communicator: context.communicator)
        checkpoints = RunCheckpoints(context.checkpointing, key: key, communicator: context.communicator)
    }

    private func run() throws -> ClusteringRun {
        try resume()
        try pretrain()
        if let (assignment, centers) = try definition.clustersWithoutFineTuning(trainer) {
            position.pretrainedClusters = nil
            return finished(assignment, embedding: trainer.embed(), representatives: centers)
        }
        let objective = try startFineTuning()
        try trainer.runEpochs(
            objective: objective, epochs: definition.fineTuningEpochs(settings), from: position.trainEpochs,
            progress: context.progress
        ) { done in
            self.position.trainEpochs = done
            try self.checkpoints.save(self.trainer, position: self.position, objective: objective)
        }
        let embedding = trainer.embed()
        let representatives = trainer.representatives.value
        return finished(
            objective.finalAssignment(embedding: embedding, representatives: representatives, trainer: trainer),
            embedding: embedding, representatives: representatives)
    }

    /// Continues from the checkpoint when resuming and there is one.
    private func resume() throws {
        guard let snapshot = try checkpoints.snapshotToResume() else { return }
        try trainer.restore(snapshot, key: checkpoints.key, file: checkpoints.path)
        position = snapshot.position ?? position
        resumedObjective = snapshot.objective
        checkpoints.secondsBeforeResume = position.seconds ?? 0
    }

    /// Pretrains what is left of pretraining, from the cache when it holds it (then caches it).
    private func pretrain() throws {
        let epochs = definition.pretrainingEpochs(settings)
        guard position.pretrainEpochs < epochs else { return }
        if position.pretrainEpochs == 0, let cache = context.pretrainingCache,
            try trainer.restoreCachedPretraining(epochs: epochs, seed: seed, cache: cache, progress: context.progress)
        {
            position.pretrainEpochs = epochs
            return try checkpoints.save(trainer, position: position, force: true)
        }
        // Not cached yet: pretrain with checkpoints, then cache the result.
        try trainer.pretrain(epochs: epochs, from: position.pretrainEpochs, progress: context.progress) { done in
            self.position.pretrainEpochs = done
            try self.checkpoints.save(self.trainer, position: self.position, force: done == epochs)
        }
        if position.pretrainEpochs < epochs {
            // The loss plateaued first: pretraining is complete.
            position.pretrainEpochs = epochs
            try checkpoints.save(trainer, position: position, force: true)
        }
        if let cache = context.pretrainingCache { try trainer.cachePretraining(epochs: epochs, seed: seed, cache: cache) }
    }

    /// The method's start and its clustering term, or the term as the checkpoint left it.
    private func startFineTuning() throws -> ClusteringObjective {
        let resumedPastTheStart = position.representativesInitialized
        var startClusters: [Int] = []
        if !resumedPastTheStart {
            let pretrained = definition.pretrainingEpochs(settings) > 0
            startClusters = try definition.startingClusters(trainer, pretrained: pretrained)
            // Global (every rank's, in order), so a checkpoint resumes on any number of ranks.
            if pretrained { position.pretrainedClusters = try context.communicator.allGatherConcatenated(startClusters) }
            position.representativesInitialized = true
        }
        let objective = definition.objective(trainer, startingClusters: startClusters)
        if resumedPastTheStart {
            // Past the start, the term continues from the checkpoint's state (DCN refuses none).
            try objective.restore(
                resumedObjective ?? ObjectiveState(), rows: trainer.layout.localRange,
                pointCount: trainer.layout.globalCount, file: checkpoints.path)
        } else {
            try checkpoints.save(trainer, position: position, objective: objective, force: true)
        }
        return objective
    }

    private func finished(_ assignment: Assignment, embedding: Matrix, representatives: Matrix) -> ClusteringRun {
        checkpoints.remove()
        var run = ClusteringRun(
            method: method, seed: seed, assignment: assignment, embedding: embedding,
            representatives: representatives, decodedRepresentatives: trainer.network.decode(representatives),
            history: trainer.history, network: trainer.network, settings: settings,
            pretrainedClusters: position.pretrainedClusters,
            secondsBeforeResume: checkpoints.secondsBeforeResume)
        if run.distance == .cosine {
            let norms = MemberNorms.of(embedding, clusters: assignment.clusters, clusterCount: representatives.rows)
            run.representativeNorms = norms
            run.decodedRepresentatives = trainer.network.decode(MemberNorms.placing(representatives, at: norms))
        }
        return run
    }
}
