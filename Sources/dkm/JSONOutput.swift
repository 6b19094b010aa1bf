import DeepKMeans
import Foundation

/// `--json`: one pretty-printed JSON document on standard output.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder.readable
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
