import Foundation

/// The report's colours: one per cluster, told apart up to 30 clusters, and the colour of each
/// true label taken from the cluster that matches it best, so both maps speak alike.
enum ReportPalette {
    /// 30 colours chosen one at a time, each the farthest (CIE76 in Lab) from those before it
    /// among hues every 5 degrees at three saturations and five lightnesses: any two of the
    /// first 30 differ by at least 27.9 (Tests/DeepKMeansTests/Model/ReportPaletteTests).
    static let colors = [
        "#1f5993", "#2bee2b", "#d41111", "#ee2bee", "#626916", "#2beede", "#dd5f94", "#f0f04c", "#0d1aa5", "#692416",
        "#f09e4c", "#0da54d", "#0a766d", "#621669", "#2bbdee", "#4c75f0", "#ca8172", "#adca72", "#b472ca", "#8c2bee",
        "#ee2b5b", "#8cd742", "#ee2bad", "#a54d0d", "#980da5", "#813153", "#a5980d", "#166932", "#2bee7c", "#caad72",
    ]

    /// The colour of cluster `index` (past 30, golden-angle hues at three lightnesses).
    static func color(_ index: Int) -> String {
        if index < colors.count { return colors[index] }
        let hue = (Double(index) * 137.508).truncatingRemainder(dividingBy: 360)
        return String(format: "hsl(%.0f,65%%,%d%%)", hue, 38 + (index / 10 % 3) * 12)
    }

    /// For each label, the colour index of the cluster holding most of its points, matched one
    /// to one greedily from the largest count down; a label left without a cluster of its own
    /// gets a colour past every cluster's.
    static func labelColors(clusters: [Int], labels: [Int], clusterCount: Int, labelCount: Int) -> [Int] {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: clusterCount), count: labelCount)
        for (c, l) in zip(clusters, labels) where c < clusterCount && l < labelCount { counts[l][c] += 1 }
        var pairs: [(count: Int, label: Int, cluster: Int)] = []
        for l in 0..<labelCount {
            for c in 0..<clusterCount where counts[l][c] > 0 { pairs.append((counts[l][c], l, c)) }
        }
        // Largest count first; ties by the lower label, then the lower cluster.
        pairs.sort { a, b in a.count != b.count ? a.count > b.count : a.label != b.label ? a.label < b.label : a.cluster < b.cluster }
        var colorOf = [Int?](repeating: nil, count: labelCount), taken = Set<Int>()
        for (_, l, c) in pairs where colorOf[l] == nil && !taken.contains(c) {
            colorOf[l] = c
            taken.insert(c)
        }
        var next = clusterCount
        return colorOf.map { color in
            if let color { return color }
            defer { next += 1 }
            return next
        }
    }
}
