import Foundation
import DKMCore

/// A sentence-transformers folder of the BERT family, read and checked: `modules.json` (a
/// Transformer, a Pooling and optionally a Normalize module, in that order), `config.json`
/// (`BertModel`, GELU, absolute positions), `sentence_bert_config.json`, the pooling's
/// `config.json`, `tokenizer_config.json`, `vocab.txt` and `model.safetensors`. Anything else is
/// refused with the file and the reason; every size is bounded before anything is allocated.
public struct EncoderFolder: Sendable {
    public struct Architecture: Sendable, Equatable, Codable {
        public var hiddenSize: Int
        public var layers: Int
        public var heads: Int
        public var intermediateSize: Int
        public var positions: Int
        public var tokenTypes: Int
        public var vocabularySize: Int
        public var layerNormEpsilon: Float
    }

    public enum Pooling: String, Sendable, Codable { case mean, cls }

    public let path: String
    public let architecture: Architecture
    public let pooling: Pooling
    public let normalizes: Bool
    /// Tokens per text, `[CLS]` and `[SEP]` included.
    public let maximumLength: Int
    public let tokenizer: WordPieceTokenizer
    /// sentence-transformers lower-cases texts itself before tokenizing when this is set.
    public let lowercasesTexts: Bool

    /// Bounds on what a folder may declare (all-MiniLM-L6-v2: 384, 6 layers, 12 heads).
    static let largestHidden = 4096, mostLayers = 64, largestVocabulary = 1 << 20, largestIntermediate = 16384
    static let mostPositions = 8192, largestConfigBytes = 1 << 20, largestVocabularyBytes = 64 << 20
    public static let largestWeightsBytes = 4 << 30

    public init(_ path: String) throws {
        self.path = path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw DataFileError(file: path, .notFound) }
        guard isFolder.boolValue else {
            throw DataFileError(file: path, .mismatch("an encoder is a sentence-transformers folder, not a file"))
        }
        try Self.checkModules(path)
        architecture = try Self.architecture(path)
        (pooling, normalizes) = try Self.pooling(path, hidden: architecture.hiddenSize)
        let sentence = try Self.json(path, "sentence_bert_config.json")
        let length = sentence["max_seq_length"] as? Int ?? architecture.positions
        guard length >= 2, length <= architecture.positions else {
            throw DataFileError(
                file: Self.file(path, "sentence_bert_config.json"),
                .mismatch("max_seq_length \(length) is not within 2...\(architecture.positions) (max_position_embeddings)"))
        }
        maximumLength = length
        lowercasesTexts = sentence["do_lower_case"] as? Bool ?? false
        tokenizer = try Self.tokenizer(path, vocabularySize: architecture.vocabularySize)
    }

    /// The token ids the encoder reads for a text (`[CLS]`, word pieces, `[SEP]`, cut to the
    /// maximum length), as a function any thread may call.
    public var tokenize: @Sendable (String) -> [Int32] {
        let tokenizer = tokenizer, lowercases = lowercasesTexts, length = maximumLength
        return { text in tokenizer.encode(lowercases ? text.lowercased() : text, maximumLength: length) }
    }

    static func file(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    static func json(_ folder: String, _ name: String) throws -> [String: Any] {
        let path = file(folder, name)
        let bytes = try FileBytes.read(path, limit: largestConfigBytes)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw DataFileError(file: path, .mismatch("not a JSON object"))
        }
        return object
    }

    private static func checkModules(_ folder: String) throws {
        let path = file(folder, "modules.json")
        let bytes = try FileBytes.read(path, limit: largestConfigBytes)
        guard let modules = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]] else {
            throw DataFileError(file: path, .mismatch("not a JSON list of modules"))
        }
        let types = modules.map { ($0["type"] as? String ?? "?").replacingOccurrences(of: "sentence_transformers.models.", with: "") }
        guard types == ["Transformer", "Pooling"] || types == ["Transformer", "Pooling", "Normalize"] else {
            throw DataFileError(
                file: path, .mismatch("modules \(types.joined(separator: ", ")); dkm runs Transformer, Pooling and an optional Normalize"))
        }
        guard (modules[0]["path"] as? String ?? "") == "", (modules[1]["path"] as? String) == "1_Pooling" else {
            throw DataFileError(file: path, .mismatch("the Transformer must be the folder itself and the Pooling 1_Pooling"))
        }
    }

    private static func architecture(_ folder: String) throws -> Architecture {
        let path = file(folder, "config.json")
        let config = try json(folder, "config.json")
        let architectures = config["architectures"] as? [String] ?? []
        guard config["model_type"] as? String == "bert", architectures.isEmpty || architectures.contains("BertModel") else {
            let found = (config["model_type"] as? String).map { "model_type \($0)" } ?? "no model_type"
            throw DataFileError(file: path, .mismatch("\(found) \(architectures); dkm runs BERT models (model_type bert, BertModel)"))
        }
        guard (config["hidden_act"] as? String ?? "gelu") == "gelu" else {
            throw DataFileError(file: path, .mismatch("hidden_act \(config["hidden_act"]!); dkm runs gelu"))
        }
        guard (config["position_embedding_type"] as? String ?? "absolute") == "absolute" else {
            throw DataFileError(file: path, .mismatch("position_embedding_type \(config["position_embedding_type"]!); dkm runs absolute"))
        }
        func size(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
            guard let value = config[key] as? Int, range.contains(value) else {
                throw DataFileError(
                    file: path, .mismatch("\(key) \(config[key].map { "\($0)" } ?? "missing"); expected a whole number in \(range)"))
            }
            return value
        }
        let architecture = Architecture(
            hiddenSize: try size("hidden_size", 1...largestHidden), layers: try size("num_hidden_layers", 1...mostLayers),
            heads: try size("num_attention_heads", 1...largestHidden),
            intermediateSize: try size("intermediate_size", 1...largestIntermediate),
            positions: try size("max_position_embeddings", 2...mostPositions), tokenTypes: try size("type_vocab_size", 1...16),
            vocabularySize: try size("vocab_size", 4...largestVocabulary),
            layerNormEpsilon: Float(config["layer_norm_eps"] as? Double ?? 1e-12))
        guard architecture.hiddenSize % architecture.heads == 0 else {
            throw DataFileError(
                file: path,
                .mismatch("hidden_size \(architecture.hiddenSize) is not a multiple of num_attention_heads \(architecture.heads)"))
        }
        guard architecture.layerNormEpsilon > 0, architecture.layerNormEpsilon < 1 else {
            throw DataFileError(file: path, .mismatch("layer_norm_eps \(architecture.layerNormEpsilon) is not in (0, 1)"))
        }
        return architecture
    }

    private static func pooling(_ folder: String, hidden: Int) throws -> (Pooling, Bool) {
        let name = "1_Pooling/config.json"
        let config = try json(folder, name)
        guard config["word_embedding_dimension"] as? Int == hidden else {
            throw DataFileError(file: file(folder, name), .mismatch("word_embedding_dimension is not hidden_size \(hidden)"))
        }
        let modes = [
            "pooling_mode_cls_token", "pooling_mode_mean_tokens", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
            "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken",
        ].filter { config[$0] as? Bool == true }
        let pooling: Pooling
        switch modes {
        case ["pooling_mode_mean_tokens"]: pooling = .mean
        case ["pooling_mode_cls_token"]: pooling = .cls
        default:
            throw DataFileError(file: file(folder, name), .mismatch("pooling \(modes); dkm pools by the mean of the tokens or by [CLS]"))
        }
        let modules = try FileBytes.read(file(folder, "modules.json"), limit: largestConfigBytes)
        return (pooling, String(decoding: modules, as: UTF8.self).contains("sentence_transformers.models.Normalize"))
    }

    private static func tokenizer(_ folder: String, vocabularySize: Int) throws -> WordPieceTokenizer {
        let configuration = try json(folder, "tokenizer_config.json")
        let tokenizerClass = configuration["tokenizer_class"] as? String ?? "BertTokenizer"
        guard ["BertTokenizer", "BertTokenizerFast"].contains(tokenizerClass), configuration["do_basic_tokenize"] as? Bool ?? true else {
            throw DataFileError(
                file: file(folder, "tokenizer_config.json"),
                .mismatch(
                    "\(tokenizerClass)\(configuration["do_basic_tokenize"] as? Bool == false ? " without basic tokenization" : ""); dkm runs BERT's WordPiece tokenizer"
                ))
        }
        let path = file(folder, "vocab.txt")
        let bytes = try FileBytes.read(path, limit: largestVocabularyBytes)
        var vocabulary = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if vocabulary.last == "" { vocabulary.removeLast() }
        guard vocabulary.count == vocabularySize else {
            throw DataFileError(
                file: path, .badShape(expected: "\(vocabularySize) lines (config.json's vocab_size)", found: "\(vocabulary.count)"))
        }
        let lowercases = configuration["do_lower_case"] as? Bool ?? true
        let options = WordPieceTokenizer.Options(
            lowercases: lowercases, stripsAccents: configuration["strip_accents"] as? Bool,
            splitsCJK: configuration["tokenize_chinese_chars"] as? Bool ?? true)
        do {
            return try WordPieceTokenizer(
                vocabulary: vocabulary, options: options,
                unknown: configuration["unk_token"] as? String ?? "[UNK]",
                classToken: configuration["cls_token"] as? String ?? "[CLS]",
                separatorToken: configuration["sep_token"] as? String ?? "[SEP]",
                otherSpecialTokens: ["pad_token", "mask_token"].compactMap { configuration[$0] as? String })
        } catch let error as WordPieceError {
            throw DataFileError(file: path, .mismatch(error.description))
        }
    }
}
