import ArgumentParser
import DeepKMeans
import Foundation

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Cluster a data set and write each point's cluster.")

    @OptionGroup var source: DatasetOptions

    @Option(name: .customLong("k"), help: "Number of clusters (default: the number of classes).")
    var clusterCount: Int?

    @Option(help: "Cluster a random sample of this many points instead of all.")
    var sample: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = Experiment.paperSeeds[0]

    @Option(help: "Write assignments (id, cluster, distance, weight, label) as CSV to this file.")
    var out: String?

    @OptionGroup var training: TrainingOptions

    func run() throws {
        try Failure.guarding {
            var data = try source.load()
            if let sample {
                guard sample >= 1 else { throw ValidationError("--sample must be at least 1") }
                var random = RandomGenerator(seed: seed ^ 0x5A4D_504C)
                data = data.subset(Array(random.permutation(data.count).prefix(sample)).sorted())
            }
            let k = clusterCount ?? source.dataset.clusterCount
            let settings = try training.settings(clusterCount: k)
            print("\(training.method.displayName) on \(data.name): \(data.count) points, \(data.features.columns) features, K = \(k)")
            fflush(stdout)
            let bar = training.quiet ? nil : ProgressBar()
            let result = try training.method.run(on: data.features, settings: settings, seed: seed,
                                                 progress: { bar?.update($0) })
            let summary = ClusterSummary(clusters: result.assignment.clusters, clusterCount: k, labels: data.labels)
            print(summary.render(labelNames: data.labelNames))
            if let out {
                try AtomicFile.write(AssignmentsCSV.render(result.assignment, labels: data.labels, labelNames: data.labelNames), to: out)
                print("assignments written to \(out)")
            }
        }
    }
}
