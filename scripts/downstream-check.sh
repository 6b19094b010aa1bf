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
cat > "$work/Sources/downstream/main.swift" <<'SWIFT'
import DeepKMeans
import Foundation

let corpusPath = CommandLine.arguments[1], modelPath = CommandLine.arguments[2]
let corpus = try TextCorpus(source: FolderReader(root: corpusPath, labelsFromSubfolders: true),
                            tokenizer: TokenizerSettings(stopWords: StopWords.load("english")))
var clusterer = Clusterer(clusterCount: 5, method: .km)
clusterer.seed = 8905
let fitted = try clusterer.fit(corpus)
try fitted.model.save(to: modelPath)
let placed = try ClusteringModel.load(from: modelPath)
    .place([Document(id: "new", text: "the rocket reached orbit and the astronauts docked with the station")])
print("clusters:", fitted.summary.clusters.map(\.size), "ACC:", String(format: "%.3f", fitted.scores?.acc ?? -1))
print("new document in cluster \(placed[0].cluster), linked by \(placed[0].terms.joined(separator: ", "))")
SWIFT
cd "$work"
swift build 2>&1 | tail -1
.build/debug/downstream "$root/corpora/sample" "$work/model"
