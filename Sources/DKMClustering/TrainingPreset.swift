import DKMCore

/// A family of settings for the deep methods. `recommended` is what `dkm cluster` trains with
/// by default: the paper's networks and schedule with the changes that measured better without
/// labels on several families of corpora (docs/experiments). `paper` is the paper's
/// protocol exactly, what `dkm evaluate` and `dkm reproduce` use.
public enum TrainingPreset: String, Codable, CaseIterable, Sendable {
    case recommended
    case paper
}

extension ClusteringMethod {
    /// The settings of this method in `preset` for rows of `kind`.
    ///
    /// `recommended` changes, from the paper's settings:
    /// - a representative left with no point in an epoch moves onto a far point (without it,
    ///   DKMp collapsed to one to three clusters on newsgroup and short-text corpora);
    /// - an embedding of at least 10 dimensions (the paper's p = K is 5 numbers for 5 topics);
    /// - fine-tuning stops once the clusters have settled;
    /// - for text, pretraining as a denoising auto-encoder (each input value dropped with
    ///   probability 0.2, as DEC and IDEC pretrain), which gave a better embedding on the
    ///   newsgroup subsets and a worse one on USPS and MNIST;
    /// - for text, the cosine distance for f and g and a spherical k-means start (tf-idf rows
    ///   are compared by direction; a Euclidean embedding could shrink towards one point);
    /// - for text, DKMp fine-tunes for far fewer than the paper's 100 epochs: most corpora settle
    ///   within 6, and on all of 20 Newsgroups, which never settles, the epochs after 25 changed ACC and NMI
    ///   by under 0.5 on average for about 4 times the time. Images keep 100: MNIST and
    ///   Fashion-MNIST were 3 ACC points lower after 25;
    /// - for text, a network without the 2000-wide third layer ([500, 500]), trained at a
    ///   learning rate of 0.003 for a budget of steps rather than 50 + 25 epochs whatever the
    ///   corpus size (at most 1,100 pretraining and 700 fine-tuning steps, in whole epochs, and
    ///   never more epochs than before): all of 20 Newsgroups trains 15 + 10 epochs, about a
    ///   fifth of the time, for 61.5 / 58.7 ACC / NMI over three seeds (Round 12);
    /// - for text, at most 25 pretraining and 15 fine-tuning epochs where the budget does not
    ///   bind (under about 11,000 documents): on 3,000 to 8,000 documents the epochs after these
    ///   moved ACC and NMI by at most 3 points either way (Debian descriptions gained 2.7 / 2.9,
    ///   comp.* lost 1.7 / 0.2) for almost twice the time (Round 13);
    /// - a lighter clustering term, lambda 0.1. At the paper's 1, fine-tuning drew MNIST and
    ///   Fashion-MNIST away from their k-means start on some seeds (MNIST 63.9 ACC from a 72.8
    ///   start); on text it pulled the embedding into a few clusters, one holding 40% of 20
    ///   Newsgroups and several holding a handful of messages, where 0.1 kept them whole.
    /// - for a sentence encoder's embeddings, the text settings without input dropout and with an
    ///   embedding of at least 50 dimensions: at the tf-idf's 10 (for K = 5), AE-KM and DKMp lost
    ///   5 to 9 ACC points to k-means on comp.*; at 50, DKMp was above k-means there by 2.7 ACC
    ///   and 3.4 NMI (seeds 8905 and 9129), but 1.5 NMI below on Debian descriptions and 3.8
    ///   ACC below on the subject lines, which is why `--method auto` clusters embeddings with
    ///   k-means (Round 14).
    /// KM has no network: its settings are the same in both presets.
    public func settings(_ preset: TrainingPreset, clusterCount: Int, for kind: FeatureKind = .numeric) -> DeepKMeansSettings {
        var settings = defaultSettings(clusterCount: clusterCount)
        guard preset == .recommended, definition.trainsNetwork else { return settings }
        settings.reseedsEmptyClusters = true
        settings.embeddingSize = max(clusterCount, Self.smallestRecommendedEmbedding)
        settings.stopsWhenSettled = true
        settings.lambda = Self.recommendedLambda
        if kind == .sentenceEmbeddings { settings.embeddingSize = max(clusterCount, Self.recommendedSentenceEmbeddingSize) }
        if kind.isText {
            settings.pretrainingInputDropout = kind == .tfidf ? Self.recommendedInputDropout : 0
            settings.reconstructionDistance = .cosine
            settings.clusteringDistance = .cosine
            settings.kmeans.spherical = true
            settings.pretrainEpochs = min(settings.pretrainEpochs, Self.recommendedTextPretrainingEpochs)
            if self == .dkmPretrained {
                settings.alphaSchedule.epochsPerValue = min(settings.alphaSchedule.epochsPerValue, Self.recommendedTextEpochs)
            }
            settings.hiddenSizes = Self.recommendedTextHiddenSizes
            settings.optimizer.learningRate = Self.recommendedTextLearningRate
            settings.pretrainingStepBudget = Self.recommendedTextPretrainingSteps
            settings.trainingStepBudget = Self.recommendedTextTrainingSteps
        }
        return settings
    }

    public static let smallestRecommendedEmbedding = 10
    public static let recommendedSentenceEmbeddingSize = 50
    public static let recommendedInputDropout: Float = 0.2
    public static let recommendedTextPretrainingEpochs = 25
    public static let recommendedTextEpochs = 15
    public static let recommendedLambda: Float = 0.1
    public static let recommendedTextHiddenSizes = [500, 500]
    public static let recommendedTextLearningRate: Float = 0.003
    public static let recommendedTextPretrainingSteps = 1100
    public static let recommendedTextTrainingSteps = 700
}
