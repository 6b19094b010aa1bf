"""Turns the JSON lines of bench/training.sh into a Markdown table with ratios to dkm."""
import json
import platform
import subprocess
import sys

lines = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
rows = [r for r in lines if r["workload"] != "gemm"]
gemm = [r for r in lines if r["workload"] == "gemm"]
threads, bf16 = sys.argv[2], sys.argv[3]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
flags = set(next((l.split(":", 1)[1].split() for l in open("/proc/cpuinfo") if l.startswith("flags")), []))
isa = "AVX-512 with BF16" if "avx512_bf16" in flags else "AVX-512" if "avx512f" in flags else "AVX2, no AVX-512" if "avx2" in flags else "no AVX2"
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print(f"# Training speed: dkm vs PyTorch\n")
print(f"`bench/training.sh`, commit {commit}, {cpu} ({isa}), {threads} threads, {bf16}.\n")
print("| workload | phase | implementation | s / epoch (median) | fastest epoch | GFLOP/s | time / dkm's |")
print("|---|---|---|---:|---:|---:|---:|")
for workload in ("sparse", "mnist"):
    for phase in ("pretrain", "finetune"):
        group = [r for r in rows if r["workload"] == workload and r["phase"] == phase]
        ours = next((r for r in group if r["implementation"] == "dkm"), None)
        ours_bf16 = next((r for r in group if r["implementation"] == "dkm-bf16"), None)
        for r in group:
            # bf16 rows are compared with dkm's bf16 row where there is one.
            base = ours_bf16 if ours_bf16 and "bf16" in r["implementation"] else ours
            ratio = f"{r['seconds_per_epoch'] / base['seconds_per_epoch']:.2f}x" if base and r is not base else ""
            gflops = f"{r['gflops']:.1f}" if "gflops" in r else ""
            print(f"| {workload} | {phase} | {r['implementation']} | {r['seconds_per_epoch']:.2f} | {r['min_seconds']:.2f} | {gflops} | {ratio} |")
print(f"\nMedian of {rows[0]['epochs']} epochs each. sparse: generated 18,846 x 2,000 CSR at 5% density, K = 20; mnist: 70,000 x 784, K = 10.")
print("Auto-encoder d-500-500-2000-K-2000-500-500-d, batches of 256, Adam; an epoch is ceil(n/256) batches.")
print("GFLOP/s counts the arithmetic dkm does (a sparse first layer costs its non-zeros only).")
print("The last column is the row's time over dkm's (dkm-bf16's for bf16 rows where dkm has one): above 1x, dkm is faster.")

if gemm:
    print("\n## The matrix products alone\n")
    print("| product | implementation | s (median) | fastest | GFLOP/s |")
    print("|---|---|---:|---:|---:|")
    for r in gemm:
        print(f"| {r['phase']} | {r['implementation']} | {r['seconds']:.3f} | {r['min_seconds']:.3f} | {r['gflops']:.1f} |")
    print("\nsquare-2048: one 2048 x 2048 x 2048 product. mnist-epoch-products: the dense products of one MNIST epoch")
    print("(274 batches of 256: forward, weight gradient, and input gradient except the first layer's), nothing else:")
    print("a floor under any implementation of that epoch with this arithmetic on this machine.")
    floors = [r for r in gemm if r["phase"] == "mnist-epoch-products"]
    floor = min(floors, key=lambda r: r["min_seconds"]) if floors else None
    torch_epoch = next((r for r in rows if r["workload"] == "mnist" and r["phase"] == "pretrain"
                        and r["implementation"].startswith("pytorch")), None)
    if floor and torch_epoch:
        print(f"PyTorch's MNIST pretraining epoch takes {torch_epoch['seconds_per_epoch']:.2f} s; three times faster would be "
              f"{torch_epoch['seconds_per_epoch'] / 3:.2f} s, while the products alone take {floor['min_seconds']:.2f} s at best "
              f"({floor['implementation']}'s fastest).")
