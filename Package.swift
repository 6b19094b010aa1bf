// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Open MPI (`libopenmpi-dev`, pkg-config `ompi-c`) enables `--distributed`; without it dkm
/// builds and runs on one machine as before. `DKM_MPI=0` builds without it even when present.
let mpiAvailable: Bool = {
    let environment = ProcessInfo.processInfo.environment
    if environment["DKM_MPI"] == "0" { return false }
    var folders = (environment["PKG_CONFIG_PATH"] ?? "").split(separator: ":").map(String.init)
    folders += ["/usr/lib/pkgconfig", "/usr/share/pkgconfig", "/usr/local/lib/pkgconfig"]
    let lib = "/usr/lib"
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? [] where entry.hasSuffix("-linux-gnu") {
        folders.append("\(lib)/\(entry)/pkgconfig")
    }
    return folders.contains { FileManager.default.fileExists(atPath: $0 + "/ompi-c.pc") }
}()
let mpiDependencies: [Target.Dependency] = mpiAvailable ? ["CMPI"] : []
let mpiSettings: [SwiftSetting] = mpiAvailable ? [.define("DKM_MPI")] : []

/// The stop-word lists in the top-level `stopwords/` folder: the resources of the small
/// DKMStopWords target whose folder it is.
let stopWordLists: [Resource] = ((try? FileManager.default.contentsOfDirectory(atPath: Context.packageDirectory + "/stopwords")) ?? [])
    .filter { $0.hasSuffix(".txt") }.sorted().map { .copy($0) }

let package = Package(
    name: "dkm",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DeepKMeans", targets: ["DeepKMeans"]),
        .executable(name: "dkm", targets: ["dkm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // oneDNN ships no pkg-config file; the module map links it by name. It runs on GNU OpenMP
        // (libgomp, installed with it), whose thread team dkm's own loops share.
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .systemLibrary(name: "COpenMP"),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // libbz2 ships no pkg-config file; the module map links it by name.
        .systemLibrary(name: "CBZip2", providers: [.apt(["libbz2-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // PDF text through Poppler's GLib interface.
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(
            name: "CMPI", pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]),
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icuuc")]),
        // The library, in layers whose arrows run one way (docs/ARCHITECTURE.md):
        // DKMCore <- DKMData, DKMClustering, DKMEncoder <- DeepKMeans <- DKMPaper <- dkm.
        .target(
            name: "DKMCore",
            dependencies: ["CDNNL", "COpenMP", "CZlib", "CBZip2"] + mpiDependencies,
            swiftSettings: mpiSettings
        ),
        .target(
            name: "DKMStopWords", path: "stopwords", exclude: ["README.md", "LICENSE-python-stop-words"],
            resources: stopWordLists),
        .target(name: "DKMData", dependencies: ["DKMCore", "DKMStopWords", "CArchive", "CICU", "CLibXML2", "CPoppler", "CZlib"]),
        .target(name: "DKMClustering", dependencies: ["DKMCore"]),
        // Sentence encoders of the BERT family from a local sentence-transformers folder.
        .target(name: "DKMEncoder", dependencies: ["DKMCore", "COpenMP"]),
        .target(name: "DeepKMeans", dependencies: ["DKMCore", "DKMData", "DKMClustering", "DKMEncoder"]),
        // The paper's harness (dkm evaluate and reproduce: data sets, splits, tables, statistics),
        // outside the DeepKMeans product.
        .target(name: "DKMPaper", dependencies: ["DeepKMeans", "DKMTerminal"]),
        // Progress on standard error, for the command line: the library reports it, never prints it.
        .target(name: "DKMTerminal", dependencies: ["DeepKMeans"]),
        .executableTarget(
            name: "dkm",
            dependencies: [
                "DeepKMeans",
                "DKMPaper",
                "DKMTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "dkm-bench",
            dependencies: ["DeepKMeans"],
            path: "bench/Sources/dkm-bench"
        ),
        // Fuzz targets of the file readers: bench/fuzz/run builds this with --sanitize=fuzzer.
        .executableTarget(
            name: "dkm-fuzz",
            dependencies: ["DeepKMeans"],
            path: "bench/fuzz/Sources/dkm-fuzz"
        ),
        // Checks that run under mpirun (Tests/DeepKMeansTests/Distributed launches them).
        .executableTarget(
            name: "dkm-mpi-check",
            dependencies: ["DeepKMeans"],
            path: "Tests/DistributedChecks"
        ),
        // One test target per library target, and the helpers they share.
        .target(name: "DKMTestSupport", dependencies: ["DeepKMeans", "CBZip2"], path: "Tests/DKMTestSupport"),
        .testTarget(name: "DKMCoreTests", dependencies: ["DKMCore", "DeepKMeans", "DKMTestSupport"]),
        .testTarget(name: "DKMDataTests", dependencies: ["DKMData", "DeepKMeans", "DKMTestSupport"]),
        .testTarget(name: "DKMClusteringTests", dependencies: ["DKMClustering", "DeepKMeans", "DKMTestSupport"]),
        .testTarget(name: "DKMEncoderTests", dependencies: ["DKMEncoder", "DKMTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DeepKMeansTests", dependencies: ["DeepKMeans", "DKMTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "DKMPaperTests", dependencies: ["DKMPaper", "DKMTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
