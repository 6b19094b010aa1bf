import DKMCore
/// The Deep Clustering Network (Yang et al., ICML 2017) as the paper compares it: per minibatch,
/// one Adam step on mean g + lambda * mean ||h - r_s(x)||^2 with the current hard assignments
/// s; then every sample of the batch is reassigned to its nearest representative and that
/// representative moves by the count-based step r_k <- r_k - (1 / c_k)(r_k - h), counts
/// starting at 100. (The reference TensorFlow code applied these updates to the last sample of
/// each minibatch only, a bug not copied here.)
public enum DCNUpdate {
    /// Reassigns the `batch` points (rows of `embedding`, in batch order) and moves the
    /// representatives, one sample after another.
    public static func apply(embedding: Matrix, batch: [Int], assignments: inout [Int], representatives: inout Matrix,
                             counts: inout [Double]) {
        let p = embedding.columns
        for (row, point) in batch.enumerated() {
            var best = 0, bestDistance = Float.infinity
            for k in 0..<representatives.rows {
                var d: Float = 0
                for j in 0..<p { let t = embedding[row, j] - representatives[k, j]; d += t * t }
                if d < bestDistance { bestDistance = d; best = k }
            }
            assignments[point] = best
            counts[best] += 1
            let rate = Float(1 / counts[best])
            for j in 0..<p { representatives[best, j] -= rate * (representatives[best, j] - embedding[row, j]) }
        }
    }
}

extension DeepKMeansTrainer {
    /// DCN fine-tuning for `epochs` epochs from `assignments` (one cluster per point).
    /// Returns the final hard assignments of a clean pass.
    public func trainDCN(epochs: Int, assignments start: [Int], progress: ProgressHandler? = nil) throws -> [Int] {
        var assignments = start
        var counts = [Double](repeating: 100, count: settings.clusterCount)
        var batch = [Int](repeating: 0, count: loader.batchSize)
        let batches = sampler.batchesPerEpoch
        let optimizer = settings.optimizer
        let scale = 2 * settings.lambda / Float(loader.batchSize)
        let p = network.architecture.embeddingSize
        for epoch in 0..<epochs {
            var reconstructionSum = 0.0, clusteringSum = 0.0
            for step in 0..<batches {
                sampler.next(into: &batch, random: &random)
                let input = loader.load(batch)
                network.forward(input)
                let reconstruction = reconstructionLoss.evaluate(input: loader.dense, reconstruction: network.reconstruction,
                                                                 gradient: &network.outputLayer.outputGradient)
                // lambda * mean ||h - r_s||^2 and its gradient with respect to h.
                var clustering = 0.0
                let embedding = network.embedding
                for (row, point) in batch.enumerated() {
                    let k = assignments[point]
                    for j in 0..<p {
                        let difference = embedding[row, j] - representatives.value[k, j]
                        clustering += Double(difference * difference)
                        embeddingGradient[row, j] = scale * difference
                    }
                }
                clustering /= Double(batch.count)
                guard reconstruction.isFinite, clustering.isFinite else {
                    throw ClusteringError.nonFinite(phase: .dcn, epoch: epoch + 1, batch: step + 1)
                }
                network.backward(input, embeddingGradient: embeddingGradient) { layer in
                    optimizer.update(layer.weights)
                    optimizer.update(layer.bias)
                }
                DCNUpdate.apply(embedding: embedding, batch: batch, assignments: &assignments,
                                representatives: &representatives.value, counts: &counts)
                reconstructionSum += reconstruction
                clusteringSum += clustering
                progress?(TrainingProgress(phase: .dcn, completed: Double(epoch) + Double(step + 1) / Double(batches), total: epochs,
                                           loss: (reconstructionSum + Double(settings.lambda) * clusteringSum) / Double(step + 1)))
            }
            history.append(EpochRecord(phase: .dcn, epoch: epoch + 1, alpha: nil,
                                       reconstructionLoss: reconstructionSum / Double(batches),
                                       clusteringLoss: clusteringSum / Double(batches)))
            try Interruption.stopIfRequested(communicator)
        }
        let final = embed()
        return KMeans.assign(final, norms: final.rowSquaredNorms(), centers: representatives.value).0
    }
}
