#!/usr/bin/env bash
# Seconds per training epoch of dkm and of the same model and loop in PyTorch, side by side in
# one run on this machine, with the same thread count. Writes bench/results/training.md.
#
#   bench/training.sh [--threads N] [--epochs N] [--mnist DIR]
#
# Each figure is the median over --epochs epochs (default 3). OPENBLAS_CORETYPE is left as the
# machine sets it; BENCH_BOTH_CORETYPES=1 also runs dkm with the other setting (unset if it is
# set, Haswell if it is not).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=2; epochs=3; mnist=../shared/datasets/mnist
while (($#)); do
  case "$1" in
    --threads) threads=$2; shift 2;;
    --epochs) epochs=$2; shift 2;;
    --mnist) mnist=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 64;;
  esac
done
venv=bench/.venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import torch, numpy" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q torch numpy
fi
swift build -c release --product dkm-bench >/dev/null
mkdir -p bench/results
raw=$(mktemp)
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads DKM_THREADS=$threads
for workload in sparse mnist; do
  .build/release/dkm-bench --workload "$workload" --epochs "$epochs" --mnist "$mnist" | tee -a "$raw"
  if [ "${BENCH_BOTH_CORETYPES:-0}" = 1 ]; then
    if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
      env -u OPENBLAS_CORETYPE DKM_BENCH_LABEL="dkm, OPENBLAS_CORETYPE unset" .build/release/dkm-bench \
        --workload "$workload" --epochs "$epochs" --mnist "$mnist" | tee -a "$raw"
    else
      OPENBLAS_CORETYPE=Haswell DKM_BENCH_LABEL="dkm, OPENBLAS_CORETYPE=Haswell" .build/release/dkm-bench \
        --workload "$workload" --epochs "$epochs" --mnist "$mnist" | tee -a "$raw"
    fi
  fi
  "$venv/bin/python" bench/pytorch_epoch.py --workload "$workload" --input dense --threads "$threads" \
    --epochs "$epochs" --mnist "$mnist" | tee -a "$raw"
  if [ "$workload" = sparse ]; then
    "$venv/bin/python" bench/pytorch_epoch.py --workload "$workload" --input sparse --threads "$threads" \
      --epochs "$epochs" --mnist "$mnist" | tee -a "$raw"
  fi
done
# The matrix products alone: a large square product and the dense products of one MNIST epoch.
.build/release/dkm-bench --workload gemm --epochs "$epochs" | tee -a "$raw"
"$venv/bin/python" bench/pytorch_epoch.py --workload gemm --threads "$threads" --epochs "$epochs" | tee -a "$raw"
"$venv/bin/python" bench/summarize_training.py "$raw" "$threads" "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" \
  > bench/results/training.md
cat bench/results/training.md
rm -f "$raw"
