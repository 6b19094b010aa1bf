import ArgumentParser

@main
struct DKM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkm",
        abstract: "Deep k-Means: cluster documents and images while learning their representation.",
        discussion: """
            Exit codes: 0 success, 64 bad arguments or a refused output, 65 bad input data,
            70 internal failure, 73 an output that cannot be created, 75 interrupted by SIGINT or
            SIGTERM after saving a checkpoint (rerun with --resume), 130 / 143 interrupted by
            SIGINT / SIGTERM without a checkpoint.
            """,
        subcommands: [ClusterCommand.self, AssignCommand.self, InspectCommand.self, EvaluateCommand.self, ReproduceCommand.self,
                      VectorizeCommand.self]
    )
}
