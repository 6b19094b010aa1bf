import DKMCore
/// IDEC fine-tuning: mean g + gamma * mean KL(P || Q) by Adam over the auto-encoder and the
/// centers; the target P is recomputed from all points every `targetInterval` batches, and
/// training stops early once fewer than `tolerance` of the labels change between two targets.
extension DeepKMeansTrainer {
    public func trainIDEC(epochs: Int, targetInterval: Int = 140, tolerance: Double = 0.001,
                          progress: ProgressHandler? = nil) throws -> [Int] {
        let optimizer = settings.optimizer
        var batch = [Int](repeating: 0, count: loader.batchSize)
        let batches = sampler.batchesPerEpoch
        var target = Matrix(rows: 0, columns: 0)
        var labels: [Int] = []
        var batchTarget = Matrix(rows: loader.batchSize, columns: settings.clusterCount)
        var iteration = 0
        func refresh() -> Bool {
            let q = IDECLoss.softAssignments(embed(), centers: representatives.value)
            target = IDECLoss.target(q)
            let newLabels = IDECLoss.hardAssignments(q)
            let changed = labels.isEmpty ? q.rows : zip(labels, newLabels).filter { $0 != $1 }.count
            labels = newLabels
            return Double(changed) / Double(q.rows) < tolerance
        }
        for epoch in 0..<epochs {
            var reconstructionSum = 0.0, clusteringSum = 0.0, done = 0
            for step in 0..<batches {
                if iteration % max(targetInterval, 1) == 0 && refresh() && iteration > 0 {
                    if done > 0 {
                        history.append(EpochRecord(phase: .idec, epoch: epoch + 1, alpha: nil,
                                                   reconstructionLoss: reconstructionSum / Double(done),
                                                   clusteringLoss: clusteringSum / Double(done)))
                    }
                    return labels  // just computed from the current weights
                }
                iteration += 1
                sampler.next(into: &batch, random: &random)
                target.gatherRows(batch, into: &batchTarget)
                let input = loader.load(batch)
                network.forward(input)
                let reconstruction = reconstructionLoss.evaluate(input: loader.dense, reconstruction: network.reconstruction,
                                                                 gradient: &network.outputLayer.outputGradient)
                let clustering = IDECLoss.evaluate(embedding: network.embedding, centers: representatives.value, target: batchTarget,
                                                   scale: settings.lambda, embeddingGradient: &embeddingGradient,
                                                   centerGradient: &representatives.gradient)
                guard reconstruction.isFinite, clustering.isFinite else {
                    throw ClusteringError.nonFinite(phase: .idec, epoch: epoch + 1, batch: step + 1)
                }
                network.backward(input, embeddingGradient: embeddingGradient) { layer in
                    optimizer.update(layer.weights)
                    optimizer.update(layer.bias)
                }
                optimizer.update(representatives)
                reconstructionSum += reconstruction
                clusteringSum += clustering
                done += 1
                progress?(TrainingProgress(phase: .idec, completed: Double(epoch) + Double(step + 1) / Double(batches), total: epochs,
                                           loss: (reconstructionSum + Double(settings.lambda) * clusteringSum) / Double(done)))
            }
            history.append(EpochRecord(phase: .idec, epoch: epoch + 1, alpha: nil,
                                       reconstructionLoss: reconstructionSum / Double(max(done, 1)),
                                       clusteringLoss: clusteringSum / Double(max(done, 1))))
            try Interruption.stopIfRequested(communicator)
        }
        return IDECLoss.hardAssignments(IDECLoss.softAssignments(embed(), centers: representatives.value))
    }
}
