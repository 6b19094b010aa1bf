import Foundation
import DKMCore

/// Trains an auto-encoder and K representatives jointly (Deep k-Means, Algorithm 1 of the paper).
///
/// Pretraining minimizes mean g only; DKM training minimizes mean g + lambda * mean
/// sum_k f(h, r_k) G_k with one Adam over encoder, decoder and representatives.
///
/// Distributed (a communicator of several processes), each process holds a contiguous range of
/// the rows, and every process draws the same global minibatches from the same seed. A process
/// computes the gradients of the batch members it holds, weighted by their share of the batch;
/// the gradients of all parameters are summed over the processes in one buffer, and every process
/// applies the same Adam step, so the weights stay identical everywhere and equal, up to float
/// rounding, those of one process training on all rows.
public final class DeepKMeansTrainer {
    /// The phase name of the auto-encoder's pretraining epochs in `history`.
    public static let pretrainingPhase = TrainingPhase.pretrain

    public let settings: DeepKMeansSettings
    public let network: Autoencoder
    public let representatives: Parameter
    public internal(set) var history: [EpochRecord] = []
    public var random: RandomGenerator
    /// The processes training together, and which rows each holds.
    public let communicator: Communicator
    public let layout: RowLayout
    /// Seconds of training steps, and of them the seconds spent summing gradients across processes.
    public private(set) var stepSeconds = 0.0
    public private(set) var communicationSeconds = 0.0

    let loader: BatchLoader
    var sampler: BatchSampler
    /// The batch stream's position (saved and restored with snapshots).
    var samplerState: BatchSampler {
        get { sampler }
        set { sampler = newValue }
    }
    /// The denoising noise's seed, drawn from a copy of the run's generator (its stream is not
    /// consumed, so runs without denoising are unchanged).
    private let noiseSeed: UInt64
    /// Each batch row's noise seed (kept, so a step allocates nothing).
    private var rowSeeds: [UInt64] = []
    let reconstructionLoss: ReconstructionLoss
    private let clusteringLoss: SoftKMeansLoss
    var embeddingGradient: Matrix
    /// Distributed steps: every trained tensor (the representatives last, as pretraining and DCN leave
    /// them out), this process's rows of the batch, and one buffer for the gradients and the two
    /// losses, summed across processes; sized once, so a step allocates nothing.
    private let trainedTensors: [Parameter]
    private var localBatch: [Int] = []
    private var fusedGradients: [Float] = []
    /// Distributed DCN: the whole batch's embedding, every process's rows.
    private var batchEmbedding = Matrix(rows: 0, columns: 0)
    /// One process: Adam's update of a layer right after its backward pass (made once, so a
    /// step allocates no closure); distributed, nil: the update waits for the sum.
    private let updateAfterBackward: ((DenseLayer) -> Void)?

    /// Builds the network (Glorot weights) and U(-1, 1) representatives from `random`.
    /// `features` are this process's rows (all rows with one process).
    public init(
        features: Features, settings: DeepKMeansSettings, random: RandomGenerator,
        communicator: Communicator = SingleProcess.shared
    ) throws {
        self.communicator = communicator
        layout = try RowLayout(localCount: features.rows, communicator: communicator)
        try settings.validate(pointCount: layout.globalCount, inputSize: features.columns)
        guard try !communicator.any(!features.isFinite) else {
            throw ClusteringError.invalidSetting("the input contains NaN or infinite values")
        }
        self.settings = settings
        self.random = random
        var copy = random
        noiseSeed = copy.next()
        let architecture = settings.architecture(inputSize: features.columns)
        sampler = BatchSampler(pointCount: layout.globalCount, batchSize: settings.batchSize)
        let batchSize = sampler.batchSize
        network = Autoencoder(architecture: architecture, batchSize: batchSize, random: &self.random)
        for layer in network.layers { layer.precision = settings.productPrecision }
        var initial = Matrix(rows: settings.clusterCount, columns: architecture.embeddingSize)
        for i in initial.values.indices { initial.values[i] = self.random.uniform(-1, 1) }
        representatives = Parameter(initial)
        loader = BatchLoader(features: features, batchSize: batchSize)
        reconstructionLoss = ReconstructionLoss(distance: settings.reconstructionDistance)
        clusteringLoss = SoftKMeansLoss(
            distance: settings.clusteringDistance, batchSize: batchSize,
            clusterCount: settings.clusterCount)
        embeddingGradient = Matrix(rows: batchSize, columns: architecture.embeddingSize)
        trainedTensors = network.parameters + [representatives]
        let optimizer = settings.optimizer
        updateAfterBackward =
            communicator.size > 1
            ? nil
            : { layer in
                optimizer.update(layer.weights)
                optimizer.update(layer.bias)
            }
        if communicator.size > 1 {
            localBatch.reserveCapacity(batchSize)
            fusedGradients = [Float](repeating: 0, count: trainedTensors.reduce(0) { $0 + $1.value.values.count } + 2)
        }
    }

    public var features: Features { loader.features }

    /// Points in each minibatch.
    public var batchSize: Int { loader.batchSize }

    /// Trains the auto-encoder on the reconstruction loss alone.
    /// `afterEpoch` is called with the number of epochs done after each one (for checkpoints);
    /// `from` skips epochs already done by a restored trainer.
    public func pretrain(
        epochs: Int, from start: Int = 0, progress: ProgressHandler? = nil,
        afterEpoch: ((Int) throws -> Void)? = nil
    ) throws {
        try runEpochs(objective: nil, epochs: epochs, from: start, progress: progress, afterEpoch: afterEpoch)
    }

    /// Sets the representatives to k-means++ centers of the current embedding of all points.
    /// `embedding`, when given, is that embedding (saves computing it again).
    @discardableResult
    public func initializeRepresentativesWithKMeans(embedding given: Matrix? = nil) throws -> KMeansResult {
        let embedding = given ?? embed()
        let points = settings.kmeans.spherical ? Features.dense(embedding).unitRows() : .dense(embedding)
        let result = try KMeans(settings.kmeans, communicator: communicator).fit(points, random: &random)
        representatives.value = result.centers
        representatives.resetOptimizerState()
        return result
    }

    /// DKM training over the alpha schedule.
    public func train(
        schedule: AlphaSchedule, from start: Int = 0, progress: ProgressHandler? = nil,
        afterEpoch: ((Int) throws -> Void)? = nil
    ) throws {
        try runEpochs(
            objective: deepKMeansObjective(schedule: schedule), epochs: schedule.totalEpochs, from: start,
            progress: progress, afterEpoch: afterEpoch)
    }

    /// DKM's clustering term over `schedule`, on this trainer's points.
    func deepKMeansObjective(schedule: AlphaSchedule) -> DeepKMeansObjective {
        DeepKMeansObjective(
            settings: settings, schedule: schedule, loss: clusteringLoss,
            firstRow: layout.localRange.lowerBound, localCount: layout.localCount)
    }

    /// Embeddings of every point (this process's rows), from a clean forward pass.
    public func embed() -> Matrix { network.embed(features) }

    /// Final assignment: argmin_k f(h(x), r_k) over a clean pass, with that distance and the
    /// softmax weight G of the chosen cluster at `alpha`. `embedding`, when given, is that clean
    /// pass (the one pass after training serves the assignment and every output).
    public func assign(alpha: Float? = nil, embedding given: Matrix? = nil) -> Assignment {
        Assignment(
            embedding: given ?? embed(), representatives: representatives.value, distance: settings.clusteringDistance,
            alpha: alpha ?? settings.alphaSchedule.finalAlpha)
    }

    /// The one training loop: epochs of minibatch Adam steps on mean g + lambda * the
    /// objective's term (on g alone when `objective` is nil: pretraining), with progress, the
    /// epoch history, a NaN guard, and after each epoch `afterEpoch` (checkpoints) or a stop
    /// on an interruption request.
    func runEpochs(
        objective: ClusteringObjective?, epochs: Int, from start: Int, progress: ProgressHandler?,
        afterEpoch: ((Int) throws -> Void)?
    ) throws {
        guard epochs > start else { return }
        let phase = objective?.phase ?? Self.pretrainingPhase
        var batch = [Int](repeating: 0, count: loader.batchSize)
        let batches = sampler.batchesPerEpoch
        var iteration = start * batches
        for epoch in start..<epochs {
            if objective == nil, hasPlateaued {
                // Pretraining ends here: its progress closes at the epochs it took.
                progress?(TrainingProgress(phase: phase, completed: Double(epoch), total: epoch, loss: nil, alpha: nil))
                return
            }
            let alpha = objective?.alpha(epoch: epoch)
            var reconstructionSum = 0.0, clusteringSum = 0.0, done = 0
            func record(reseeded: Int = 0) {
                history.append(
                    EpochRecord(
                        phase: phase, epoch: epoch + 1, alpha: alpha,
                        reconstructionLoss: reconstructionSum / Double(max(done, 1)),
                        clusteringLoss: objective == nil ? nil : clusteringSum / Double(max(done, 1)),
                        reseeded: reseeded > 0 ? reseeded : nil))
            }
            for step in 0..<batches {
                if let objective, try objective.shouldStop(before: iteration, trainer: self) {
                    if done > 0 { record() }
                    // The phase ends here: its progress closes at the epochs it took.
                    let taken = Double(epoch) + Double(step) / Double(batches)
                    progress?(
                        TrainingProgress(
                            phase: phase, completed: taken, total: Int(taken.rounded(.up)),
                            loss: nil, alpha: objective.alpha(epoch: epoch)))
                    return
                }
                iteration += 1
                sampler.next(into: &batch, random: &random)
                let started = Date()
                let (reconstruction, clustering) = try trainStep(batch, objective: objective, epoch: epoch, iteration: iteration)
                stepSeconds += Date().timeIntervalSince(started)
                guard reconstruction.isFinite, clustering.isFinite else {
                    throw ClusteringError.nonFinite(phase: phase, epoch: epoch + 1, batch: step + 1)
                }
                reconstructionSum += reconstruction
                clusteringSum += clustering
                done += 1
                let loss = objective == nil ? reconstructionSum : reconstructionSum + Double(settings.lambda) * clusteringSum
                progress?(
                    TrainingProgress(
                        phase: phase, completed: Double(epoch) + Double(step + 1) / Double(batches),
                        total: epochs, loss: loss / Double(done), alpha: alpha))
            }
            record(reseeded: try objective?.endEpoch(trainer: self) ?? 0)
            if let afterEpoch {
                try afterEpoch(epoch + 1)  // checkpoints, and stops on an interruption request
            } else {
                try Interruption.stopIfRequested(communicator)
            }
        }
    }

    /// Whether the reconstruction loss of the pretraining epochs so far has plateaued (never
    /// without `settings.pretrainingPlateau`).
    var hasPlateaued: Bool {
        guard let plateau = settings.pretrainingPlateau else { return false }
        return plateau.isReached(losses: history.filter { $0.phase == Self.pretrainingPhase }.map(\.reconstructionLoss))
    }

    /// The batch's network input: corrupted while pretraining a denoising auto-encoder, each
    /// row's noise drawn from the seed, the step's number and the row's global index, so that a
    /// resumed run, and a run over several processes, draw the same.
    private func load(_ rows: [Int], objective: ClusteringObjective?, iteration: Int) -> Features {
        let rate = settings.pretrainingInputDropout
        guard objective == nil, rate > 0 else { return loader.load(rows) }
        let step = noiseSeed &+ UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15
        let first = layout.localRange.lowerBound
        rowSeeds.removeAll(keepingCapacity: true)
        for row in rows { rowSeeds.append(step ^ (UInt64(first + row) &* 0xD1B5_4A32_D192_ED03)) }
        return loader.loadCorrupted(rows, rate: rate, rowSeeds: rowSeeds)
    }

    /// One Adam step on a batch (global indices), on one process or many: each process runs the
    /// forward and backward pass on its rows of the batch. On one process Adam updates each layer
    /// right after its backward pass, while its gradient is in cache, and a non-finite loss stops
    /// before any weight changes. Distributed, the gradients, weighted by each process's share of
    /// the batch, and the losses are summed in one buffer first (`sumGradients`). Returns the
    /// batch's mean reconstruction and clustering losses.
    private func trainStep(_ batch: [Int], objective: ClusteringObjective?, epoch: Int, iteration: Int) throws -> (Double, Double) {
        let distributed = communicator.size > 1
        var rows = batch
        if distributed {
            localBatch.removeAll(keepingCapacity: true)
            for global in batch {
                if let local = layout.localIndex(global) { localBatch.append(local) }
            }
            rows = localBatch
        }
        let optimizer = settings.optimizer
        var reconstruction = 0.0, clustering = 0.0
        if !rows.isEmpty {
            if distributed {
                network.setBatchRows(rows.count)
                embeddingGradient.setRowCount(rows.count)
            }
            let input = load(rows, objective: objective, iteration: iteration)
            network.forward(input)
            reconstruction = reconstructionLoss.evaluate(
                input: loader.dense, reconstruction: network.reconstruction,
                gradient: &network.outputLayer.outputGradient)
            if let objective {
                clustering = objective.evaluate(
                    batch: rows, embedding: network.embedding, representatives: representatives.value,
                    epoch: epoch, embeddingGradient: &embeddingGradient,
                    representativeGradient: &representatives.gradient)
            }
            guard distributed || reconstruction.isFinite && clustering.isFinite else { return (reconstruction, clustering) }
            network.backward(input, embeddingGradient: objective == nil ? nil : embeddingGradient, gradientsReady: updateAfterBackward)
        }
        let trainsRepresentatives = objective?.trainsRepresentatives ?? false
        if distributed {
            (reconstruction, clustering) = try sumGradients(
                share: Float(rows.count) / Float(batch.count), hasRows: !rows.isEmpty, reconstruction: reconstruction,
                clustering: clustering, includingRepresentatives: trainsRepresentatives)
        } else if trainsRepresentatives {
            optimizer.update(representatives)
        }
        if let objective, !trainsRepresentatives {
            if distributed { try gatherBatchEmbedding(batch) }
            objective.afterStep(
                batch: batch, embedding: distributed ? batchEmbedding : network.embedding, representatives: &representatives.value)
        }
        return (reconstruction, clustering)
    }

    /// Sums this process's gradients, weighted by `share` (zero without rows), and its losses
    /// over every process in one buffer, then lets Adam update every trained tensor (the
    /// representatives when Adam trains them). Returns the batch's summed losses.
    private func sumGradients(
        share: Float, hasRows: Bool, reconstruction: Double, clustering: Double, includingRepresentatives: Bool
    ) throws -> (Double, Double) {
        let parameters = includingRepresentatives ? trainedTensors[...] : trainedTensors.dropLast()
        let gradientCount = fusedGradients.count - 2 - (includingRepresentatives ? 0 : representatives.value.values.count)
        fusedGradients.withUnsafeMutableBufferPointer { fused in
            guard hasRows else { return fused.update(repeating: 0) }
            var offset = 0
            for parameter in parameters {
                parameter.gradient.values.withUnsafeBufferPointer { gradient in
                    for i in gradient.indices { fused[offset + i] = gradient[i] * share }
                }
                offset += parameter.gradient.values.count
            }
        }
        fusedGradients[gradientCount] = Float(reconstruction) * share
        fusedGradients[gradientCount + 1] = Float(clustering) * share
        let started = Date()
        try fusedGradients.withUnsafeMutableBufferPointer { fused in
            try communicator.sum(UnsafeMutableBufferPointer(rebasing: fused[0..<gradientCount + 2]))
        }
        communicationSeconds += Date().timeIntervalSince(started)
        let optimizer = settings.optimizer
        fusedGradients.withUnsafeBufferPointer { fused in
            var offset = 0
            for parameter in parameters {
                parameter.gradient.values.withUnsafeMutableBufferPointer { gradient in
                    for i in gradient.indices { gradient[i] = fused[offset + i] }
                }
                offset += parameter.gradient.values.count
                optimizer.update(parameter)
            }
        }
        return (Double(fusedGradients[gradientCount]), Double(fusedGradients[gradientCount + 1]))
    }

    /// Fills `batchEmbedding` with the step's embedding of every row of the global `batch`, in
    /// batch order, on every process (this process's rows of the forward pass are `localBatch`,
    /// in batch order).
    private func gatherBatchEmbedding(_ batch: [Int]) throws {
        let width = network.embedding.columns
        if batchEmbedding.columns != width { batchEmbedding = Matrix(rows: batch.count, columns: width) }
        var next = 0
        let started = Date()
        try communicator.gatherRows(at: batch, layout: layout, into: &batchEmbedding) { _, slot in
            for column in 0..<width { slot[column] = network.embedding[next, column] }
            next += 1
        }
        communicationSeconds += Date().timeIntervalSince(started)
    }
}
