import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// `--k auto` never trains a K the silhouette reached only at an end of the range.
@Suite struct AutomaticClusterCountCommandTests {
    /// Ten topics of their own words, twelve documents each, as a CSV.
    func tenTopics(_ directory: TemporaryDirectory) -> String {
        var random = RandomGenerator(seed: 4)
        var rows = "id,text\n"
        for topic in 0..<10 {
            for document in 0..<12 {
                let words = (0..<10).map { _ in "t\(topic)w\(Int(random.uniform(0, 20)))" }
                rows += "\(topic)-\(document),\(words.joined(separator: " "))\n"
            }
        }
        return directory.write("topics.csv", rows)
    }

    @Test(.slow) func aBestKAtTheTopWidensTheRangeOnceThenStops() throws {
        let directory = TemporaryDirectory()
        let corpus = tenTopics(directory)
        let cli = CommandLineTests()
        let widened = try cli.dkm([
            "cluster", corpus, "--k", "auto", "--k-range", "2..6", "--method", "km", "--stop-words", "none", "--no-out",
        ])
        #expect(widened.status == 0, "\(widened.errors)")
        #expect(widened.output.contains("K = 10 chosen by silhouette (best: 10: "), "\(widened.output)")
        #expect(widened.output.contains("the range 2..6 was widened to 2..11: its best K was at its top"))
        let stopped = try cli.dkm([
            "cluster", corpus, "--k", "auto", "--k-range", "2..3", "--method", "km", "--stop-words", "none", "--no-out",
        ])
        #expect(stopped.status == 64, "\(stopped.output)")
        #expect(
            stopped.errors.contains("the silhouette is best at K = 5, the top of the range tried (2..5, widened from 2..3)"),
            "\(stopped.errors)")
        #expect(stopped.errors.contains("give --k") && !stopped.output.contains("cluster 0"))
    }
}
