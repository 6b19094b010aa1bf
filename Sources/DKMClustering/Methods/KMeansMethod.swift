import DKMCore

/// KM: k-means++ on the input, no network; with the cosine distance, spherical k-means.
struct KMeansMethod: DKMpSettings {
    let name = "km"
    let displayName = "KM"
    var weightName: String? { nil }
    var trainsNetwork: Bool { false }
    func fineTuningEpochs(_ settings: DeepKMeansSettings) -> Int { 0 }

    func distance(_ settings: DeepKMeansSettings) -> Distance {
        settings.kmeans.spherical || settings.clusteringDistance == .cosine ? .cosine : .euclidean
    }

    func objective(_ trainer: DeepKMeansTrainer, startingClusters: [Int]) -> ClusteringObjective {
        preconditionFailure("KM has no network to fine-tune")
    }

    func run(on features: Features, settings: DeepKMeansSettings, seed: UInt64, context: MethodRunContext) throws -> ClusteringRun {
        var random = RandomGenerator(seed: seed)
        var kmeans = settings.kmeans
        kmeans.spherical = distance(settings) == .cosine
        let points = kmeans.spherical ? features.unitRows() : features
        context.progress?(TrainingProgress(phase: .kMeans, completed: 0, total: 1))
        let result = try KMeans(kmeans, communicator: context.communicator).fit(points, random: &random)
        context.progress?(TrainingProgress(phase: .kMeans, completed: 1, total: 1))
        let (_, squared) = KMeans.assign(points, norms: points.rowSquaredNorms(), centers: result.centers)
        let distances = kmeans.spherical ? squared.map { $0 / 2 } : squared
        let assignment = Assignment(
            clusters: result.assignments, distances: distances.map(Float.init),
            weights: [Float](repeating: 1, count: features.rows))
        return ClusteringRun(
            method: .km, seed: seed, assignment: assignment, embedding: nil, representatives: result.centers,
            decodedRepresentatives: result.centers, history: [], settings: settings)
    }
}
