import DKMCore

/// AE-KM: k-means++ on the embedding of the pretrained auto-encoder, no fine-tuning. With the
/// same seed it draws exactly what DKMp's start draws.
struct AutoencoderKMeansMethod: DKMpSettings {
    let name = "ae-km"
    let displayName = "AE-KM"
    var weightName: String? { nil }
    func fineTuningEpochs(_ settings: DeepKMeansSettings) -> Int { 0 }

    func distance(_ settings: DeepKMeansSettings) -> Distance { settings.kmeans.spherical ? .cosine : .euclidean }

    func clustersWithoutFineTuning(_ trainer: DeepKMeansTrainer) throws -> (assignment: Assignment, centers: Matrix)? {
        let embedding = trainer.embed()
        let result = try trainer.initializeRepresentativesWithKMeans(embedding: embedding)
        let nearest = Assignment(embedding: embedding, representatives: result.centers, distance: distance(trainer.settings), alpha: 0)
        return (
            Assignment(
                clusters: result.assignments, distances: nearest.distances,
                weights: [Float](repeating: 1, count: embedding.rows)), result.centers
        )
    }

    func objective(_ trainer: DeepKMeansTrainer, startingClusters: [Int]) -> ClusteringObjective {
        preconditionFailure("AE-KM does not fine-tune")
    }
}
