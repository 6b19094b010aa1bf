import DeepKMeans

/// What the corpus options are when not given: `clustering` for the commands that cluster a
/// user's documents (cluster, vectorize), `paper` where the paper's featurization is the
/// reference (evaluate, reproduce, --dataset).
enum CorpusDefaults {
    case clustering
    case paper

    var stopWords: String { self == .clustering ? StopWords.automatic : "none" }
    var maximumDocumentFraction: Double { self == .clustering ? VectorizerSettings.commonTermFraction : 1 }
}
