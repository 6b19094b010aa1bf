import Foundation
import DKMCore

/// Sentence embeddings kept on disk per (encoder weights' SHA-256 and precision, hash of a
/// text's token ids), so that clustering the same documents again, or a corpus that shares documents with
/// one embedded before, embeds only what is new.
///
/// Layout: `<folder>/<encoder's embeddingsKey>/<shard>.dkmemb`, one shard per call that embedded
/// something new, written atomically and never changed after. A shard is
/// `DKMEMB1\n`, the dimension and the row count (UInt32, little-endian), a 16-byte key per
/// row, then the rows (Float32, little-endian). A shard that is not of this form (cut short,
/// of another dimension, holding NaN) is passed over, never removed: its texts are embedded
/// again.
public struct EmbeddingCache: Sendable {
    public let folder: String
    static let magic = Array("DKMEMB1\n".utf8)
    static let keyBytes = 16
    static let shardExtension = "dkmemb"
    /// The most a cache folder of one encoder is read to: 4 GiB of shards.
    static let largestRead = 4 << 30

    public init(folder: String) { self.folder = folder }

    /// `DKM_CACHE`, else `$XDG_CACHE_HOME/dkm`, else `~/.cache/dkm`; embeddings go in its `embeddings/`.
    public static var defaultFolder: String {
        let environment = ProcessInfo.processInfo.environment
        let root =
            environment["DKM_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : ($0 as NSString).appendingPathComponent("dkm") }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/dkm")
        return (root as NSString).appendingPathComponent("embeddings")
    }

    /// What one call found and did.
    public struct Outcome: Sendable {
        public var embeddings: Matrix
        /// Rows taken from the cache; the others were encoded (and stored).
        public var reused: Int
        /// Shards passed over because they were not readable as shards.
        public var unreadableShards: [String]
    }

    /// The key of one token sequence: the first 16 bytes of the SHA-256 of its ids.
    static func key(_ tokens: [Int32]) -> [UInt8] {
        var hash = SHA256()
        var bytes = [UInt8]()
        bytes.reserveCapacity(tokens.count * 4)
        for id in tokens { withUnsafeBytes(of: id.littleEndian) { bytes += $0 } }
        hash.update(bytes)
        let digest = hash.hexDigest()
        var key = [UInt8](repeating: 0, count: keyBytes)
        let digits = Array(digest.utf8)
        for i in 0..<keyBytes { key[i] = Self.nibble(digits[2 * i]) << 4 | Self.nibble(digits[2 * i + 1]) }
        return key
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit >= UInt8(ascii: "a") ? digit - UInt8(ascii: "a") + 10 : digit - UInt8(ascii: "0")
    }

    /// One row per sequence, in order: from the cache where it holds the sequence, else
    /// encoded by `encoder` (and stored as a new shard). `onProgress` hears the rows done.
    public func embed(
        tokenized sequences: [[Int32]], with encoder: SentenceEncoder,
        onProgress: ((Int) -> Void)? = nil
    ) throws -> Outcome {
        let keys = sequences.map(Self.key)
        let directory = (folder as NSString).appendingPathComponent(encoder.embeddingsKey)
        let (stored, unreadable) = readShards(in: directory, dimension: encoder.dimension, wanted: Set(keys.map(Key.init)))
        for shard in unreadable { FileBytes.warnings("\(shard): not a readable embedding shard; passed over and left in place") }
        var embeddings = Matrix(rows: sequences.count, columns: encoder.dimension)
        var missing: [Int] = []
        for (i, key) in keys.enumerated() {
            if let row = stored[Key(key)] {
                embeddings.values.replaceSubrange(i * encoder.dimension..<(i + 1) * encoder.dimension, with: row)
            } else {
                missing.append(i)
            }
        }
        let reused = sequences.count - missing.count
        onProgress?(reused)
        guard !missing.isEmpty else { return Outcome(embeddings: embeddings, reused: reused, unreadableShards: unreadable) }
        // A text repeated in the corpus is encoded once.
        var firstOf: [Key: Int] = [:]
        var distinct: [Int] = []
        for i in missing where firstOf[Key(keys[i])] == nil {
            firstOf[Key(keys[i])] = distinct.count
            distinct.append(i)
        }
        let encoded = encoder.embed(tokenized: distinct.map { sequences[$0] }) { onProgress?(reused + $0 * missing.count / distinct.count) }
        for i in missing {
            let row = firstOf[Key(keys[i])]!
            embeddings.values.replaceSubrange(
                i * encoder.dimension..<(i + 1) * encoder.dimension,
                with: encoded.values[row * encoder.dimension..<(row + 1) * encoder.dimension])
        }
        try writeShard(keys: distinct.map { keys[$0] }, rows: encoded, in: directory)
        return Outcome(embeddings: embeddings, reused: reused, unreadableShards: unreadable)
    }

    struct Key: Hashable {
        let high: UInt64, low: UInt64
        init(_ bytes: [UInt8]) { self.init(bytes[...]) }
        init(_ bytes: ArraySlice<UInt8>) {
            let start = bytes.startIndex
            high = (0..<8).reduce(0) { $0 << 8 | UInt64(bytes[start + $1]) }
            low = (8..<16).reduce(0) { $0 << 8 | UInt64(bytes[start + $1]) }
        }
    }

    /// The rows of every readable shard in `directory` whose key is `wanted`.
    private func readShards(in directory: String, dimension: Int, wanted: Set<Key>) -> ([Key: [Float]], [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return ([:], []) }
        var rows: [Key: [Float]] = [:], unreadable: [String] = [], budget = Self.largestRead
        for name in names.sorted() where name.hasSuffix("." + Self.shardExtension) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let size = (try? BoundedFile(path))?.size, size <= budget,
                let bytes = try? FileBytes.read(path, limit: size),
                Self.decodeShard(bytes, dimension: dimension, wanted: wanted, into: &rows)
            else {
                unreadable.append(path)
                continue
            }
            budget -= size
        }
        return (rows, unreadable)
    }

    /// Adds the wanted rows of one shard to `rows`; false when `bytes` is not a whole shard of
    /// `dimension` with finite values.
    static func decodeShard(_ bytes: [UInt8], dimension: Int, wanted: Set<Key>, into rows: inout [Key: [Float]]) -> Bool {
        let header = magic.count + 8
        guard bytes.count >= header, Array(bytes[0..<magic.count]) == magic else { return false }
        func word(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        let width = word(magic.count), count = word(magic.count + 4)
        guard width == dimension, bytes.count == header + count * (keyBytes + 4 * dimension) else { return false }
        let valuesStart = header + count * keyBytes
        var found: [Key: [Float]] = [:]
        for r in 0..<count {
            let key = Key(bytes[header + r * keyBytes..<header + (r + 1) * keyBytes])
            guard wanted.contains(key) else { continue }
            let start = valuesStart + r * 4 * dimension
            let row = (0..<dimension).map { c in
                Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + 4 * c + $1]) << (8 * UInt32($1)) })
            }
            guard row.allSatisfy(\.isFinite) else { return false }
            found[key] = row
        }
        rows.merge(found) { old, _ in old }
        return true
    }

    /// Writes the new rows as one shard named by the hash of its keys (so the same texts
    /// embedded twice at once make one file).
    private func writeShard(keys: [[UInt8]], rows: Matrix, in directory: String) throws {
        var bytes = Self.magic
        for value in [UInt32(rows.columns), UInt32(keys.count)] { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        for key in keys { bytes += key }
        bytes.reserveCapacity(bytes.count + rows.values.count * 4)
        for value in rows.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        let name = String(SHA256.hexDigest(of: keys.flatMap { $0 }).prefix(32)) + "." + Self.shardExtension
        let path = (directory as NSString).appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: path) { return }
        try AtomicFile.write(Data(bytes), to: path)
    }
}

extension SentenceEncoder {
    /// One row per sequence, through `cache` when there is one (nil: every sequence encoded).
    public func embed(
        tokenized sequences: [[Int32]], cache: EmbeddingCache?, onProgress: ((Int) -> Void)? = nil
    ) throws -> EmbeddingCache.Outcome {
        guard let cache else {
            return EmbeddingCache.Outcome(embeddings: embed(tokenized: sequences, onProgress: onProgress), reused: 0, unreadableShards: [])
        }
        return try cache.embed(tokenized: sequences, with: self, onProgress: onProgress)
    }
}
