import Foundation
import DKMClustering
import DKMCore
import DKMData

/// `assignments.csv`: one row per point with its cluster, status (member, outlier or, last,
/// unassigned: a document with no vocabulary term), distance,
/// soft weight, label, and distance to every representative: the columns `dkm assign` writes
/// for new documents. Without `placements` (distributed runs), the run's own distance and
/// weight, every point a member.
public enum AssignmentsCSV {
    public static func render(
        _ assignment: Assignment, placements: [PointPlacement]? = nil, model: ClusteringModel? = nil,
        ids: [String]? = nil,
        labels: [Int]? = nil, labelNames: [String] = [], unassigned: UnassignedDocuments? = nil
    ) -> String {
        let k = placements?.first?.distances.count ?? 0
        var text = "id,status,cluster,distance,weight" + (labels == nil ? "" : ",label") + (0..<k).map { ",distance_\($0)" }.joined() + "\n"
        for i in assignment.clusters.indices {
            let id = ids?[i] ?? String(i)
            let cluster = assignment.clusters[i]
            if let p = placements?[i] {
                // The run's cluster, measured as a new document would be.
                let outlier = model?.description.calibration?.isOutlier(cluster: cluster, distance: p.distances[cluster]) ?? false
                text += "\(csvField(id)),\(outlier ? "outlier" : "member"),\(cluster),\(p.distances[cluster]),\(p.weights[cluster])"
            } else {
                text += "\(csvField(id)),member,\(cluster),\(assignment.distances[i]),\(assignment.weights[i])"
            }
            if let labels {
                let l = labels[i]
                text += "," + csvField(l < labelNames.count ? labelNames[l] : String(l))
            }
            if let p = placements?[i] { text += p.distances.map { ",\($0)" }.joined() }
            text += "\n"
        }
        // Documents with no vocabulary term, last, as `dkm assign` writes them: a status and no cluster.
        for (i, id) in (unassigned?.ids ?? []).enumerated() {
            text += "\(csvField(id)),unassigned,,,"
            if labels != nil { text += "," + csvField(unassigned?.labels?[i] ?? "") }
            text += String(repeating: ",", count: k) + "\n"
        }
        return text
    }

    /// A CSV field (RFC 4180 quoting). A value a spreadsheet would run as a formula (starting
    /// with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, as OWASP advises,
    /// so an id taken from a file name can never execute in the reader's spreadsheet.
    static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
