import DeepKMeans
import Foundation

/// What `dkm cluster` writes and prints around the clustering itself.
extension ClusterCommand {
    /// The results folder (none with --no-out, and on ranks other than 0), after every path the
    /// run will write is checked against the inputs and each other, before the long work starts.
    func resultsFolder(root: Bool) throws -> OutputFolder? {
        let inputs = [path, data].compactMap { $0 }
        let folder: OutputFolder? =
            try noOut || !root
            ? nil
            : out.map { try OutputFolder($0, force: force, inputs: inputs) }
                ?? ResultsFolder.take(for: path ?? dataset!.rawValue, inputs: inputs)
        try WritePaths.check([folder?.path ?? out, training.pretrainedCache, training.checkpoint].compactMap { $0 }, inputs: inputs)
        if let folder, out == nil, !training.quiet {
            Terminal.error("dkm: the results go to \(folder.path) (--out chooses the folder, --no-out writes none)\n")
        }
        if let cache = training.pretrainedCache, root { try OutputFolder.createKeepingFolder(cache) }
        return folder
    }

    /// The lines that say what training starts: the K chosen, why k-means when the corpus is
    /// small, and the method on what (with the ranks when distributed).
    static func printStart(_ start: Clusterer.Start, of name: String, ranks: Int?) {
        if let scores = start.countScores {
            Terminal.print(
                ClusterChoiceText.clusterCountLine(
                    scores, chosen: start.clusterCount, isClear: start.countIsClear ?? true, requested: start.countRange))
        }
        if start.tooFewForDeepModel { Terminal.print(ClusterChoiceText.kMeansFallbackLine(points: start.points)) }
        Terminal.print(
            "\(start.method.displayName) on \(name)\(start.encoder.map { " (\($0) embeddings)" } ?? ""): "
                + "\(start.points) points, \(start.features) features, "
                + "K = \(start.clusterCount)" + (ranks.map { ", \($0) rank(s)" } ?? ""))
        fflush(nil)
    }

    /// What rank 0 prints and writes once the clustering is done.
    func deliver(_ fitted: FittedClustering, html: String?, to folder: OutputFolder?) throws {
        if json {
            try JSONOutput.print(fitted.report)
        } else {
            Terminal.print(fitted.text + "\ntime: " + PhaseTimer.line(fitted.report.timings ?? []))
        }
        guard let html, let folder else { return }
        try fitted.write(to: folder, reportHTML: html)
        let line = try Terminal.writtenLine(folder)
        if !json { Terminal.print(line) } else if !training.quiet { Terminal.error("dkm: \(line)\n") }
    }
}
