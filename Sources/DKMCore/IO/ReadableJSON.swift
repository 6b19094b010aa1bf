import Foundation

extension JSONEncoder {
    /// The encoder of every JSON file and output meant for people and other tools: indented,
    /// keys sorted (so files diff well), and slashes left as they are (`notes/a.txt`).
    public static var readable: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
