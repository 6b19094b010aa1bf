import DKMTestSupport
import DeepKMeans
import Testing

@Suite struct DCNTests {
    /// By hand: h = (0,0) goes to r0 = (1,0): c0 = 101, r0 -= (r0 - h) / 101 = (100/101, 0);
    /// h = (10,10) goes to r1 = (9,9): c1 = 101, r1 -= (r1 - h) / 101 = (9 + 1/101, 9 + 1/101);
    /// h = (6,6) then goes to the moved r1: c1 = 102, r1 -= (r1 - h) / 102.
    @Test func assignmentAndRepresentativeUpdatesOnAHandMadeBatch() {
        let embedding = Matrix(rowArrays: [[0, 0], [10, 10], [6, 6]])
        var representatives = Matrix(rowArrays: [[1, 0], [9, 9]])
        var assignments = [Int](repeating: 0, count: 8)
        assignments[2] = 0
        var counts: [Double] = [100, 100]
        DCNUpdate.apply(
            embedding: embedding, batch: [5, 2, 7], assignments: &assignments,
            representatives: &representatives, counts: &counts)
        #expect(assignments[5] == 0 && assignments[2] == 1 && assignments[7] == 1)
        #expect(counts == [101, 102])
        #expect(abs(representatives[0, 0] - 100.0 / 101) < 1e-6 && representatives[0, 1] == 0)
        let afterSecond = 9 + 1.0 / 101
        let afterThird = afterSecond - (afterSecond - 6) / 102
        #expect(abs(Double(representatives[1, 0]) - afterThird) < 1e-5 && abs(Double(representatives[1, 1]) - afterThird) < 1e-5)
    }

    @Test func dcnRunsWithAndWithoutPretraining() throws {
        let (points, labels) = TestSupport.blobs(clusters: 4, perCluster: 40, dimensions: 12, spread: 0.5, seed: 8)
        for method in [ClusteringMethod.dcnPretrained, .dcnNonPretrained] {
            var settings = TestSupport.smallSettings(
                method, clusters: 4, hidden: [32], batchSize: 32,
                pretrainEpochs: method == .dcnPretrained ? 20 : 0, epochs: 10, restarts: 3)
            settings.lambda = 0.1
            let run = try method.run(on: .dense(points), settings: settings, seed: 4)
            #expect(run.history.filter { $0.phase == .dcn }.count == 10)
            #expect(run.assignment.clusters.count == 160 && Set(run.assignment.clusters).isSubset(of: [0, 1, 2, 3]))
            if method == .dcnPretrained {
                #expect(ClusteringMetrics.accuracy(predicted: run.assignment.clusters, truth: labels) >= 0.9)
            }
        }
    }
}

@Suite struct IDECTests {
    /// Two points, two centers: h0 = (0), h1 = (2), mu = (0), (2). q0 = (1, 1/5) / 1.2 = (5/6, 1/6),
    /// q1 = (1/6, 5/6); f = (1, 1); p0 ∝ (25/36, 1/36) = (25/26, 1/26), p1 = (1/26, 25/26).
    @Test func softAssignmentsAndTargetByHand() {
        let q = IDECLoss.softAssignments(Matrix(rowArrays: [[0], [2]]), centers: Matrix(rowArrays: [[0], [2]]))
        #expect(abs(q[0, 0] - 5.0 / 6) < 1e-6 && abs(q[0, 1] - 1.0 / 6) < 1e-6 && abs(q[1, 1] - 5.0 / 6) < 1e-6)
        let p = IDECLoss.target(q)
        #expect(abs(p[0, 0] - 25.0 / 26) < 1e-6 && abs(p[0, 1] - 1.0 / 26) < 1e-6 && abs(p[1, 0] - 1.0 / 26) < 1e-6)
    }

    /// The KL term's gradient with respect to the embedding and the centers, against finite
    /// differences (the target held fixed, as between refreshes).
    @Test func klGradientMatchesFiniteDifferences() {
        var random = RandomGenerator(seed: 4)
        var embedding = TestSupport.randomMatrix(rows: 5, columns: 3, random: &random)
        var centers = TestSupport.randomMatrix(rows: 3, columns: 3, random: &random)
        let target = IDECLoss.target(IDECLoss.softAssignments(embedding, centers: centers))
        var dh = Matrix(rows: 5, columns: 3), dmu = Matrix(rows: 3, columns: 3)
        var scratchH = dh, scratchMu = dmu
        _ = IDECLoss.evaluate(
            embedding: embedding, centers: centers, target: target, scale: 0.7,
            embeddingGradient: &dh, centerGradient: &dmu)
        func loss() -> Double {
            0.7
                * IDECLoss.evaluate(
                    embedding: embedding, centers: centers, target: target, scale: 1,
                    embeddingGradient: &scratchH, centerGradient: &scratchMu)
        }
        for i in embedding.values.indices {
            let numeric = TestSupport.numericalDerivative(at: embedding.values[i], set: { embedding.values[i] = $0 }, loss: loss)
            #expect(TestSupport.relativeError(numeric, Double(dh.values[i])) < 1e-2)
        }
        for i in centers.values.indices {
            let numeric = TestSupport.numericalDerivative(at: centers.values[i], set: { centers.values[i] = $0 }, loss: loss)
            #expect(TestSupport.relativeError(numeric, Double(dmu.values[i])) < 1e-2)
        }
    }

    /// IDEC on four well-separated blobs of 160 points, one target refresh per epoch (5 batches).
    private func idecOnBlobs(_ method: ClusteringMethod, epochs: Int) throws -> (run: ClusteringRun, labels: [Int]) {
        let (points, labels) = TestSupport.blobs(clusters: 4, perCluster: 40, dimensions: 12, spread: 0.5, seed: 8)
        var settings = TestSupport.smallSettings(
            method, clusters: 4, hidden: [32], batchSize: 32,
            pretrainEpochs: method == .idecPretrained ? 20 : 0, epochs: epochs, restarts: 3)
        settings.targetInterval = 5
        settings.lambda = 0.1
        return (try method.run(on: .dense(points), settings: settings, seed: 4), labels)
    }

    @Test func idecRunsWithAndWithoutPretraining() throws {
        for method in [ClusteringMethod.idecPretrained, .idecNonPretrained] {
            let (run, labels) = try idecOnBlobs(method, epochs: 10)
            #expect(!run.history.filter { $0.phase == .idec }.isEmpty)
            #expect(run.fineTuningEpochs == run.history.filter { $0.phase == .idec }.count)
            #expect(Set(run.assignment.clusters).isSubset(of: [0, 1, 2, 3]))
            if method == .idecPretrained {
                #expect(ClusteringMetrics.accuracy(predicted: run.assignment.clusters, truth: labels) >= 0.9)
            }
        }
    }

    /// The labels settle on these blobs: IDECp stops long before its 50 epochs, and the run's
    /// epoch count says so.
    @Test func idecStopsEarlyWhenLabelsSettle() throws {
        let epochs = try #require(try idecOnBlobs(.idecPretrained, epochs: 50).run.fineTuningEpochs)
        #expect(epochs >= 1 && epochs < 50)
    }
}
