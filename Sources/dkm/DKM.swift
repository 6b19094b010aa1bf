import ArgumentParser
import DeepKMeans
import Foundation

@main
struct DKM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkm",
        abstract: "Deep k-Means: cluster documents and images while learning their representation.",
        discussion: """
            Exit codes: 0 success, 64 bad arguments or a refused output, 65 bad input data,
            70 internal failure, 73 an output that cannot be created, 75 interrupted by SIGINT or
            SIGTERM or SIGHUP after saving a checkpoint (rerun with --resume), 130 / 143 / 129
            interrupted by SIGINT / SIGTERM / SIGHUP without a checkpoint.
            """,
        version: DKMVersion.current,
        subcommands: [
            ClusterCommand.self, AssignCommand.self, InspectCommand.self, LabelCommand.self, MergeCommand.self, EvaluateCommand.self,
            ReproduceCommand.self, VectorizeCommand.self, EmbedCommand.self,
        ]
    )

    /// A mistyped subcommand gets a suggestion instead of "unexpected argument".
    static func main() {
        // Before any other thread starts: only the watcher thread may take a signal.
        Interruption.install()
        FileBytes.warnings = { Terminal.error("dkm: warning: \($0)\n") }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-"), !first.isEmpty {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
            if !names.contains(first) {
                let closest = names.min { editDistance($0, first) < editDistance($1, first) }!
                let hint = editDistance(closest, first) <= max(2, first.count / 3) ? "; did you mean '\(closest)'?" : ""
                Terminal.error("dkm: unknown command '\(first)'\(hint) (commands: \(names.dropLast().joined(separator: ", ")))\n")
                Foundation.exit(64)
            }
        }
        // Other tools' names for the number of clusters.
        for argument in arguments.prefix { $0 != "--" } {
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            if ["--n-clusters", "--n_clusters", "--num-clusters", "--clusters", "--nclusters"].contains(name) {
                Terminal.error("dkm: unknown option '\(name)'; did you mean '--k'? (--k 20, or --k auto)\n")
                Foundation.exit(64)
            }
        }
        main(arguments)
    }

    /// Levenshtein distance between two words.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
