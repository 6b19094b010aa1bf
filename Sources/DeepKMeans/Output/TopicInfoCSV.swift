import Foundation
import DKMData

/// `topic_info.csv`, the table BERTopic's `get_topic_info()` gives: per cluster its Topic
/// number, Count, a Name made of the number and its first three member terms
/// (`3_space_nasa_orbit`; the decoder's terms for a cluster with no member), its member terms
/// (Representation), its decoded representative's terms (Decoder_Terms) and the start of its
/// most typical documents (Representative_Docs). List columns hold JSON arrays, which
/// `json.loads` reads back.
public enum TopicInfoCSV {
    public static let header = "Topic,Count,Name,Representation,Decoder_Terms,Representative_Docs"

    public static func render(_ summary: ClusterSummary) throws -> String {
        var text = header + "\n"
        for cluster in summary.clusters {
            let naming = cluster.memberTerms.isEmpty ? cluster.decoderTerms : cluster.memberTerms
            let name = ([String(cluster.id)] + naming.prefix(3).map(\.term)).joined(separator: "_")
            let documents = cluster.typicalDocuments.map { $0.snippet ?? $0.title ?? $0.id }
            let fields = [
                String(cluster.id), String(cluster.size), name, try json(cluster.memberTerms.map(\.term)),
                try json(cluster.decoderTerms.map(\.term)), try json(documents),
            ]
            text += fields.map(AssignmentsCSV.csvField).joined(separator: ",") + "\n"
        }
        return text
    }

    private static func json(_ values: [String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(values), as: UTF8.self)
    }
}
