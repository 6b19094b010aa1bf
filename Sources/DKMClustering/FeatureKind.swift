/// What the rows being clustered are, which decides the recommended settings: sparse tf-idf
/// rows of documents, a sentence encoder's embeddings of documents (dense, unit length), or
/// other numbers (pixels, any feature matrix).
public enum FeatureKind: String, Codable, Sendable {
    case tfidf
    case sentenceEmbeddings = "sentence-embeddings"
    case numeric

    /// Rows that stand for documents.
    public var isText: Bool { self != .numeric }
}
