import DKMCore

/// IDEC (Guo et al., 2017): centers from k-means++ on the embedding (untrained without
/// pretraining), then the KL term against a target refreshed from all points; the paper's
/// lambda plays IDEC's gamma.
struct IDECMethod: PretrainingVariants {
    let pretrained: Bool
    static let names = (pretrained: ("idec-p", "IDECp"), without: ("idec-np", "IDECnp"))
    var weightName: String? { "gamma" }

    func paperSettings(clusterCount: Int) -> DeepKMeansSettings {
        DCNMethod(pretrained: pretrained).paperSettings(clusterCount: clusterCount)
    }

    /// Without pretraining it starts from the untrained network whatever the settings say.
    func pretrainingEpochs(_ settings: DeepKMeansSettings) -> Int { pretrained ? settings.pretrainEpochs : 0 }

    func objective(_ trainer: DeepKMeansTrainer, startingClusters: [Int]) -> ClusteringObjective {
        IDECObjective(settings: trainer.settings, batchSize: trainer.batchSize)
    }
}
