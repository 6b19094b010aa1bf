#!/usr/bin/env bash
# Runs KM, DKMp (whose k-means initialization is AE-KM for the same seed) and DKMa on USPS
# with the paper's 10 seeds and the reference split, writing results/usps/<method>.json and .log.
# Two single-threaded lanes share the two cores. Rerunning it resumes unfinished evaluations.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dkm >/dev/null
data=${USPS:-../shared/datasets/usps}
split=${USPS_SPLIT:-../shared/datasets/reference-splits/usps}
mkdir -p results/usps .checkpoints
run() {
  .build/release/dkm evaluate --dataset usps --data "$data" --split "$split" --runs 10 \
    --method "$1" --lambda "${LAMBDA:-1}" --quiet --json "results/usps/$1.json" --resume \
    --checkpoint .checkpoints/usps >> "results/usps/$1.log" 2>&1
}
export DKM_THREADS=1
( run km; run dkm-p ) &
( run dkm-a ) &
wait
