import ArgumentParser
import DeepKMeans
import Foundation

struct VectorizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectorize",
        abstract: "Turn a document collection into tf-idf rows and write them for other tools.",
        discussion: "Writes matrix.mtx (Matrix Market), vocabulary.txt, idf.txt, labels.txt and documents.txt.")

    @Argument(help: "A 20 Newsgroups tree or a folder of text files.")
    var path: String

    @Option(help: "Folder to write the files into.")
    var out: String

    @OptionGroup var corpus: CorpusArguments

    func run() throws {
        try Failure.guarding {
            let start = Date()
            let loaded = try corpus.load(path)
            let vectorized = Date()
            try CorpusExport.write(loaded, to: out)
            let written = Date()
            print("\(loaded.count) documents, \(loaded.vectorizer.vocabulary.count) terms, "
                  + String(format: "%.2f%% non-zero; read and vectorized in %.1fs, written in %.1fs to ",
                           loaded.matrix.density * 100, vectorized.timeIntervalSince(start), written.timeIntervalSince(vectorized))
                  + out)
        }
    }
}
