import ArgumentParser
import DKMTerminal
import DeepKMeans

/// What `dkm cluster` clusters, and the `Clusterer` it runs: how many clusters it looks for
/// (--k N, or --k auto over --k-range), with which settings, and where it reports.
extension ClusterCommand {
    /// The documents (with `encoder`'s tokens when auto keeps them), or the images of --dataset.
    /// Documents are sampled before they are vectorized; rows of numbers after they are read.
    func readInput(encoder candidate: EncoderFolder?, communicator: Communicator) throws -> (TextCorpus?, Dataset?) {
        guard let path else {
            return (nil, try dataset!.load(directory: data, shard: Shard(index: communicator.rank, count: communicator.size)))
        }
        let text = try corpus.load(
            path, progress: !json, quiet: training.quiet, sample: sample, seed: seed,
            encoder: candidate, choosesEncoder: !encoding.isNamed,
            notesShortTexts: encoding.missesDefaultEncoder(
                candidate, distributed: distribution.distributed, paperPreset: training.model.preset == .paper),
            communicator: communicator)
        if let sample, sample > text.count, communicator.isRoot, !training.quiet {
            Terminal.error("dkm: --sample \(sample) asks for more documents than the \(text.count) there are: all are clustered\n")
        }
        return (text, nil)
    }

    func range() throws -> ClosedRange<Int> {
        let parts = kRange.components(separatedBy: "..")
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), 2 <= low, low <= high else {
            throw ValidationError("--k-range takes LOW..HIGH with 2 <= LOW <= HIGH, not '\(kRange)'")
        }
        return low...high
    }

    func clusterCountChoice() throws -> Clusterer.ClusterCount {
        if clusterCount == "auto" { return .automatic(try range()) }
        return .fixed(clusterCount.flatMap(Int.init) ?? dataset?.clusterCount ?? 0)
    }

    func clusterer(encoder: SentenceEncoder?, name: String, bar: ProgressBar?, communicator: Communicator) throws -> Clusterer {
        var clusterer = Clusterer(clusterCount: try clusterCountChoice(), method: training.methodChoice)
        clusterer.settings = { [training] in try training.settings(for: $0, clusterCount: $1, defaultPreset: .recommended, kind: $2) }
        clusterer.encoder = encoder
        clusterer.embeddingCache = encoding.cache
        clusterer.seed = seed
        clusterer.sampleSize = path == nil ? sample : nil
        clusterer.termCount = terms
        clusterer.pretrainingCache = training.pretrainedCache
        clusterer.checkpointing = training.checkpoint.map { Checkpointing(path: $0, interval: training.checkpointSeconds, resume: resume) }
        clusterer.progress = { bar?.update($0) }
        clusterer.communicator = communicator
        clusterer.onStart = { [json] start in
            if communicator.isRoot, !json { Self.printStart(start, of: name, ranks: communicator.isDistributed ? communicator.size : nil) }
        }
        return clusterer
    }
}
