import Foundation
import DKMClustering

/// The lines `dkm cluster` prints about its automatic choices: k-means for a small corpus, and
/// the K chosen by silhouette.
public enum ClusterChoiceText {
    /// Why the automatic choice of method trains k-means instead of the deep model.
    public static func kMeansFallbackLine(points: Int) -> String {
        "\(points) documents are too few to train the deep model (it needs \(MethodChoice.smallestCorpusForDeepModel) or more to do better "
            + "than k-means: docs/methods.md), so they are clustered with k-means; --method dkm-p trains it anyway"
    }

    /// The K an automatic choice kept, and the silhouette of every K tried.
    /// The choice of K, the best three and every K's silhouette, saying when the range asked
    /// for (`requested`) was widened and when the choice is at an end of what was tried.
    public static func clusterCountLine(
        _ scores: [ClusterCountSelection.Score], chosen: Int, isClear: Bool = true,
        requested: ClosedRange<Int>? = nil
    ) -> String {
        let leaders = scores.sorted { ($0.silhouette, -$0.k) > ($1.silhouette, -$1.k) }.prefix(3)
        let tried = (scores.map(\.k).min() ?? chosen)...(scores.map(\.k).max() ?? chosen)
        let widened =
            requested.map { requested in
                requested == tried
                    ? ""
                    : "\nthe range \(requested.lowerBound)..\(requested.upperBound) was widened to "
                        + "\(tried.lowerBound)..\(tried.upperBound): its best K was at its \(tried.upperBound > requested.upperBound ? "top" : "bottom")"
            } ?? ""
        return "K = \(chosen) chosen by silhouette (best: "
            + leaders.map { String(format: "%d: %.3f", $0.k, $0.silhouette) }.joined(separator: ", ") + "); every K: "
            + scores.map { String(format: "%d: %.3f", $0.k, $0.silhouette) }.joined(separator: ", ") + widened
            + (isClear
                ? ""
                : String(
                    format:
                        "\nwarning: no K stands out (another K scores within %.2f of K = %d); the data does not say how many clusters it has",
                    ClusterCountSelection.flatMargin, chosen))
            + edgeWarning(scores.map(\.k), chosen: chosen)
    }

    /// A K at an end of the range tried may be the range's choice rather than the data's.
    static func edgeWarning(_ tried: [Int], chosen: Int) -> String {
        guard let low = tried.min(), let high = tried.max(), low < high else { return "" }
        if chosen == high {
            return
                "\nwarning: K = \(chosen) is the top of the range tried (\(low)..\(high)): a larger K may score higher; widen --k-range or give --k"
        }
        if chosen == low {
            return
                "\nwarning: K = \(chosen) is the bottom of the range tried (\(low)..\(high)): the silhouette often favours a few broad groups; give --k if you expect more"
        }
        return ""
    }
}
