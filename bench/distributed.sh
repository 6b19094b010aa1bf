#!/usr/bin/env bash
# Seconds per training epoch on 1 and 2 MPI ranks of this machine, the all-reduce share of a
# step, and the compute time of the small per-rank batches that 8 and 64 ranks would train on;
# bench/summarize_distributed.py turns them into bench/results/distributed.md with a projection
# for RCV1-v2 (804,414 documents) on 8 and 64 ranks.
#
#   bench/distributed.sh [--epochs N]
#
# Workload: the paper's 20NEWS shape (18,846 generated tf-idf rows, 2,000 terms, 5% non-zero,
# K = 20, the d-500-500-2000-K auto-encoder, global batch 256). Every rank runs one thread, so
# 2 ranks use the machine's 2 cores; 1 process with 2 threads is shown beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=2
while (($#)); do
  case "$1" in
    --epochs) epochs=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 64;;
  esac
done
swift build -c release --product dkm-bench >/dev/null
mkdir -p bench/results
raw=$(mktemp)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
bench=.build/release/dkm-bench
one() { DKM_THREADS=1 "$@"; }
for ranks in 1 2; do
  one mpirun --oversubscribe -np "$ranks" -x DKM_THREADS \
    "$bench" --workload sparse --epochs "$epochs" --distributed | tee -a "$raw"
done
DKM_THREADS=2 DKM_BENCH_LABEL="dkm, 1 process, 2 threads" \
  "$bench" --workload sparse --epochs "$epochs" | tee -a "$raw"
# One rank's step at the local batch of 8 ranks (256 / 8 = 32) and of 64 ranks (4).
for batch in 32 4; do
  one env DKM_BENCH_LABEL="dkm, local batch $batch" "$bench" --workload sparse --rows $((batch * 400)) \
    --batch-size "$batch" --epochs "$epochs" | tee -a "$raw"
done
python3 bench/summarize_distributed.py "$raw" > bench/results/distributed.md
cat bench/results/distributed.md
rm -f "$raw"
