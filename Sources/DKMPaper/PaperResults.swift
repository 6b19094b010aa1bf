import DeepKMeans
import DKMClustering
import DKMCore
import DKMData
/// The paper's Tables 1 and 2 (Moradi Fard et al., 2020): test-split ACC and NMI in percent,
/// mean and standard deviation over 10 runs.
package enum PaperResults {
    package struct Cell: Codable, Equatable, Sendable {
        package var acc: MeanDeviation
        package var nmi: MeanDeviation
    }

    package static let datasets = Benchmark.paperTables.map(\.rawValue)
    /// Table 1: the k-means-related methods, in the paper's row order.
    package static let table1: [ClusteringMethod] = [.km, .aeKMeans, .dcnNonPretrained, .dkmAnnealed, .dcnPretrained, .dkmPretrained]
    /// Table 2: DKM against IDEC.
    package static let table2: [ClusteringMethod] = [.idecNonPretrained, .dkmAnnealed, .idecPretrained, .dkmPretrained]

    package static func cell(dataset: String, method: ClusteringMethod) -> Cell? {
        guard let row = values[method], let column = datasets.firstIndex(of: dataset) else { return nil }
        let (acc, accStd, nmi, nmiStd) = row[column]
        return Cell(acc: MeanDeviation(mean: acc, std: accStd), nmi: MeanDeviation(mean: nmi, std: nmiStd))
    }

    /// ACC, its std, NMI, its std for MNIST, USPS, 20NEWS and RCV1.
    private static let values: [ClusteringMethod: [(Double, Double, Double, Double)]] = [
        .km: [(53.5, 0.3, 49.8, 0.5), (67.3, 0.1, 61.4, 0.1), (23.2, 1.5, 21.6, 1.8), (50.8, 2.9, 31.3, 5.4)],
        .aeKMeans: [(80.8, 1.8, 75.2, 1.1), (72.9, 0.8, 71.7, 1.2), (49.0, 2.9, 44.5, 1.5), (56.7, 3.6, 31.5, 4.3)],
        .dcnNonPretrained: [(34.8, 3.0, 18.1, 1.0), (36.4, 3.5, 16.9, 1.3), (17.9, 1.0, 9.8, 0.5), (41.3, 4.0, 6.9, 1.8)],
        .dkmAnnealed: [(82.3, 3.2, 78.0, 1.9), (75.5, 6.8, 73.0, 2.3), (44.8, 2.4, 42.8, 1.1), (53.8, 5.5, 28.0, 5.8)],
        .dcnPretrained: [(81.1, 1.9, 75.7, 1.1), (73.0, 0.8, 71.9, 1.2), (49.2, 2.9, 44.7, 1.5), (56.7, 3.6, 31.6, 4.3)],
        .dkmPretrained: [(84.0, 2.2, 79.6, 0.9), (75.7, 1.3, 77.6, 1.1), (51.2, 2.8, 46.7, 1.2), (58.3, 3.8, 33.1, 4.9)],
        .idecNonPretrained: [(61.8, 3.0, 62.4, 1.6), (53.9, 5.1, 50.0, 3.8), (22.3, 1.5, 22.3, 1.5), (56.7, 5.3, 31.4, 2.8)],
        .idecPretrained: [(85.7, 2.4, 86.4, 1.0), (75.2, 0.5, 74.9, 0.6), (40.5, 1.3, 38.2, 1.0), (59.5, 5.7, 34.7, 5.0)],
    ]
}
