#!/usr/bin/env bash
# DKMp on MNIST with the paper's seeds (RUNS, default 3) and the reference split, writing
# results/mnist/dkm-p.json (AE-KM comes with it). Checkpoints every minute and resumes:
# rerun it after an interruption and it continues where it stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dkm >/dev/null
mkdir -p results/mnist .checkpoints
.build/release/dkm evaluate --dataset mnist --data "${MNIST:-../shared/datasets/mnist}" \
  --split "${MNIST_SPLIT:-../shared/datasets/reference-splits/mnist}" --runs "${RUNS:-3}" \
  --method dkm-p --lambda "${LAMBDA:-1}" --quiet --json results/mnist/dkm-p.json \
  --checkpoint .checkpoints/mnist --pretrained-cache .checkpoints/pretrained --resume \
  >> results/mnist/dkm-p.log 2>&1
