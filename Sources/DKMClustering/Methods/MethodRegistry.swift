import Foundation

/// The methods dkm knows, in the order help and tables list them. A new method is one line in
/// `builtIn` (or one `register` call from outside the library, as the tests' k-medians does).
public enum MethodRegistry {
    static let builtIn: [any ClusteringMethodDefinition] = [
        KMeansMethod(),
        AutoencoderKMeansMethod(),
        DeepKMeansMethod(pretrained: true),
        DeepKMeansMethod(pretrained: false),
        DCNMethod(pretrained: true),
        DCNMethod(pretrained: false),
        IDECMethod(pretrained: true),
        IDECMethod(pretrained: false),
    ]

    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered = builtIn

    /// Every known method, built-in ones first.
    public static var definitions: [any ClusteringMethodDefinition] { lock.withLock { registered } }

    /// The method called `name`, if any.
    public static func definition(named name: String) -> (any ClusteringMethodDefinition)? {
        lock.withLock { registered.first { $0.name == name } }
    }

    /// Adds `definition`, or replaces the one of the same name, and returns its method.
    @discardableResult
    public static func register(_ definition: any ClusteringMethodDefinition) -> ClusteringMethod {
        lock.withLock {
            if let index = registered.firstIndex(where: { $0.name == definition.name }) {
                registered[index] = definition
            } else {
                registered.append(definition)
            }
        }
        return ClusteringMethod(registered: definition.name)
    }
}
