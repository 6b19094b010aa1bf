import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct KMeansTests {
    @Test func recoversSeparatedBlobsDenseAndSparse() throws {
        let (points, labels) = TestSupport.blobs(clusters: 4, perCluster: 50, dimensions: 8, spread: 0.3, seed: 1)
        var random = RandomGenerator(seed: 2)
        let dense = try KMeans(KMeansSettings(clusterCount: 4, restarts: 3)).fit(points, random: &random)
        #expect(ClusteringMetrics.accuracy(predicted: dense.assignments, truth: labels) == 1)
        random = RandomGenerator(seed: 2)
        let sparse = try KMeans(KMeansSettings(clusterCount: 4, restarts: 3)).fit(SparseMatrix(dense: points), random: &random)
        #expect(sparse.assignments == dense.assignments)
        #expect(abs(sparse.inertia - dense.inertia) / dense.inertia < 1e-4)
    }

    @Test func inertiaAndCentersAgreeWithBruteForce() throws {
        var random = RandomGenerator(seed: 9)
        let points = TestSupport.randomMatrix(rows: 60, columns: 3, random: &random)
        let result = try KMeans(KMeansSettings(clusterCount: 5, restarts: 4)).fit(points, random: &random)
        var inertia = 0.0
        for i in 0..<points.rows {
            // Every point sits at its nearest center (a Lloyd fixed point) ...
            let distances = (0..<5).map { k in (0..<3).reduce(0.0) { $0 + pow(Double(points[i, $1] - result.centers[k, $1]), 2) } }
            #expect(distances[result.assignments[i]] <= distances.min()! + 1e-5)
            inertia += distances[result.assignments[i]]
        }
        #expect(abs(inertia - result.inertia) < 1e-3)
        // ... and each center is the mean of its members.
        for k in 0..<5 {
            let members = (0..<points.rows).filter { result.assignments[$0] == k }
            #expect(!members.isEmpty)
            for c in 0..<3 {
                let mean = members.reduce(0.0) { $0 + Double(points[$1, c]) } / Double(members.count)
                #expect(abs(mean - Double(result.centers[k, c])) < 1e-4)
            }
        }
    }

    @Test func moreRestartsNeverWorsenInertia() throws {
        let (points, _) = TestSupport.blobs(clusters: 6, perCluster: 20, dimensions: 4, spread: 2, seed: 4)
        var one = RandomGenerator(seed: 5), many = RandomGenerator(seed: 5)
        let single = try KMeans(KMeansSettings(clusterCount: 6, restarts: 1)).fit(points, random: &one)
        let best = try KMeans(KMeansSettings(clusterCount: 6, restarts: 8)).fit(points, random: &many)
        #expect(best.inertia <= single.inertia + 1e-9)
    }

    @Test func tooManyClustersIsAClearError() {
        var random = RandomGenerator(seed: 1)
        #expect(throws: ClusteringError.tooFewPoints(points: 3, clusters: 4)) {
            try KMeans(KMeansSettings(clusterCount: 4)).fit(Matrix(rows: 3, columns: 2), random: &random)
        }
    }

    @Test func identicalPointsDoNotBreakSeeding() throws {
        var random = RandomGenerator(seed: 1)
        let result = try KMeans(KMeansSettings(clusterCount: 3, restarts: 2)).fit(
            Matrix(rows: 10, columns: 2, repeating: 1), random: &random)
        #expect(result.inertia == 0)
    }

    /// Three directions with lengths from 0.1 to 10: spherical k-means must group by direction,
    /// where Euclidean k-means mixes short vectors of different directions.
    @Test func sphericalKMeansGroupsByDirection() throws {
        var random = RandomGenerator(seed: 3)
        let directions: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        var rows: [[Float]] = [], labels: [Int] = []
        for i in 0..<90 {
            let label = i % 3, length = Float(0.1 + 9.9 * random.nextUnitDouble())
            rows.append(directions[label].map { length * ($0 + 0.15 * Float(random.nextUnitDouble())) })
            labels.append(label)
        }
        let points = Features.dense(Matrix(rowArrays: rows))
        var settings = DeepKMeansSettings(clusterCount: 3)
        settings.clusteringDistance = .cosine
        let run = try ClusteringMethod.km.run(on: points, settings: settings, seed: 4)
        #expect(ClusteringMetrics.accuracy(predicted: run.assignment.clusters, truth: labels) == 1)
        let centers = run.representatives
        for k in 0..<3 {
            // Each center is the unit-length direction of its members' summed unit rows ...
            let members = (0..<90).filter { run.assignment.clusters[$0] == k }
            var sum = [Double](repeating: 0, count: 3)
            for i in members {
                let norm = rows[i].reduce(0) { $0 + Double($1 * $1) }.squareRoot()
                for c in 0..<3 { sum[c] += Double(rows[i][c]) / norm }
            }
            let sumNorm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for c in 0..<3 { #expect(abs(Double(centers[k, c]) - sum[c] / sumNorm) < 1e-5) }
        }
        for i in 0..<90 {
            // ... and the reported distance is the cosine distance to the nearest center.
            let cosines = (0..<3).map { k in
                let dot = (0..<3).reduce(0.0) { $0 + Double(rows[i][$1] * centers[k, $1]) }
                return dot / rows[i].reduce(0) { $0 + Double($1 * $1) }.squareRoot()
            }
            #expect(abs(Double(run.assignment.distances[i]) - (1 - cosines.max()!)) < 1e-4)
            #expect(cosines[run.assignment.clusters[i]] >= cosines.max()! - 1e-6)
        }
    }

    /// `kmeans.spherical` starts AE-KM and DKMp from spherical k-means of the embedding: unit
    /// centers, and AE-KM's clusters are DKMp's initialization for the same seed.
    @Test func sphericalInitializationIsSharedByAEKMAndDKMp() throws {
        let (points, _) = TestSupport.blobs(clusters: 3, perCluster: 20, dimensions: 6, spread: 1, seed: 2)
        var settings = TestSupport.smallSettings(.dkmPretrained, clusters: 3)
        settings.kmeans.spherical = true
        let aekm = try ClusteringMethod.aeKMeans.run(on: .dense(points), settings: settings, seed: 5)
        let dkm = try ClusteringMethod.dkmPretrained.run(on: .dense(points), settings: settings, seed: 5)
        #expect(dkm.pretrainedClusters == aekm.assignment.clusters)
        for k in 0..<3 {
            let norm = aekm.representatives.row(k).reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
        var euclidean = settings
        euclidean.kmeans.spherical = false
        let plain = try ClusteringMethod.aeKMeans.run(on: .dense(points), settings: euclidean, seed: 5)
        #expect(plain.representatives != aekm.representatives)
        // Settings written before the option existed read as Euclidean.
        let json = #"{"clusterCount":3,"restarts":2,"maxIterations":300,"tolerance":0.0001}"#
        #expect(try JSONDecoder().decode(KMeansSettings.self, from: Data(json.utf8)).spherical == false)
        // ... and Euclidean settings encode without the field, as before (cache keys stay valid).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(KMeansSettings(clusterCount: 3, restarts: 2)), as: UTF8.self)
        #expect(encoded == #"{"clusterCount":3,"maxIterations":300,"restarts":2,"tolerance":0.0001}"#)
    }
}
