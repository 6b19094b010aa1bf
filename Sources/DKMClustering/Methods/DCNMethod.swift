import DKMCore

/// DCN (Yang et al., 2017) as the paper compares it: with pretraining, k-means++ on the
/// embedding starts it; without, each point joins its nearest initial representative.
struct DCNMethod: PretrainingVariants {
    let pretrained: Bool
    static let names = (pretrained: ("dcn-p", "DCNp"), without: ("dcn-np", "DCNnp"))

    func paperSettings(clusterCount: Int) -> DeepKMeansSettings {
        var settings = DeepKMeansSettings(clusterCount: clusterCount)
        settings.pretrainEpochs = pretrained ? 50 : 0
        settings.baselineEpochs = pretrained ? 50 : 200
        return settings
    }

    /// Without pretraining it starts from the untrained network whatever the settings say.
    func pretrainingEpochs(_ settings: DeepKMeansSettings) -> Int { pretrained ? settings.pretrainEpochs : 0 }

    func startingClusters(_ trainer: DeepKMeansTrainer, pretrained: Bool) throws -> [Int] {
        guard !self.pretrained else { return try trainer.initializeRepresentativesWithKMeans().assignments }
        let embedding = trainer.embed()
        return KMeans.assign(embedding, norms: embedding.rowSquaredNorms(), centers: trainer.representatives.value).0
    }

    func objective(_ trainer: DeepKMeansTrainer, startingClusters: [Int]) -> ClusteringObjective {
        DCNObjective(assignments: startingClusters, rows: trainer.layout.localRange, settings: trainer.settings)
    }
}
