// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dkm",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DeepKMeans", targets: ["DeepKMeans"]),
        .executable(name: "dkm", targets: ["dkm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icuuc")]),
        .target(
            name: "DeepKMeans",
            dependencies: ["CBLAS", "CZlib", "CICU", "CLibXML2"],
            resources: [.copy("Resources/stopwords")],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .executableTarget(
            name: "dkm",
            dependencies: [
                "DeepKMeans",
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
        .testTarget(name: "DeepKMeansTests", dependencies: ["DeepKMeans"],
                    swiftSettings: [.swiftLanguageMode(.v6)]),
    ],
    swiftLanguageModes: [.v5]
)
