import ArgumentParser
import DeepKMeans

/// The settings a run trains with: the preset's for the method, then each option given.
extension ModelOptions {
    /// The method's settings (the paper's) with what was given on the command line.
    func settings(
        for method: ClusteringMethod, clusterCount: Int, lambda: Float?,
        defaultPreset: TrainingPreset = .paper, kind: FeatureKind = .numeric
    ) throws -> DeepKMeansSettings {
        var settings = method.settings(preset ?? defaultPreset, clusterCount: clusterCount, for: kind)
        if let lambda { settings.lambda = lambda }
        if let distance {
            settings.reconstructionDistance = distance
            settings.clusteringDistance = distance
        }
        // Epochs given on the command line are trained whatever the preset's step budget.
        if let pretrainEpochs {
            settings.pretrainEpochs = pretrainEpochs
            settings.pretrainingStepBudget = nil
        }
        if epochs != nil || epochsPerAlpha != nil { settings.trainingStepBudget = nil }
        settings = method.definition.fineTuning(
            settings, epochs: epochs, alpha: alpha, alphaCount: alphaCount, epochsPerAlpha: epochsPerAlpha)
        if let targetInterval { settings.targetInterval = targetInterval }
        if let batchSize { settings.batchSize = batchSize }
        if let learningRate { settings.optimizer.learningRate = learningRate }
        if let hidden {
            let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.contains(nil) else { throw ValidationError("--hidden takes comma-separated whole numbers, got '\(hidden)'") }
            settings.hiddenSizes = sizes.compactMap { $0 }
        }
        if let embeddingSize { settings.embeddingSize = embeddingSize }
        if let kmeansRestarts { settings.kmeans.restarts = kmeansRestarts }
        if sphericalKMeans { settings.kmeans.spherical = true }
        if let pretrainSteps { settings.minimumPretrainingSteps = pretrainSteps }
        if let trainSteps { settings.minimumTrainingSteps = trainSteps }
        if let denoise { settings.pretrainingInputDropout = denoise }
        if let precision { settings.productPrecision = precision }
        if let stopWhenSettled { settings.stopsWhenSettled = stopWhenSettled }
        if let reseedEmptyClusters { settings.reseedsEmptyClusters = reseedEmptyClusters }
        return settings
    }
}
