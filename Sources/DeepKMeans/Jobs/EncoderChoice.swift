import Foundation
import DKMCore
import DKMEncoder

/// Whether `dkm cluster` clusters documents by a sentence encoder's embeddings when it is not
/// told (`--encoder auto`): when the encoder is installed and the corpus is of short texts,
/// those whose median document, among the corpus's first, fills at most half the encoder's
/// window (128 of all-MiniLM-L6-v2's 256 tokens), so the encoder reads it whole.
///
/// Short texts are where tf-idf runs out: on the 20 Newsgroups subject lines, one-line Debian
/// synopses and short package descriptions, k-means on all-MiniLM-L6-v2's embeddings was
/// 15 to 27 ACC points above the deep model on tf-idf, while on whole newsgroup messages the
/// deep model on tf-idf was above the embeddings, which see a message's first 256 tokens only,
/// and encoding them would take minutes (bench/results/quality.md, docs/methods.md).
public enum EncoderChoice {
    /// The first documents the choice reads, as the stop-word choice does.
    public static let sampleSize = 1000
    /// Each text is cut to this many characters for the count: past it, a text is not short.
    static let longestCountedText = 4096

    /// The longest median document, in tokens, that `encoder` clusters by default.
    public static func longestShortMedian(_ encoder: EncoderFolder) -> Int { encoder.maximumLength / 2 }

    /// True when the median of `texts`' (the first `sampleSize`) token counts for `encoder` is at
    /// most `longestShortMedian`.
    public static func suitsEncoder(_ texts: [String], encoder: EncoderFolder) -> Bool {
        let tokenizer = encoder.tokenize
        let sample = Array(texts.prefix(sampleSize))
        guard !sample.isEmpty else { return false }
        var counts = [Int](repeating: 0, count: sample.count)
        counts.withUnsafeMutableBufferPointer { counts in
            Parallel.forEachChunk(sample.count, chunk: 32) { range in
                for i in range {
                    let text = sample[i]
                    let cut = text.utf8.count > longestCountedText && text.count > longestCountedText
                    counts[i] = cut ? .max : tokenizer(text).count
                }
            }
        }
        return counts.sorted()[(counts.count - 1) / 2] <= longestShortMedian(encoder)
    }

    /// The median of `texts`' (the first `sampleSize`) word counts, for a corpus read without
    /// an encoder: a WordPiece tokenizer makes about 4 tokens of 3 words of English, so a median
    /// of at most 96 words stands for a median document within half of a 256-token window.
    public static func medianWordCount(_ texts: [String]) -> Int {
        let counts = texts.prefix(sampleSize).map { text in
            text.utf8.count > longestCountedText ? Int.max : text.split(whereSeparator: \.isWhitespace).count
        }
        return counts.isEmpty ? 0 : counts.sorted()[(counts.count - 1) / 2]
    }

    /// The longest median, in words, of a corpus `medianWordCount` calls short.
    public static let longestShortMedianWords = 96
}
