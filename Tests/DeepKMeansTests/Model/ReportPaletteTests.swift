@testable import DeepKMeans
import Foundation
import Testing

/// The report's colours stay apart for up to 30 clusters, and a label takes its cluster's colour.
@Suite struct ReportPaletteTests {
    /// CIE Lab of a `#rrggbb` colour (sRGB, D65 white).
    func lab(_ hex: String) -> (Double, Double, Double) {
        let value = Int(hex.dropFirst(), radix: 16)!
        let linear = [value >> 16, value >> 8 & 0xFF, value & 0xFF].map { channel -> Double in
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let x = (0.4124 * linear[0] + 0.3576 * linear[1] + 0.1805 * linear[2]) / 0.95047
        let y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        let z = (0.0193 * linear[0] + 0.1192 * linear[1] + 0.9505 * linear[2]) / 1.08883
        let f = { (t: Double) in t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    @Test func thirtyClusterColoursDifferByAtLeast27() {
        let colors = (0..<30).map(ReportPalette.color)
        var closest = Double.infinity
        for i in colors.indices {
            for j in colors.indices where j > i {
                let (a, b) = (lab(colors[i]), lab(colors[j]))
                closest = min(closest, ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)).squareRoot())
            }
        }
        // 10 units of CIE76 is a difference anyone sees side by side; golden-angle hues gave 16.4.
        #expect(closest >= 27.5, "closest pair: \(closest)")
        #expect(ReportPalette.color(30).hasPrefix("hsl("))
    }

    @Test func eachLabelTakesTheColourOfTheClusterHoldingMostOfIt() {
        // Label 0 lives in cluster 2, label 1 in cluster 0; label 2 is mostly in cluster 2 too,
        // which label 0 took first (5 > 4), so it takes cluster 1; label 3 finds no cluster left.
        let pairs = [(2, 0), (2, 0), (2, 0), (2, 0), (2, 0), (0, 1), (0, 1), (0, 1), (2, 2), (2, 2), (2, 2), (2, 2), (1, 2), (0, 3)]
        let colors = ReportPalette.labelColors(clusters: pairs.map(\.0), labels: pairs.map(\.1), clusterCount: 3, labelCount: 4)
        #expect(colors == [2, 0, 1, 3])
    }
}
