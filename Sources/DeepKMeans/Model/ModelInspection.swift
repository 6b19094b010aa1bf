import DKMClustering
import DKMCore
import DKMData
/// What `dkm inspect` shows: the model's description and each representative's top terms.
public struct ModelInspection: Codable, Sendable {
    public var description: ModelDescription
    public var representatives: [[TopTerms.Term]]
    /// Terms in the vocabulary (text models).
    public var vocabularyCount: Int?

    public init(_ model: ClusteringModel, termCount: Int) {
        var description = model.description
        vocabularyCount = description.vectorizer?.vocabulary.count
        // The vocabulary and idf are long; the terms below show what matters.
        description.vectorizer?.vocabulary = []
        description.vectorizer?.idf = []
        self.description = description
        representatives = model.topTerms(count: termCount)
    }

    public var text: String {
        let d = description
        var lines = [
            "\(d.method.displayName) model: K = \(d.clusterCount), \(d.inputSize) inputs"
                + (d.architecture.map { ", auto-encoder \($0.description)" } ?? "")
        ]
        lines.append("distance \(d.distance.rawValue), alpha \(d.alpha), lambda \(d.lambda), seed \(d.seed)")
        if let encoder = d.encoder {
            lines.append(
                "documents embedded by \(encoder.name) (weights sha256 \(encoder.sha256.prefix(12))..., \(encoder.pooling) pooling"
                    + (encoder.normalizes ? ", normalized" : "")
                    + ", at most \(encoder.maximumLength) tokens, \(encoder.dimension) dimensions)")
        }
        if let tokenizer = d.tokenizer {
            lines.append(
                "tokens: \(tokenizer.splitting.rawValue), minimum length \(tokenizer.minimumLength)"
                    + (tokenizer.dropNumbers ? ", numbers dropped" : "") + ", \(tokenizer.stopWords.count) stop words")
        }
        if let vectorizer = d.vectorizer {
            lines.append(
                "vocabulary: \(vocabularyCount ?? d.inputSize) terms (at most \(vectorizer.settings.vocabularySize), by \(vectorizer.settings.selection.rawValue))"
                    + (vectorizer.settings.sublinearTF ? ", sublinear tf" : "")
                    + (vectorizer.settings.idfPower == 1 ? "" : ", tf · idf^\(vectorizer.settings.idfPower)"))
        }
        for (k, terms) in representatives.enumerated() {
            let name = description.name(of: k).map { " (\($0))" } ?? ""
            lines.append("cluster \(k)\(name): " + terms.map(\.term).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
