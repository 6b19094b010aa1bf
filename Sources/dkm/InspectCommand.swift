import ArgumentParser
import DeepKMeans
import Foundation

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a saved model's settings and each representative's top terms.")

    @Option(help: "A model folder written by 'dkm cluster --out DIR' (DIR/model).")
    var model: String

    @Option(help: "Top terms per representative.")
    var terms: Int = 10

    func validate() throws {
        try OptionRanges.check(terms, "terms", in: OptionRanges.terms)
    }

    @Flag(help: "Print one JSON document on standard output.")
    var json = false

    func run() throws {
        try Failure.guarding {
            let loaded = try ClusteringModel.load(from: model)
            let inspection = ModelInspection(loaded, termCount: terms)
            if json {
                try JSONOutput.print(inspection)
            } else {
                Terminal.print(inspection.text)
            }
        }
    }
}
