"""Turns the JSON lines of bench/training.sh into a Markdown table with ratios to dkm."""
import json
import platform
import subprocess
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
threads, coretype = sys.argv[2], sys.argv[3]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print(f"# Training speed: dkm vs PyTorch\n")
print(f"`bench/training.sh`, commit {commit}, {cpu}, {threads} threads, {coretype}.\n")
print("| workload | phase | implementation | s / epoch (median) | fastest epoch | GFLOP/s | time / dkm's |")
print("|---|---|---|---:|---:|---:|---:|")
for workload in ("sparse", "mnist"):
    for phase in ("pretrain", "finetune"):
        group = [r for r in rows if r["workload"] == workload and r["phase"] == phase]
        ours = next((r for r in group if r["implementation"] == "dkm"), None)
        for r in group:
            ratio = f"{r['seconds_per_epoch'] / ours['seconds_per_epoch']:.2f}x" if ours and r is not ours else ""
            gflops = f"{r['gflops']:.1f}" if "gflops" in r else ""
            print(f"| {workload} | {phase} | {r['implementation']} | {r['seconds_per_epoch']:.2f} | {r['min_seconds']:.2f} | {gflops} | {ratio} |")
print(f"\nMedian of {rows[0]['epochs']} epochs each. sparse: generated 18,846 x 2,000 CSR at 5% density, K = 20; mnist: 70,000 x 784, K = 10.")
print("Auto-encoder d-500-500-2000-K-2000-500-500-d, batches of 256, Adam; an epoch is ceil(n/256) batches.")
print("GFLOP/s counts the arithmetic dkm does (a sparse first layer costs its non-zeros only).")
