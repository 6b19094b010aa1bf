import DKMCore

/// Deep k-Means (the paper): DKMp pretrains, starts from k-means++ on the embedding and keeps
/// alpha constant; DKMa starts from the untrained network's random representatives and anneals
/// alpha.
struct DeepKMeansMethod: PretrainingVariants {
    let pretrained: Bool
    static let names = (pretrained: ("dkm-p", "DKMp"), without: ("dkm-a", "DKMa"))

    /// 50 pretraining epochs (the settings' default) and 100 at alpha 1000, or the annealing.
    func paperSettings(clusterCount: Int) -> DeepKMeansSettings {
        var settings = DeepKMeansSettings(clusterCount: clusterCount)
        if pretrained {
            settings.alphaSchedule = .constant(1000, epochs: 100)
        } else {
            settings.pretrainEpochs = 0
            settings.alphaSchedule = .annealing()
        }
        return settings
    }

    func fineTuningEpochs(_ settings: DeepKMeansSettings) -> Int { settings.alphaSchedule.totalEpochs }

    /// DKMp: `epochs` at the constant `alpha`; DKMa: the annealing from its first value.
    func fineTuning(
        _ settings: DeepKMeansSettings, epochs: Int?, alpha: Float?, alphaCount: Int?, epochsPerAlpha: Int?
    ) -> DeepKMeansSettings {
        var settings = settings
        let schedule = settings.alphaSchedule
        settings.alphaSchedule =
            pretrained
            ? .constant(alpha ?? schedule.values[0], epochs: epochs ?? schedule.epochsPerValue)
            : .annealing(
                first: schedule.values[0], count: alphaCount ?? schedule.values.count,
                epochsPerValue: epochsPerAlpha ?? schedule.epochsPerValue)
        return settings
    }
    func distance(_ settings: DeepKMeansSettings) -> Distance { settings.clusteringDistance }

    /// Without pretraining (whatever the method's name), the initial representatives are the start.
    func startingClusters(_ trainer: DeepKMeansTrainer, pretrained: Bool) throws -> [Int] {
        pretrained ? try trainer.initializeRepresentativesWithKMeans().assignments : []
    }

    func objective(_ trainer: DeepKMeansTrainer, startingClusters: [Int]) -> ClusteringObjective {
        trainer.deepKMeansObjective(schedule: trainer.settings.alphaSchedule)
    }
}
