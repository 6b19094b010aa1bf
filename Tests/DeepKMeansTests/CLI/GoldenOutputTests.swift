import DKMTestSupport
import Foundation
import Testing

/// Outputs recorded before the library was split into targets (main at 0176d89), and recorded
/// again when the products moved from OpenBLAS to oneDNN (another summation order): the same
/// commands must give the same bytes.
/// The deep cases' decoder terms were recorded again when representatives came to be read
/// against the mean reconstruction instead of the decoded mean embedding (their assignments
/// did not change).
/// The cases with stop words kept pass `--max-df 1`: they were recorded before words in most
/// documents were left out by default; every case passes `--no-sublinear-tf`, recorded before
/// repeats were counted sublinearly by default.
/// The recommended preset's case (the default training for text) was recorded later, after
/// the methods became definitions in a registry, whose arithmetic the other cases pin.
/// `DKM_RECORD_GOLDEN=1 swift test --filter GoldenOutputTests` records them anew; a commit that
/// does so says why the results changed.
@Suite(.serialized) struct GoldenOutputTests {
    static let golden = CommandLineTests.root.appendingPathComponent("Tests/DeepKMeansTests/Golden")
    static let usps = (TestSupport.datasets as NSString).appendingPathComponent("usps")
    static let uspsAvailable = FileManager.default.fileExists(atPath: usps + "/zip.train.gz")

    static let cases: [(name: String, arguments: [String])] = [
        (
            "sample-dkm-p-8905",
            [
                "corpora/sample", "--k", "5", "--no-sublinear-tf", "--stop-words", "english", "--preset", "paper", "--pretrain-epochs", "3",
                "--epochs", "3", "--seed", "8905",
            ]
        ),
        (
            "sample-dkm-p-9129",
            [
                "corpora/sample", "--k", "5", "--no-sublinear-tf", "--stop-words", "english", "--preset", "paper", "--pretrain-epochs", "3",
                "--epochs", "3", "--seed", "9129",
            ]
        ),
        (
            "sample-km-8905",
            ["corpora/sample", "--k", "5", "--no-sublinear-tf", "--stop-words", "english", "--method", "km", "--seed", "8905"]
        ),
        (
            "sample-km-9129",
            ["corpora/sample", "--k", "5", "--no-sublinear-tf", "--stop-words", "english", "--method", "km", "--seed", "9129"]
        ),
        (
            "sample-dcn-p",
            [
                "corpora/sample", "--k", "5", "--no-sublinear-tf", "--stop-words", "none", "--max-df", "1", "--method", "dcn-p", "--preset",
                "paper", "--pretrain-epochs", "3", "--epochs", "3", "--lambda", "0.01",
            ]
        ),
        (
            "sample-idec-p",
            [
                "corpora/sample", "--k", "5", "--no-sublinear-tf", "--stop-words", "none", "--max-df", "1", "--method", "idec-p",
                "--preset", "paper", "--pretrain-epochs", "3", "--epochs", "3",
                "--target-interval", "2",
            ]
        ),
        // The recommended preset (the default) for text: its featurization, cosine distances,
        // denoising pretraining, reseeding, the early stop and its smaller network.
        (
            "sample-dkm-p-recommended",
            [
                "corpora/sample", "--k", "5", "--method", "dkm-p", "--encoder", "none", "--pretrain-epochs", "3", "--epochs", "3", "--seed",
                "8905",
            ]
        ),
    ]

    @Test(.slow, arguments: cases.map(\.name)) func sameOutputsAsRecorded(name: String) throws {
        try check(name, arguments: GoldenOutputTests.cases.first { $0.name == name }!.arguments)
    }

    @Test(.slow, .enabled(if: uspsAvailable, "the USPS files are not in ../shared/datasets/usps (or DKM_DATASETS)"))
    func uspsSameOutputsAsRecorded() throws {
        try check(
            "usps-dkm-p",
            arguments: [
                "--dataset", "usps", "--data", GoldenOutputTests.usps, "--sample", "1000",
                "--preset", "paper", "--pretrain-epochs", "3", "--epochs", "3",
            ])
    }

    func check(_ name: String, arguments: [String]) throws {
        let directory = TemporaryDirectory()
        let out = directory.file("run")
        let process = TestSupport.dkmProcess(["cluster"] + arguments + ["--quiet", "--map", "pca", "--out", out])
        process.currentDirectoryURL = CommandLineTests.root
        // The same thread count and product kernels wherever it runs: sums are split by thread,
        // and oneDNN would otherwise pick AVX-512 kernels (another summation order) where it can.
        let pinned = ["DKM_THREADS": "2", "ONEDNN_MAX_CPU_ISA": "AVX2", "DNNL_MAX_CPU_ISA": "AVX2"]
        process.environment = process.environment!.merging(pinned) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let stored = GoldenOutputTests.golden.appendingPathComponent(name)
        for file in ["assignments.csv", "clusters.json"] {
            let written = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent(file))
            if ProcessInfo.processInfo.environment["DKM_RECORD_GOLDEN"] == "1" {
                // Recorded as written; the comparison sets the wall times aside.
                try FileManager.default.createDirectory(at: stored, withIntermediateDirectories: true)
                try written.write(to: stored.appendingPathComponent(file))
            } else {
                let produced = try GoldenOutputTests.withoutTimings(written, file: file)
                let expected = try GoldenOutputTests.withoutTimings(Data(contentsOf: stored.appendingPathComponent(file)), file: file)
                #expect(produced == expected, "\(name)/\(file) differs from the recorded output")
            }
        }
    }

    /// clusters.json without its wall times (which differ from run to run), every other value as
    /// written; other files as they are.
    static func withoutTimings(_ data: Data, file: String) throws -> Data {
        guard file == "clusters.json" else { return data }
        var object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["timings"] = nil
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
