/// A method the paper runs in two variants, with pretraining and without (DKMp and DKMa, DCNp
/// and DCNnp, IDECp and IDECnp): one type, two names.
protocol PretrainingVariants: ClusteringMethodDefinition {
    var pretrained: Bool { get }
    /// The command-line and display names of the variant with pretraining, then without.
    static var names: (pretrained: (String, String), without: (String, String)) { get }
}

extension PretrainingVariants {
    var name: String { pretrained ? Self.names.pretrained.0 : Self.names.without.0 }
    var displayName: String { pretrained ? Self.names.pretrained.1 : Self.names.without.1 }
    var usesPretraining: Bool { pretrained }
}
