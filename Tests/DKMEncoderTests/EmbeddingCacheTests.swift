import Foundation
import DKMEncoder
import DKMTestSupport
import Testing

/// The embedding cache gives exactly the rows the encoder gives, reuses them for the same
/// weights and token ids only, and passes over (never removes) a shard it cannot read.
@Suite struct EmbeddingCacheTests {
    static let texts = [
        "the team scored a goal", "disk drive memory", "the team scored a goal", "nasa launch to the moon",
        "", "windows software for the computer",
    ]

    static func encoder(_ folder: TemporaryDirectory, seed: UInt64 = 1) throws -> SentenceEncoder {
        try SentenceEncoder(path: TinyEncoder.write(to: folder.file("encoder-\(seed)"), seed: seed))
    }

    static func shards(_ cache: EmbeddingCache, _ encoder: SentenceEncoder) -> [String] {
        let folder = (cache.folder as NSString).appendingPathComponent(encoder.sha256)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map {
            (folder as NSString).appendingPathComponent($0)
        }
    }

    @Test func theCacheGivesTheEncodersRowsAndReusesThem() throws {
        let folder = TemporaryDirectory()
        let encoder = try Self.encoder(folder)
        let cache = EmbeddingCache(folder: folder.file("cache"))
        let sequences = Self.texts.map(encoder.tokens)
        let direct = encoder.embed(Self.texts)
        let first = try cache.embed(tokenized: sequences, with: encoder)
        #expect(first.reused == 0)
        #expect(first.embeddings.values == direct.values)
        let shards = Self.shards(cache, encoder)
        #expect(shards.count == 1)
        // The repeated text is stored once: 5 distinct rows of 16 numbers after the keys.
        let size = try FileManager.default.attributesOfItem(atPath: shards[0])[.size] as? Int
        #expect(size == 8 + 8 + 5 * (16 + 4 * TinyEncoder.hidden))
        let second = try cache.embed(tokenized: sequences, with: encoder)
        #expect(second.reused == Self.texts.count)
        #expect(second.embeddings.values == direct.values)
        #expect(Self.shards(cache, encoder) == shards)
        // A corpus sharing two documents reuses those two and embeds the new one.
        let other = ["nasa launch to the moon", "a player of the season", "disk drive memory"]
        let third = try cache.embed(tokenized: other.map(encoder.tokens), with: encoder)
        #expect(third.reused == 2)
        #expect(third.embeddings.values == encoder.embed(other).values)
        #expect(Self.shards(cache, encoder).count == 2)
    }

    @Test func anotherEncodersWeightsReuseNothing() throws {
        let folder = TemporaryDirectory()
        let one = try Self.encoder(folder, seed: 1), two = try Self.encoder(folder, seed: 2)
        #expect(one.sha256 != two.sha256)
        let cache = EmbeddingCache(folder: folder.file("cache"))
        _ = try cache.embed(tokenized: Self.texts.map(one.tokens), with: one)
        let other = try cache.embed(tokenized: Self.texts.map(two.tokens), with: two)
        #expect(other.reused == 0)
        #expect(other.embeddings.values == two.embed(Self.texts).values)
    }

    /// A cache holding the texts' rows in one shard: (encoder, cache, token ids, the shard's path).
    static func filled(_ folder: TemporaryDirectory) throws -> (SentenceEncoder, EmbeddingCache, [[Int32]], String) {
        let encoder = try Self.encoder(folder)
        let cache = EmbeddingCache(folder: folder.file("cache"))
        let sequences = Self.texts.map(encoder.tokens)
        _ = try cache.embed(tokenized: sequences, with: encoder)
        return (encoder, cache, sequences, Self.shards(cache, encoder)[0])
    }

    @Test func aShardCutShortIsPassedOverAndKept() throws {
        let folder = TemporaryDirectory()
        let (encoder, cache, sequences, shard) = try Self.filled(folder)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: shard))
        try bytes.prefix(bytes.count - 3).write(to: URL(fileURLWithPath: shard))
        let again = try cache.embed(tokenized: sequences, with: encoder)
        #expect(again.unreadableShards == [shard])
        #expect(again.reused == 0)
        #expect(again.embeddings.values == encoder.embed(Self.texts).values)
        #expect(try Data(contentsOf: URL(fileURLWithPath: shard)).count == bytes.count - 3)
    }

    @Test func aShardHoldingNaNIsPassedOver() throws {
        let folder = TemporaryDirectory()
        let (encoder, cache, sequences, shard) = try Self.filled(folder)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: shard)))
        withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { bytes.replaceSubrange(bytes.count - 4..<bytes.count, with: $0) }
        try Data(bytes).write(to: URL(fileURLWithPath: shard))
        let again = try cache.embed(tokenized: sequences, with: encoder)
        #expect(again.unreadableShards == [shard])
        #expect(again.embeddings.values.allSatisfy { $0.isFinite })
    }
}
