import DKMClustering
import DKMCore
import DKMTestSupport
import Testing

/// The tree of clusters: hand-computed merges, and every merge's height equal, by brute force,
/// to the size-weighted mean distance between the representatives on its two sides.
@Suite struct ClusterHierarchyTests {
    @Test func mergesClosestGroupsByWeightedAverageLinkage() {
        let line = Matrix(rowArrays: [[0], [1], [5], [7]])
        let tree = ClusterHierarchy(representatives: line, sizes: [3, 1, 1, 1], distance: .euclidean)
        // Squared distances 1 (0-1), 4 (5-7); then (3·25 + 3·49 + 16 + 36) / 8 = 34.25.
        let expected: [ClusterHierarchy.Merge] = [
            ClusterHierarchy.Merge(left: 0, right: 1, distance: 1, size: 4),
            ClusterHierarchy.Merge(left: 2, right: 3, distance: 4, size: 2),
            ClusterHierarchy.Merge(left: 4, right: 5, distance: 34.25, size: 6),
        ]
        #expect(tree.merges == expected)
        #expect(tree.leafOrder == [0, 1, 2, 3])
        #expect(ClusterHierarchy(representatives: Matrix(rowArrays: [[1, 2]]), sizes: [5], distance: .cosine).merges.isEmpty)
    }

    @Test func everyHeightIsTheWeightedMeanDistanceBetweenItsSides() {
        var random = RandomGenerator(seed: 11)
        for distance in Distance.allCases {
            let points = TestSupport.randomMatrix(rows: 9, columns: 4, random: &random)
            let sizes = (0..<9).map { $0 * 7 % 5 }  // empty clusters too
            let tree = ClusterHierarchy(representatives: points, sizes: sizes, distance: distance)
            #expect(tree.merges.count == 8 && tree.merges.last?.size == sizes.reduce(0, +))
            var members = (0..<9).map { [$0] }
            for merge in tree.merges {
                let (a, b) = (members[merge.left], members[merge.right])
                var total = 0.0, weights = 0.0
                for i in a {
                    for j in b {
                        let w = Double(max(sizes[i], 1) * max(sizes[j], 1))
                        let d = points.values.withUnsafeBufferPointer {
                            Double(distance.value($0.baseAddress! + i * 4, $0.baseAddress! + j * 4, count: 4))
                        }
                        total += w * d
                        weights += w
                    }
                }
                #expect(abs(merge.distance - total / weights) < 1e-5, "\(distance): \(merge)")
                members.append(a + b)
            }
            // Heights never fall (average linkage), and the drawing order keeps each merge's leaves together.
            #expect(zip(tree.merges, tree.merges.dropFirst()).allSatisfy { $0.distance <= $1.distance + 1e-9 })
            let order = tree.leafOrder
            #expect(order.sorted() == Array(0..<9))
            for group in members where group.count > 1 {
                let positions = group.map { order.firstIndex(of: $0)! }.sorted()
                #expect(positions.last! - positions.first! == group.count - 1)
            }
        }
    }
}
