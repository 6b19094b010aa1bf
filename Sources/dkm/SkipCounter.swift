import ArgumentParser
import DeepKMeans
import Foundation

extension CorpusFormat: ExpressibleByArgument {}
extension TokenizerSettings.Splitting: ExpressibleByArgument {}
extension Projection.Method: ExpressibleByArgument {}
extension VectorizerSettings.Selection: ExpressibleByArgument {}

/// Documents passed over while reading: reported as they happen, counted for a closing line.
final class SkipCounter: @unchecked Sendable {
    var count = 0

    /// A closing line when documents were passed over.
    func report() {
        if count > 0 { FileHandle.standardError.write(Data("dkm: \(count) document(s) skipped\n".utf8)) }
    }
}
