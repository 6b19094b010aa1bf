import ArgumentParser
import DeepKMeans
import Foundation

/// `--encoder` and `--embedding-cache`: which sentence encoder embeds the documents, and where
/// their embeddings are kept between runs.
struct EncoderOptions: ParsableArguments {
    @Option(help: "Sentence encoder: all-MiniLM-L6-v2 (fetched by scripts/bootstrap) or the path of a sentence-transformers folder of the BERT family.")
    var encoder: String?

    @Option(help: ArgumentHelp("Folder that keeps embeddings per encoder and text, so the same documents are not embedded twice; 'none' keeps none.",
                               valueName: "folder"))
    var embeddingCache: String = EmbeddingCache.defaultFolder

    /// The encoder `--encoder` names, or `fallback` when none is named.
    func load(orElse fallback: String? = nil) throws -> SentenceEncoder? {
        try (encoder ?? fallback).map { try SentenceEncoder(path: SentenceEncoder.locate($0)) }
    }

    var cache: EmbeddingCache? { embeddingCache == "none" ? nil : EmbeddingCache(folder: embeddingCache) }
}
