import DKMClustering
import DKMCore
import DKMData

/// `dkm assign --out`: per document its id, status (member, outlier, unassigned), cluster,
/// distance, soft weight, linking terms, the cluster's name (`dkm label`, else empty), and its
/// distance to every representative.
public enum PlacementCSV {
    public static let header = "id,status,cluster,distance,weight,terms,cluster_name"
    /// The header before cluster names were written (still recognized as this file's kind).
    static let headerWithoutNames = "id,status,cluster,distance,weight,terms"

    /// Whether `start` (a file's first bytes) begins like a file `render` wrote: the header, then
    /// `distance_0`, `distance_1`, ... in order, then the end of the line.
    @Sendable public static func recognizes(_ start: [UInt8]) -> Bool {
        guard let end = start.firstIndex(of: UInt8(ascii: "\n")) else { return false }
        let line = String(decoding: start[..<end], as: UTF8.self)
        let known = line.hasPrefix(header) ? header : headerWithoutNames
        guard line.hasPrefix(known) else { return false }
        let extra = line.dropFirst(known.count)
        guard !extra.isEmpty else { return true }
        guard extra.hasPrefix(",") else { return false }
        return extra.dropFirst().split(separator: ",", omittingEmptySubsequences: false).enumerated()
            .allSatisfy { $0.element == "distance_\($0.offset)" }
    }

    public static func render(_ placements: [DocumentPlacement]) -> String {
        let k = placements.map(\.distances.count).max() ?? 0
        var text = header + (0..<k).map { ",distance_\($0)" }.joined() + "\n"
        for p in placements {
            text += [
                AssignmentsCSV.csvField(p.id), p.status.rawValue, p.cluster.map(String.init) ?? "",
                p.distance.map { "\($0)" } ?? "", p.weight.map { "\($0)" } ?? "",
                AssignmentsCSV.csvField(p.terms.joined(separator: " ")), AssignmentsCSV.csvField(p.clusterName ?? ""),
            ]
            .joined(separator: ",")
            text += (0..<k).map { $0 < p.distances.count ? ",\(p.distances[$0])" : "," }.joined() + "\n"
        }
        return text
    }
}
