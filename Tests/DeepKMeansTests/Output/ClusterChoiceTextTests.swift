import DeepKMeans
import DKMClustering
import Testing

@Suite struct ClusterCountLineTests {
    func scores(_ values: [(Int, Double)]) -> [ClusterCountSelection.Score] {
        values.map { ClusterCountSelection.Score(k: $0.0, silhouette: $0.1) }
    }

    /// A K chosen at an end of the range says so; one inside it does not.
    @Test func aChoiceAtAnEndOfTheRangeIsFlagged() {
        let rising = scores([(2, 0.078), (3, 0.080), (4, 0.095)])
        let top = ClusterChoiceText.clusterCountLine(rising, chosen: 4)
        #expect(top.contains("K = 4 is the top of the range tried (2..4): a larger K may score higher"))
        let bottom = ClusterChoiceText.clusterCountLine(rising, chosen: 2)
        #expect(bottom.contains("K = 2 is the bottom of the range tried (2..4)"))
        let inside = ClusterChoiceText.clusterCountLine(rising, chosen: 3)
        #expect(inside == "K = 3 chosen by silhouette (best: 4: 0.095, 3: 0.080, 2: 0.078); every K: 2: 0.078, 3: 0.080, 4: 0.095")
        // A range widened past its top says so.
        let widened = ClusterChoiceText.clusterCountLine(rising, chosen: 3, requested: 2...3)
        #expect(widened.contains("the range 2..3 was widened to 2..4: its best K was at its top"))
        #expect(!ClusterChoiceText.clusterCountLine(rising, chosen: 3, requested: 2...4).contains("widened"))
        #expect(!ClusterChoiceText.clusterCountLine(scores([(5, 0.2)]), chosen: 5).contains("warning"))
    }
}
