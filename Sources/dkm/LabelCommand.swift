import ArgumentParser
import DeepKMeans
import Foundation

struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Name a saved model's clusters; assign and inspect then show the names.",
        discussion: """
            dkm label --model run/model 3="space flight" 7=gardening   names clusters 3 and 7
            dkm label --model run/model 3=                             clears cluster 3's name
            dkm label --model run/model                                lists the names
            Only the model's model.json is rewritten; its weights are untouched.
            """)

    @Option(help: "A model folder written by 'dkm cluster' (its model/ folder).")
    var model: String

    @Argument(help: "CLUSTER=NAME pairs (an empty NAME clears it).")
    var names: [String] = []

    func parsedNames() throws -> [Int: String?] {
        var parsed: [Int: String?] = [:]
        for entry in names {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let cluster = Int(parts[0].trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("'\(entry)' is not CLUSTER=NAME (for example 3=\"space flight\")")
            }
            guard parsed[cluster] == nil else { throw ValidationError("cluster \(cluster) is named twice") }
            parsed[cluster] = parts[1].isEmpty ? .some(nil) : String(parts[1])
        }
        return parsed
    }

    func validate() throws { _ = try parsedNames() }

    func run() throws {
        try Failure.guarding {
            let named = try names.isEmpty ? ClusteringModel.load(from: model) : ClusteringModel.name(parsedNames(), modelIn: model)
            let description = named.description
            for cluster in 0..<description.clusterCount {
                Terminal.print("cluster \(cluster)\t" + (description.name(of: cluster) ?? "(no name)"))
            }
        }
    }
}
