import Foundation
import DKMCore
import DKMData
import DKMEncoder

/// `dkm embed`'s output: `embeddings.safetensors` (one F32 row per document, tensor
/// "embeddings", the encoder in its metadata), `documents.txt` and `labels.txt` (row order,
/// as `vectorize` writes them) and `encoder.json` (the encoder's name, SHA-256, pooling and
/// maximum length).
public enum EmbeddingExport {
    public static func write(_ embeddings: Matrix, of corpus: TextCorpus, encoder: EncoderRecord, to folder: OutputFolder) throws {
        try folder.write { staging in
            func path(_ name: String) -> String { (staging as NSString).appendingPathComponent(name) }
            let tensors = try SafeTensors.encode(["embeddings": SafeTensors.Tensor(embeddings)], metadata: encoder.metadata)
            try AtomicFile.write(Data(tensors), to: path("embeddings.safetensors"))
            try AtomicFile.write(CorpusExport.lines(corpus.ids), to: path("documents.txt"))
            try AtomicFile.write(CorpusExport.lines(corpus.labels.map { $0 ?? "" }), to: path("labels.txt"))
            try AtomicFile.write(JSONEncoder.readable.encode(encoder), to: path("encoder.json"))
        }
    }
}
