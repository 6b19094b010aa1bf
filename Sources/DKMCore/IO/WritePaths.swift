/// The paths one run writes (its output folder, pretraining cache, checkpoint), checked before
/// any work against the inputs and against each other: a cache inside the corpus would be read
/// as a document by the next run, and a checkpoint inside the output folder would be refused
/// only after training, when the folder is written.
public enum WritePaths {
    /// Throws for the first written path that is, contains or lies inside an input or another
    /// written path. Empty paths are skipped (they are refused where they are used).
    public static func check(_ written: [String], inputs: [String]) throws {
        let written = written.filter { !$0.isEmpty }
        for path in written {
            for input in inputs where !input.isEmpty && input != "-" && PathRelation.overlaps(path, input) {
                throw OutputError.overlapsInput(output: path, input: input)
            }
        }
        for (index, first) in written.enumerated() {
            for second in written.dropFirst(index + 1) where PathRelation.overlaps(first, second) {
                throw OutputError.outputsOverlap(first, second)
            }
        }
    }
}
