/// The activations the paper's auto-encoder uses.
public enum Activation: String, Codable, Sendable {
    case relu
    case linear
}
