import ArgumentParser

/// Where `vectorize` and `embed` write their files, and what they print.
struct ExportOptions: ParsableArguments {
    @Option(help: "Folder to write the files into.")
    var out: String

    @Flag(help: "Replace an --out folder that holds an earlier dkm output (never anything else).")
    var force = false

    @Flag(help: "No progress and no summary.")
    var quiet = false

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false
}
