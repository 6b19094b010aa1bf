import DeepKMeans
import Foundation

/// A sentence-transformers folder of a BERT of random weights small enough to load and run in
/// milliseconds (hidden size 16, one layer, two heads), for tests of what is built on the
/// encoder: the embedding cache, clustering embeddings, models that remember their encoder.
/// `seed` changes the weights (and so the SHA-256), nothing else.
public enum TinyEncoder {
    public static let words = [
        "the", "a", "of", "and", "game", "team", "season", "score", "goal", "player",
        "disk", "drive", "memory", "computer", "software", "windows", "space", "orbit", "nasa",
        "launch", "planet", "moon", "##s", "##ing", "##ed",
    ]
    public static let hidden = 16, intermediate = 32, positions = 64, maximumLength = 32

    /// Writes the folder at `path` (created) and returns `path`.
    @discardableResult
    public static func write(to path: String, seed: UInt64 = 1, normalizes: Bool = true) throws -> String {
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ","] + words
        let files: [String: String] = [
            "modules.json": """
            [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
             {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}\(normalizes
                    ? ",\n {\"idx\": 2, \"name\": \"2\", \"path\": \"2_Normalize\", \"type\": \"sentence_transformers.models.Normalize\"}" : "")]
            """,
            "config.json": """
            {"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu", "hidden_size": \(hidden),
             "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": \(intermediate),
             "max_position_embeddings": \(positions), "type_vocab_size": 2, "vocab_size": \(vocabulary.count), "layer_norm_eps": 1e-12}
            """,
            "sentence_bert_config.json": "{\"max_seq_length\": \(maximumLength), \"do_lower_case\": false}",
            "1_Pooling/config.json": "{\"word_embedding_dimension\": \(hidden), \"pooling_mode_mean_tokens\": true}",
            "tokenizer_config.json": "{\"tokenizer_class\": \"BertTokenizer\", \"do_lower_case\": true}",
            "vocab.txt": vocabulary.joined(separator: "\n") + "\n",
        ]
        for (name, text) in files {
            let file = (path as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        }
        var random = RandomGenerator(seed: seed)
        func tensor(_ shape: [Int], scale: Float = 0.5, around center: Float = 0) -> SafeTensors.Tensor {
            SafeTensors.Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in center + random.uniform(-scale, scale) })
        }
        var tensors: [String: SafeTensors.Tensor] = [
            "embeddings.word_embeddings.weight": tensor([vocabulary.count, hidden], scale: 1),
            "embeddings.position_embeddings.weight": tensor([positions, hidden], scale: 0.1),
            "embeddings.token_type_embeddings.weight": tensor([2, hidden], scale: 0.1),
            "embeddings.LayerNorm.weight": tensor([hidden], scale: 0.1, around: 1),
            "embeddings.LayerNorm.bias": tensor([hidden], scale: 0.1),
        ]
        let layer = "encoder.layer.0."
        for part in ["query", "key", "value"] {
            tensors[layer + "attention.self.\(part).weight"] = tensor([hidden, hidden])
            tensors[layer + "attention.self.\(part).bias"] = tensor([hidden], scale: 0.1)
        }
        // Dense layers (output x input) and the LayerNorms after attention and after the feed-forward.
        for (name, output, input) in [
            ("attention.output.dense", hidden, hidden), ("intermediate.dense", intermediate, hidden),
            ("output.dense", hidden, intermediate),
        ] {
            tensors[layer + name + ".weight"] = tensor([output, input])
            tensors[layer + name + ".bias"] = tensor([output], scale: 0.1)
        }
        for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
            tensors[layer + norm + ".weight"] = tensor([hidden], scale: 0.1, around: 1)
            tensors[layer + norm + ".bias"] = tensor([hidden], scale: 0.1)
        }
        try Data(SafeTensors.encode(tensors)).write(
            to: URL(fileURLWithPath: (path as NSString).appendingPathComponent("model.safetensors")))
        return path
    }
}
