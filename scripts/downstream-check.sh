#!/usr/bin/env bash
# Builds a throwaway SwiftPM package, in a temporary folder, that depends on this one by path
# and uses the library API (cluster a small corpus, save the model, load it, place a new
# document), then runs it. Proves another package can depend on DeepKMeans (no unsafeFlags).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/Sources/downstream"
cat > "$work/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "downstream",
    dependencies: [.package(path: "$root")],
    targets: [.executableTarget(name: "downstream", dependencies: [.product(name: "DeepKMeans", package: "main")])]
)
SWIFT
# The dependency's package identity is its folder's name.
sed -i "s|package: \"main\"|package: \"$(basename "$root")\"|" "$work/Package.swift"
# The library example of the README and docs/usage.md, with the paths as arguments and 3 pretraining epochs.
cat > "$work/Sources/downstream/main.swift" <<'SWIFT'
import DeepKMeans

let notes = CommandLine.arguments[1], modelPath = CommandLine.arguments[2]
let corpus = try TextCorpus(source: FolderReader(root: notes, labelsFromSubfolders: true),
                            tokenizer: TokenizerSettings(stopWords: StopWords.load("english")))
var clusterer = Clusterer(clusterCount: 5)
clusterer.method = .method(.dkmPretrained)
clusterer.settings = { method, k, _ in  // the third argument: the kind of rows (FeatureKind)
    var settings = method.settings(.paper, clusterCount: k)
    settings.pretrainEpochs = 3
    settings.alphaSchedule = .constant(1000, epochs: 3)
    return settings
}
let fitted = try clusterer.fit(corpus)
print(fitted.labels.count, fitted.centers.rows, fitted.scores.map { "ACC \($0.acc)" } ?? "no labels")
print(fitted.text)
try fitted.model.save(to: modelPath)
let placed = try ClusteringModel.load(from: modelPath)
    .place([Document(id: "new", text: "the rocket reached orbit and the astronauts docked with the station")])
print("new document: \(placed[0].status) of cluster \(placed[0].cluster.map(String.init) ?? "none"), linked by \(placed[0].terms.joined(separator: ", "))")
SWIFT
cd "$work"
swift build 2>&1 | tail -1
.build/debug/downstream "$root/corpora/sample" "$work/model"
