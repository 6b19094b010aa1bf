import ArgumentParser
import DeepKMeans

/// How many clusters `dkm cluster` looks for: --k N, or --k auto over --k-range.
extension ClusterCommand {
    func range() throws -> ClosedRange<Int> {
        let parts = kRange.components(separatedBy: "..")
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), 2 <= low, low <= high else {
            throw ValidationError("--k-range takes LOW..HIGH with 2 <= LOW <= HIGH, not '\(kRange)'")
        }
        return low...high
    }

    func clusterCountChoice() throws -> Clusterer.ClusterCount {
        if clusterCount == "auto" { return .automatic(try range()) }
        return .fixed(clusterCount.flatMap(Int.init) ?? dataset?.clusterCount ?? 0)
    }
}
