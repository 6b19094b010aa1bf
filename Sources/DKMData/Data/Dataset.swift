import DKMCore
/// Points to cluster, with their true labels when known.
public struct Dataset: Sendable {
    public var name: String
    public var features: Features
    /// Class of each point (0-based), if known.
    public var labels: [Int]?
    /// Name of each class, indexed by label.
    public var labelNames: [String]

    public init(name: String, features: Features, labels: [Int]?, labelNames: [String] = []) {
        precondition(labels == nil || labels!.count == features.rows, "one label per point")
        self.name = name
        self.features = features
        self.labels = labels
        self.labelNames = labelNames
    }

    public var count: Int { features.rows }

    /// The points at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(
            name: name, features: features.gatheringRows(indices),
            labels: labels.map { l in indices.map { l[$0] } }, labelNames: labelNames)
    }
}
