/// A method that trains with DKMp's settings, though not all of them change how it clusters
/// (KM, AE-KM): the paper gives them DKMp's, so its tables compare like with like.
protocol DKMpSettings: ClusteringMethodDefinition {}

extension DKMpSettings {
    func paperSettings(clusterCount: Int) -> DeepKMeansSettings {
        DeepKMeansMethod(pretrained: true).paperSettings(clusterCount: clusterCount)
    }

    func fineTuning(
        _ settings: DeepKMeansSettings, epochs: Int?, alpha: Float?, alphaCount: Int?, epochsPerAlpha: Int?
    ) -> DeepKMeansSettings {
        DeepKMeansMethod(pretrained: true).fineTuning(
            settings, epochs: epochs, alpha: alpha, alphaCount: alphaCount, epochsPerAlpha: epochsPerAlpha)
    }
}
