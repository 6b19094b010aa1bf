import DKMCore

/// A family of settings for the deep methods. `recommended` is what `dkm cluster` trains with
/// by default: the paper's networks and schedule with the changes that measured better without
/// labels on many corpora (bench/results/quality.md). `paper` is the paper's protocol exactly,
/// what `dkm evaluate` and `dkm reproduce` use.
public enum TrainingPreset: String, Codable, CaseIterable, Sendable {
    case recommended
    case paper
}

extension ClusteringMethod {
    /// The settings of this method in `preset`.
    public func settings(_ preset: TrainingPreset, clusterCount: Int) -> DeepKMeansSettings {
        var settings = defaultSettings(clusterCount: clusterCount)
        guard preset == .recommended, self != .km else { return settings }
        settings.reseedsEmptyClusters = true
        return settings
    }
}
