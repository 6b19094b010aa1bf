import Foundation
import DKMCore

/// A sentence encoder of the BERT family (all-MiniLM-L6-v2 and its kin) read from a local
/// sentence-transformers folder: texts in, one embedding row per text out, as
/// sentence-transformers' `encode` gives them (token embeddings pooled, then normalized when
/// the folder's modules say so).
///
/// Texts are sorted by token count and packed into batches of at most `batchTokens` tokens,
/// so short texts are encoded many at a time and no token is padding. Calls to `embed` from
/// several threads take turns.
public final class SentenceEncoder {
    public let folder: EncoderFolder
    /// The SHA-256 of the weights file: what a saved model and the embedding cache record.
    public let sha256: String
    private let forward: BertForward
    /// One embedding at a time: the forward pass's workspaces are shared.
    private let running = NSLock()
    public static let batchTokens = 8192
    /// The encoder `scripts/fetch-encoder` fetches, and `dkm embed`'s.
    public static let defaultName = "all-MiniLM-L6-v2"

    /// Where models fetched by `scripts/fetch-encoder` live: `DKM_MODELS`, else
    /// `~/.local/share/dkm/models`.
    public static var modelsFolder: String {
        if let folder = ProcessInfo.processInfo.environment["DKM_MODELS"], !folder.isEmpty { return folder }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".local/share/dkm/models")
    }

    /// The folder `nameOrPath` names: a path to a folder, or the name of a model in `modelsFolder`.
    public static func locate(_ nameOrPath: String) throws -> String {
        var isFolder: ObjCBool = false
        if nameOrPath.contains("/") || FileManager.default.fileExists(atPath: nameOrPath, isDirectory: &isFolder) && isFolder.boolValue {
            return nameOrPath
        }
        let path = (modelsFolder as NSString).appendingPathComponent(nameOrPath)
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataFileError(
                file: path,
                .mismatch("no encoder named \(nameOrPath) here; scripts/fetch-encoder fetches all-MiniLM-L6-v2, or give a folder's path"))
        }
        return path
    }

    /// Reads and checks the folder at `path` (see `EncoderFolder`).
    public convenience init(path: String, precision: EncoderPrecision = .fp32) throws {
        try self.init(folder: EncoderFolder(path), precision: precision)
    }

    /// The encoder of a folder already read: only its weights are read now.
    public init(folder: EncoderFolder, precision: EncoderPrecision = .fp32) throws {
        self.folder = folder
        let weights = try BertWeights(folder: folder.path, architecture: folder.architecture)
        sha256 = weights.sha256
        forward = BertForward(
            weights: weights, architecture: folder.architecture,
            tokenCapacity: max(Self.batchTokens, folder.maximumLength), longest: folder.maximumLength, precision: precision)
    }

    /// The number format of the dense layers.
    public var precision: EncoderPrecision { forward.precision }

    /// What names this encoder's embeddings: the weights' SHA-256, with `-int8` when rounded.
    public var embeddingsKey: String { precision == .fp32 ? sha256 : "\(sha256)-\(precision.rawValue)" }

    public var dimension: Int { folder.architecture.hiddenSize }

    /// The folder's name, as `--encoder` takes it.
    public var name: String { (folder.path as NSString).lastPathComponent }

    /// The token ids the encoder reads for `text`: `[CLS]`, word pieces, `[SEP]`, cut to the
    /// maximum length.
    public func tokens(_ text: String) -> [Int32] { tokenizer(text) }

    /// `tokens` as a function any thread may call (the tokenizer is a value).
    public var tokenizer: @Sendable (String) -> [Int32] { folder.tokenize }

    /// One row per text, in order. `onProgress` hears the texts encoded so far after each batch.
    public func embed(_ texts: [String], onProgress: ((Int) -> Void)? = nil) -> Matrix {
        var sequences = [[Int32]](repeating: [], count: texts.count)
        sequences.withUnsafeMutableBufferPointer { sequences in
            Parallel.forEachChunk(texts.count, chunk: 64) { range in
                for i in range { sequences[i] = tokens(texts[i]) }
            }
        }
        return embed(tokenized: sequences, onProgress: onProgress)
    }

    /// One row per sequence of `tokens`' ids (each at most the maximum length), in order.
    public func embed(tokenized sequences: [[Int32]], onProgress: ((Int) -> Void)? = nil) -> Matrix {
        let vocabulary = Int32(folder.architecture.vocabularySize)
        precondition(
            sequences.allSatisfy { $0.count <= folder.maximumLength && $0.allSatisfy { $0 >= 0 && $0 < vocabulary } },
            "token sequences the encoder's tokenizer did not make")
        running.lock()
        defer { running.unlock() }
        // Longest first, as sentence-transformers orders them; ties keep the input order.
        let order = sequences.indices.sorted { (sequences[$0].count, $1) > (sequences[$1].count, $0) }
        var embeddings = Matrix(rows: sequences.count, columns: dimension)
        var next = 0
        while next < order.count {
            var batch: [[Int32]] = [], members: [Int] = [], tokens = 0
            while next < order.count, tokens + sequences[order[next]].count <= forward.tokenCapacity {
                batch.append(sequences[order[next]])
                members.append(order[next])
                tokens += sequences[order[next]].count
                next += 1
            }
            let (states, starts) = forward.run(batch)
            pool(states, starts: starts, into: &embeddings, rows: members)
            onProgress?(next)
        }
        return embeddings
    }

    /// Mean of each sequence's token states (or its [CLS] state), then unit length if asked.
    private func pool(_ states: Matrix, starts: [Int], into embeddings: inout Matrix, rows: [Int]) {
        let h = dimension
        for (s, row) in rows.enumerated() {
            var pooled = [Double](repeating: 0, count: h)
            let tokens = folder.pooling == .cls ? starts[s]..<starts[s] + 1 : starts[s]..<starts[s + 1]
            for t in tokens {
                for j in 0..<h { pooled[j] += Double(states.values[t * h + j]) }
            }
            let count = Double(tokens.count)
            var vector = pooled.map { Float($0 / count) }
            if folder.normalizes {
                let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                let inverse = 1 / max(norm, 1e-12)
                vector = vector.map { $0 * inverse }
            }
            for j in 0..<h { embeddings.values[row * h + j] = vector[j] }
        }
    }
}
