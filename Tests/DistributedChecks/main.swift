// Checks of distributed runs, started by the test suite as `mpirun -np N dkm-mpi-check CHECK`.
// Every rank computes its part across the ranks; rank 0 also computes the same thing alone on
// all the data (SingleProcess) and compares. Exit status 0: the check held; 1: it did not.
import DeepKMeans
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("dkm-mpi-check: \(message)\n".utf8))
    exit(1)
}

/// Gaussian blobs, the same on every rank (drawn from one seed).
func blobs(clusters: Int, points: Int, dimensions: Int, seed: UInt64) -> Matrix {
    var random = RandomGenerator(seed: seed)
    let centers = (0..<clusters * dimensions).map { _ in random.uniform(-5, 5) }
    var values: [Float] = []
    for _ in 0..<points {
        let c = random.index(below: clusters)
        for d in 0..<dimensions {
            let u = max(random.nextUnitDouble(), 1e-12), v = random.nextUnitDouble()
            values.append(centers[c * dimensions + d] + Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v)))
        }
    }
    return Matrix(rows: points, columns: dimensions, values: values)
}

/// This rank's contiguous share of the rows.
func shard(_ data: Matrix, _ communicator: Communicator) -> Matrix {
    data.gatheringRows(Array(Shard(index: communicator.rank, count: communicator.size).range(of: data.rows)))
}

/// ‖a − b‖ / ‖b‖.
func relativeDifference(_ a: [Float], _ b: [Float]) -> Double {
    let difference = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }.squareRoot()
    let norm = b.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    return difference / max(norm, 1e-30)
}

/// Distributed k-means against k-means of all points in one process, from the same seed.
func checkKMeans(_ communicator: Communicator) throws {
    let data = blobs(clusters: 6, points: 1_001, dimensions: 8, seed: 11)
    let settings = KMeansSettings(clusterCount: 6, restarts: 3)
    var random = RandomGenerator(seed: 7)
    let distributed = try KMeans(settings, communicator: communicator).fit(shard(data, communicator), random: &random)
    let assignments = try communicator.allGatherConcatenated(distributed.assignments)
    guard communicator.isRoot else { return }
    var alone = RandomGenerator(seed: 7)
    let single = try KMeans(settings).fit(data, random: &alone)
    let gap = abs(distributed.inertia - single.inertia) / single.inertia
    print(
        String(
            format: "k-means inertia: %d ranks %.9g, one process %.9g, relative difference %.2e",
            communicator.size, distributed.inertia, single.inertia, gap))
    guard gap <= 1e-9 else { fail("the inertias differ") }
    guard assignments == single.assignments else { fail("the assignments differ") }
    guard random == alone else { fail("the ranks drew other random numbers than one process") }
}

/// Data-parallel DKMp (global batch B over the ranks) against one process with batch B.
func checkTraining(_ communicator: Communicator) throws {
    let data = blobs(clusters: 4, points: 997, dimensions: 24, seed: 5)
    var settings = ClusteringMethod.dkmPretrained.defaultSettings(clusterCount: 4)
    settings.hiddenSizes = [64, 32]
    settings.batchSize = 100
    settings.pretrainEpochs = 2
    settings.alphaSchedule = .constant(1000, epochs: 3)
    settings.kmeans.restarts = 2
    let distributed = try DeepKMeansTrainer(
        features: .dense(shard(data, communicator)), settings: settings,
        random: RandomGenerator(seed: 3), communicator: communicator)
    let single =
        communicator.isRoot
        ? try DeepKMeansTrainer(features: .dense(data), settings: settings, random: RandomGenerator(seed: 3)) : nil
    func compareWeights(_ stage: String) {
        guard let single else { return }
        var worst = 0.0
        for (a, b) in zip(
            distributed.network.parameters + [distributed.representatives],
            single.network.parameters + [single.representatives])
        {
            worst = max(worst, relativeDifference(a.value.values, b.value.values))
        }
        print(String(format: "%@: largest relative weight difference %.2e", stage, worst))
        if worst > 1e-4 { fail("\(stage): the weights differ by more than 1e-4 relative") }
    }
    try distributed.pretrain(epochs: 1)
    try single?.pretrain(epochs: 1)
    compareWeights("after 1 pretraining epoch (10 steps)")
    try distributed.pretrain(epochs: 2, from: 1)
    try single?.pretrain(epochs: 2, from: 1)
    try distributed.initializeRepresentativesWithKMeans()
    try single?.initializeRepresentativesWithKMeans()
    compareWeights("after pretraining and k-means++")
    try distributed.train(schedule: settings.alphaSchedule)
    try single?.train(schedule: settings.alphaSchedule)
    compareWeights("after 3 DKM epochs")
    let assigned = try communicator.allGatherConcatenated(distributed.assign().clusters)
    guard let single else { return }
    let alone = single.assign().clusters
    let agree = zip(assigned, alone).filter { $0 == $1 }.count
    print("final assignments: \(agree) of \(alone.count) the same")
    guard assigned == alone else { fail("the final assignments differ") }
    let share = distributed.communicationSeconds / max(distributed.stepSeconds, 1e-9)
    print(String(format: "all-reduce share of the steps: %.1f%%", share * 100))
}

/// Small settings for `method` on the blobs of `checkMethods` and `checkResume`.
func smallSettings(_ method: ClusteringMethod) -> DeepKMeansSettings {
    var settings = method.defaultSettings(clusterCount: 4)
    settings.hiddenSizes = [32, 16]
    settings.batchSize = 50
    settings.pretrainEpochs = 2
    settings.baselineEpochs = 4
    settings.alphaSchedule = .constant(1000, epochs: 4)
    settings.targetInterval = 13  // one refresh per epoch of 13 batches
    settings.kmeans.restarts = 2
    return settings
}

/// Every deep method's whole run (pretraining, start, fine-tuning with its clustering term,
/// final assignment) on the ranks against one process with the same global batch.
func checkMethods(_ communicator: Communicator) throws {
    let data = blobs(clusters: 4, points: 603, dimensions: 16, seed: 9)
    for method in [ClusteringMethod.dcnPretrained, .dcnNonPretrained, .idecPretrained, .idecNonPretrained, .dkmPretrained] {
        let settings = smallSettings(method)
        let distributed = try method.run(
            on: .dense(shard(data, communicator)), settings: settings, seed: 4,
            communicator: communicator)
        guard communicator.isRoot else { continue }
        let single = try method.run(on: .dense(data), settings: settings, seed: 4)
        let gap = relativeDifference(distributed.representatives.values, single.representatives.values)
        let agree = zip(distributed.assignment.clusters, single.assignment.clusters).filter { $0 == $1 }.count
        print(
            String(
                format: "%@: representatives within %.2e relative, %d of %d points in the same cluster",
                method.rawValue, gap, agree, data.rows))
        guard gap <= 1e-4 else { fail("\(method.rawValue): the representatives differ") }
        guard agree == data.rows else { fail("\(method.rawValue): the clusters differ") }
    }
}

/// An interrupted run resumed on another number of ranks: with no checkpoint at `path`, trains
/// `method` and stops it at the end of its first fine-tuning epoch; with one, resumes it and compares
/// the result with one process's uninterrupted run.
func checkResume(_ communicator: Communicator, method: ClusteringMethod, path: String) throws {
    let data = blobs(clusters: 4, points: 603, dimensions: 16, seed: 9)
    let settings = smallSettings(method)
    let resuming = FileManager.default.fileExists(atPath: path)
    let checkpointing = Checkpointing(path: path, interval: 0, resume: resuming)
    let stopper: ProgressHandler = { progress in
        if !resuming && [.fineTune, .dcn, .idec].contains(progress.phase) && progress.completed > 0 { Interruption.requested = 1 }
    }
    do {
        let resumed = try method.run(
            on: .dense(shard(data, communicator)), settings: settings, seed: 4,
            checkpointing: checkpointing, progress: stopper, communicator: communicator)
        guard resuming else { fail("\(method.rawValue): the run was not interrupted") }
        guard communicator.isRoot else { return }
        let single = try method.run(on: .dense(data), settings: settings, seed: 4)
        let gap = relativeDifference(resumed.representatives.values, single.representatives.values)
        let agree = zip(resumed.assignment.clusters, single.assignment.clusters).filter { $0 == $1 }.count
        print(
            String(
                format: "%@ resumed on %d ranks: representatives within %.2e relative, %d of %d points in the same cluster",
                method.rawValue, communicator.size, gap, agree, data.rows))
        guard gap <= 1e-4, agree == data.rows else { fail("\(method.rawValue): the resumed run differs") }
    } catch ClusteringError.interrupted {
        print("\(method.rawValue) interrupted on \(communicator.size) ranks")
    }
}

/// The distributed vocabulary, idf and tf-idf rows of a folder against one process's.
func checkVocabulary(_ communicator: Communicator, folder: String, selection: VectorizerSettings.Selection) throws {
    var options = CorpusOptions()
    options.format = .folder
    options.shard = Shard(index: communicator.rank, count: communicator.size)
    let settings = VectorizerSettings(vocabularySize: 300, selection: selection, minimumDocumentFrequency: 2)
    let tokenizer = TokenizerSettings(stopWords: try StopWords.load("english"))
    let distributed = try TextCorpus(
        source: options.source(for: folder), tokenizer: tokenizer, vectorizer: settings,
        communicator: communicator)
    let rows = try distributed.gathered(communicator)
    guard communicator.isRoot, let rows else { return }
    options.shard = .whole
    let single = try TextCorpus(source: options.source(for: folder), tokenizer: tokenizer, vectorizer: settings)
    print(
        "\(selection.rawValue) vocabulary: \(distributed.vectorizer.vocabulary.count) terms on \(communicator.size) ranks, "
            + "\(single.vectorizer.vocabulary.count) in one process")
    guard distributed.vectorizer.vocabulary == single.vectorizer.vocabulary else { fail("the vocabularies differ") }
    guard distributed.vectorizer.idf == single.vectorizer.idf else { fail("the idf values differ") }
    guard rows.matrix == single.matrix, rows.ids == single.ids else { fail("the tf-idf rows differ") }
}

/// Trains until killed, after each rank printed its process id (for the dead-rank test).
func trainUntilKilled(_ communicator: Communicator) throws {
    Interruption.install()
    print("rank \(communicator.rank) pid \(getpid())")
    fflush(nil)
    let data = blobs(clusters: 4, points: 4_000, dimensions: 64, seed: 1)
    var settings = ClusteringMethod.dkmPretrained.defaultSettings(clusterCount: 4)
    settings.hiddenSizes = [128, 64]
    settings.batchSize = 64
    let trainer = try DeepKMeansTrainer(
        features: .dense(shard(data, communicator)), settings: settings,
        random: RandomGenerator(seed: 1), communicator: communicator)
    try trainer.pretrain(epochs: 1_000_000)
}

let arguments = CommandLine.arguments.dropFirst()
do {
    let communicator = try Distribution.join()
    switch arguments.first {
    case "kmeans": try checkKMeans(communicator)
    case "training": try checkTraining(communicator)
    case "methods": try checkMethods(communicator)
    case "resume":
        guard arguments.count == 3, let method = ClusteringMethod(rawValue: Array(arguments)[1]) else {
            fail("usage: dkm-mpi-check resume METHOD CHECKPOINT")
        }
        try checkResume(communicator, method: method, path: Array(arguments)[2])
    case "vocabulary":
        guard arguments.count == 3, let selection = VectorizerSettings.Selection(rawValue: Array(arguments)[2]) else {
            fail("usage: dkm-mpi-check vocabulary FOLDER count|df|tfidf")
        }
        try checkVocabulary(communicator, folder: Array(arguments)[1], selection: selection)
    case "train-until-killed": try trainUntilKilled(communicator)
    default: fail("usage: dkm-mpi-check kmeans|training|methods|resume METHOD CHECKPOINT|vocabulary FOLDER SELECTION|train-until-killed")
    }
    Distribution.leave(communicator)
} catch {
    fail("\(error)")
}
