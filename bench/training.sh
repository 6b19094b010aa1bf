#!/usr/bin/env bash
# Seconds per training epoch of dkm and of the same model and loop in PyTorch, side by side in
# one run on this machine, with the same thread count. Writes bench/results/training.md.
#
#   bench/training.sh [--threads N] [--epochs N] [--mnist DIR]
#
# Each figure is the median over --epochs epochs (default 3). Rows: dkm fp32, dkm bf16 (where
# oneDNN has a bf16 matmul on this CPU, which needs AVX-512), PyTorch fp32 and PyTorch with
# torch.autocast("cpu", dtype=torch.bfloat16).
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
. bench/venv.sh
bench_venv "torch, numpy" torch numpy
swift build -c release --product dkm-bench >/dev/null
mkdir -p bench/results
raw=$(mktemp)
export OMP_NUM_THREADS=$threads DKM_THREADS=$threads
bf16=yes
.build/release/dkm-bench --precision bf16 --probe 2>/dev/null || bf16=no
# PyTorch runs bf16 autocast on any CPU, but without native bf16 instructions it emulates them
# (71 s per sparse epoch against 4.1 s in fp32 on an AVX2 EPYC): rows only where the CPU has them.
torch_precisions="fp32"
grep -qw avx512_bf16 /proc/cpuinfo && torch_precisions="fp32 bf16"
for workload in sparse mnist; do
  .build/release/dkm-bench --workload "$workload" --epochs "$epochs" --mnist "$mnist" | tee -a "$raw"
  if [ "$bf16" = yes ]; then
    .build/release/dkm-bench --workload "$workload" --precision bf16 --epochs "$epochs" --mnist "$mnist" | tee -a "$raw"
  fi
  for precision in $torch_precisions; do
    "$venv/bin/python" bench/pytorch_epoch.py --workload "$workload" --input dense --threads "$threads" \
      --epochs "$epochs" --mnist "$mnist" --precision "$precision" | tee -a "$raw"
  done
  if [ "$workload" = sparse ]; then
    "$venv/bin/python" bench/pytorch_epoch.py --workload "$workload" --input sparse --threads "$threads" \
      --epochs "$epochs" --mnist "$mnist" | tee -a "$raw"
  fi
done
# The matrix products alone: a large square product and the dense products of one MNIST epoch.
.build/release/dkm-bench --workload gemm --epochs "$epochs" | tee -a "$raw"
"$venv/bin/python" bench/pytorch_epoch.py --workload gemm --threads "$threads" --epochs "$epochs" | tee -a "$raw"
"$venv/bin/python" bench/summarize_training.py "$raw" "$threads" "dkm bf16: $bf16" \
  > bench/results/training.md
cat bench/results/training.md
rm -f "$raw"
