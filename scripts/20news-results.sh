#!/usr/bin/env bash
# KM and DKMp (whose k-means initialization is AE-KM for the same seed) on 20NEWS, as the
# reference code featurized it, with Euclidean and with cosine f and g, over RUNS of the
# paper's seeds (default 3), scored on the reference split. Writes
# results/20news/<method>-<distance>.json and .log; two single-threaded lanes, one per
# distance. Rerunning it resumes unfinished evaluations.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dkm >/dev/null
data=${NEWS20:-../shared/datasets/20news-bydate}
split=${NEWS20_SPLIT:-../shared/datasets/reference-splits/20news}
mkdir -p results/20news .checkpoints
run() { # method distance
  .build/release/dkm evaluate --dataset 20news --data "$data" --order "$data/sklearn-all-order.tsv" \
    --tokens sklearn --split "$split" --runs "${RUNS:-3}" --method "$1" --distance "$2" \
    --lambda "${LAMBDA:-1}" --quiet --json "results/20news/$1-$2.json" --resume \
    --checkpoint ".checkpoints/20news-$2" --pretrained-cache .checkpoints/pretrained \
    >> "results/20news/$1-$2.log" 2>&1
}
export DKM_THREADS=1
for distance in euclidean cosine; do
  ( for method in ${METHODS:-dkm-p km}; do run "$method" "$distance"; done ) &
done
wait
