#!/usr/bin/env bash
# Seconds per training epoch of two builds of dkm-bench, run in alternation on this machine
# (A, B, A, B ...) so that both see the same load, and the ratio B / A per workload and phase.
#
#   bench/compare-builds.sh OLD/dkm-bench NEW/dkm-bench [rounds] [epochs]
#
# Build the old one from a worktree: git worktree add /tmp/old REV && (cd /tmp/old &&
# swift build -c release --product dkm-bench). Each figure is the median epoch of a run; the
# table shows the median over rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2 rounds=${3:-2} epochs=${4:-3}
export DKM_THREADS=${THREADS:-2}
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
for round in $(seq "$rounds"); do
  for workload in ${WORKLOADS:-sparse mnist}; do
    for side in old new; do
      binary=$old; [ "$side" = new ] && binary=$new
      DKM_BENCH_LABEL=$side "$binary" --workload "$workload" --epochs "$epochs" >> "$raw"
    done
  done
done
python3 - "$raw" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
keys = sorted({(r["workload"], r["phase"]) for r in rows})
print("| workload | phase | old s/epoch | new s/epoch | new / old |")
print("|---|---|---:|---:|---:|")
for workload, phase in keys:
    pick = lambda side: statistics.median(r["seconds_per_epoch"] for r in rows
                                          if r["implementation"] == side and r["workload"] == workload and r["phase"] == phase)
    old, new = pick("old"), pick("new")
    print(f"| {workload} | {phase} | {old:.3f} | {new:.3f} | {new / old:.3f} |")
PY
