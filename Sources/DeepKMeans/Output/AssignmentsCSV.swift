import Foundation
import DKMClustering
import DKMCore
import DKMData

/// `assignments.csv`: one row per point with its cluster, distance and softmax weight.
public enum AssignmentsCSV {
    public static func render(_ assignment: Assignment, ids: [String]? = nil, labels: [Int]? = nil, labelNames: [String] = []) -> String {
        var text = "id,cluster,distance,weight" + (labels == nil ? "" : ",label") + "\n"
        for i in assignment.clusters.indices {
            let id = ids?[i] ?? String(i)
            text += "\(csvField(id)),\(assignment.clusters[i]),\(assignment.distances[i]),\(assignment.weights[i])"
            if let labels {
                let l = labels[i]
                text += "," + csvField(l < labelNames.count ? labelNames[l] : String(l))
            }
            text += "\n"
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
