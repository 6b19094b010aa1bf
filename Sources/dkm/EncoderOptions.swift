import ArgumentParser
import DeepKMeans
import Foundation

extension EncoderPrecision: ExpressibleByArgument {}

/// `--encoder` and `--embedding-cache`: which sentence encoder embeds the documents, and where
/// their embeddings are kept between runs.
struct EncoderOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Sentence encoder: auto (cluster: \(SentenceEncoder.defaultName) for short texts, a median document of at most "
                + "half its 256 tokens, when scripts/bootstrap has fetched it, and not with --preset paper; embed: \(SentenceEncoder.defaultName)), "
                + "none (tf-idf rows), a name in \(SentenceEncoder.modelsFolder), or the path of a sentence-transformers folder of the BERT family.",
            valueName: "auto|none|name|path"))
    var encoder = EncoderOptions.automatic

    @Option(
        help: ArgumentHelp(
            "Folder that keeps embeddings per encoder and text, so the same documents are not embedded twice; 'none' keeps none.",
            valueName: "folder"))
    var embeddingCache: String = EmbeddingCache.defaultFolder

    @Option(
        help: ArgumentHelp(
            "Number format of the encoder's dense layers: fp32 (sentence-transformers' own numbers) or int8 "
                + "(weights and activations rounded to 8 bits: 1.6x as fast on long texts where the CPU has VNNI, less without; embeddings at a cosine of about 0.999).",
            valueName: EncoderPrecision.allCases.map(\.rawValue).joined(separator: "|")))
    var encoderPrecision: EncoderPrecision = .fp32

    static let automatic = "auto", off = "none"

    /// True when an encoder is named (not auto, not none).
    var isNamed: Bool { encoder != Self.automatic && encoder != Self.off }

    /// Refuses a named encoder where it cannot run.
    func check(documents: Bool, distributed: Bool) throws {
        if isNamed, !documents { throw ValidationError("--encoder embeds documents: give a PATH of documents, not --dataset") }
        if isNamed, distributed { throw ValidationError("--encoder does not run with --distributed (--encoder none reads tf-idf rows)") }
    }

    /// The encoder that may embed the documents: the one named, or with auto the default one
    /// when it is installed (nil: none). Auto keeps tf-idf for `--preset paper` (the paper's rows)
    /// and distributed runs.
    func candidate(documents: Bool, distributed: Bool, paperPreset: Bool) throws -> EncoderFolder? {
        guard documents, !distributed, isNamed || !paperPreset else { return nil }
        switch encoder {
        case Self.off: return nil
        case Self.automatic:
            guard let path = try? SentenceEncoder.locate(SentenceEncoder.defaultName) else { return nil }
            return try EncoderFolder(path)
        default: return try EncoderFolder(SentenceEncoder.locate(encoder))
        }
    }

    /// True when auto would have chosen the default encoder for short texts, but `candidate` (what
    /// `candidate(documents:distributed:paperPreset:)` found) is nil: it is not installed.
    func missesDefaultEncoder(_ candidate: EncoderFolder?, distributed: Bool, paperPreset: Bool) -> Bool {
        candidate == nil && encoder == Self.automatic && !distributed && !paperPreset
    }

    /// The encoder's weights when `corpus` was read with its tokens (auto chose it), and how long loading took.
    func load(_ candidate: EncoderFolder?, for corpus: TextCorpus?) throws -> (SentenceEncoder, PhaseTiming)? {
        guard let candidate, corpus?.encoderTokens.isEmpty == false else { return nil }
        let started = Date()
        let encoder = try SentenceEncoder(folder: candidate, precision: encoderPrecision)
        return (encoder, PhaseTiming(phase: "load encoder", seconds: Date().timeIntervalSince(started)))
    }

    var cache: EmbeddingCache? { embeddingCache == "none" ? nil : EmbeddingCache(folder: embeddingCache) }
}
