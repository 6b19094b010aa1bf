#!/usr/bin/env bash
# DKMp on MNIST with the paper's first three seeds and the reference split, writing
# results/mnist/dkm-p.json (AE-KM comes with it). Two single-threaded lanes share the two
# cores (a quarter more epochs per hour here than one two-threaded run): seeds 8905 and 9129
# in one, 291 in the other, merged at the end. Both checkpoint every minute and resume:
# rerun the script after an interruption and it continues where it stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dkm >/dev/null
mkdir -p results/mnist .checkpoints/mnist .checkpoints/mnist-291
export DKM_THREADS=1
evaluate() {
  .build/release/dkm evaluate --dataset mnist --data "${MNIST:-../shared/datasets/mnist}" \
    --split "${MNIST_SPLIT:-../shared/datasets/reference-splits/mnist}" \
    --method dkm-p --lambda "${LAMBDA:-1}" --quiet --pretrained-cache .checkpoints/pretrained --resume "$@"
}
( evaluate --runs 2 --json results/mnist/dkm-p.json --checkpoint .checkpoints/mnist >> results/mnist/dkm-p.log 2>&1 ) &
( evaluate --seed 291 --json .checkpoints/mnist-291/dkm-p-291.json --checkpoint .checkpoints/mnist-291 \
    >> .checkpoints/mnist-291/dkm-p-291.log 2>&1 ) &
wait
# One report: add seed 291's run, then let --resume (which trains nothing more) write the
# summary over all three.
python3 - <<'PY'
import json
main = json.load(open("results/mnist/dkm-p.json"))
extra = json.load(open(".checkpoints/mnist-291/dkm-p-291.json"))
assert main["settings"] == extra["settings"], "the two lanes ran with different settings"
main["runs"] += [run for run in extra["runs"] if run["seed"] not in {r["seed"] for r in main["runs"]}]
json.dump(main, open("results/mnist/dkm-p.json", "w"), indent=2, sort_keys=True)
PY
evaluate --runs 3 --json results/mnist/dkm-p.json >> results/mnist/dkm-p.log 2>&1
