import DKMClustering
import DKMCore
import DKMData
/// `dkm assign --out`: id, cluster, distance, weight and the linking terms of each document.
public enum PlacementCSV {
    public static let header = "id,cluster,distance,weight,terms"

    public static func render(_ placements: [DocumentPlacement]) -> String {
        var text = header + "\n"
        for p in placements {
            text += "\(AssignmentsCSV.csvField(p.id)),\(p.cluster),\(p.distance),\(p.weight),\(AssignmentsCSV.csvField(p.terms.joined(separator: " ")))\n"
        }
        return text
    }
}
