import ArgumentParser

/// `--encoder` for commands on a saved model (assign, merge): where the encoder of a model of
/// sentence embeddings is, when not where its name says.
struct ModelEncoderOption: ParsableArguments {
    @Option(
        help:
            "A model of sentence embeddings: its encoder's folder (default: the encoder the model names, found as 'cluster --encoder NAME' finds it)."
    )
    var encoder: String?
}
