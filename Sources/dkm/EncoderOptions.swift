import ArgumentParser
import DeepKMeans
import Foundation

/// `--encoder` and `--embedding-cache`: which sentence encoder embeds the documents, and where
/// their embeddings are kept between runs.
struct EncoderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Sentence encoder: auto (cluster: \(SentenceEncoder.defaultName) for short texts, a median document of at most "
                               + "half its 256 tokens, when scripts/bootstrap has fetched it, and not with --preset paper; embed: \(SentenceEncoder.defaultName)), "
                               + "none (tf-idf rows), a name in \(SentenceEncoder.modelsFolder), or the path of a sentence-transformers folder of the BERT family.",
                               valueName: "auto|none|name|path"))
    var encoder = EncoderOptions.automatic

    @Option(help: ArgumentHelp("Folder that keeps embeddings per encoder and text, so the same documents are not embedded twice; 'none' keeps none.",
                               valueName: "folder"))
    var embeddingCache: String = EmbeddingCache.defaultFolder

    static let automatic = "auto", off = "none"

    /// True when an encoder is named (not auto, not none).
    var isNamed: Bool { encoder != Self.automatic && encoder != Self.off }

    /// The encoder that may embed the documents: the one named, or with auto the default one
    /// when it is installed (nil: none).
    func candidate() throws -> EncoderFolder? {
        switch encoder {
        case Self.off: return nil
        case Self.automatic:
            guard let path = try? SentenceEncoder.locate(SentenceEncoder.defaultName) else { return nil }
            return try EncoderFolder(path)
        default: return try EncoderFolder(SentenceEncoder.locate(encoder))
        }
    }

    var cache: EmbeddingCache? { embeddingCache == "none" ? nil : EmbeddingCache(folder: embeddingCache) }
}
