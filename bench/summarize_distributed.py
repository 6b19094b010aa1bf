"""Turns bench/distributed.sh's JSON lines into bench/results/distributed.md, with the projection
of an RCV1-v2 epoch (804,414 documents) on 8 and 64 ranks from the measured per-step compute
times and a ring all-reduce model of the stated networks."""
import json
import math
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]


def find(label, phase, ranks=None):
    for row in rows:
        if row["implementation"] == label and row["phase"] == phase and (ranks is None or row["ranks"] == ranks):
            return row
    raise SystemExit(f"missing measurement: {label} {phase} {ranks}")


def step_compute(row):
    """Seconds of compute (all-reduce excluded) per training step."""
    return row["seconds_per_epoch"] * (1 - row["allreduce_share"]) / row["steps_per_epoch"]


out = ["# Distributed training (MPI) on this machine", "",
       "`bench/distributed.sh` (release build; each rank one thread; 2 cores). Workload: 18,846 generated",
       "tf-idf rows, 2,000 terms, 5% non-zero, K = 20, auto-encoder "
       f"{rows[0]['architecture']}, global batch 256; median of {rows[0]['epochs']} epochs.", "",
       "| run | phase | s/epoch | speed-up vs 1 rank | all-reduce share of a step |", "|---|---|---|---|---|"]
for phase in ["pretrain", "finetune"]:
    one = find("dkm", phase, 1)
    for label, ranks, name in [("dkm", 1, "1 rank"), ("dkm", 2, "2 ranks"), ("dkm, 1 process, 2 threads", 1, "1 process, 2 threads (no MPI)")]:
        row = find(label, phase, ranks)
        share = f"{row['allreduce_share'] * 100:.1f}%" if row["ranks"] > 1 else "-"
        out.append(f"| {name} | {phase} | {row['seconds_per_epoch']:.2f} | {one['seconds_per_epoch'] / row['seconds_per_epoch']:.2f}x | {share} |")

two = find("dkm", "pretrain", 2)
gradient_bytes = 4 * two["gradient_floats"]
allreduce_here = two["seconds_per_epoch"] * two["allreduce_share"] / two["steps_per_epoch"]
out += ["", f"One step's fused all-reduce carries {two['gradient_floats']:,} floats ({gradient_bytes / 1e6:.1f} MB); "
        f"between 2 ranks on this machine (shared memory) it takes {allreduce_here * 1e3:.1f} ms.", ""]

# Projection.
documents, batch = 804_414, 256
steps = math.ceil(documents / batch)
compute = {256: step_compute(find("dkm", "pretrain", 1)), 32: step_compute(find("dkm, local batch 32", "pretrain")),
           4: step_compute(find("dkm, local batch 4", "pretrain"))}
networks = [("10 Gb/s Ethernet", 1.25e9, 20e-6), ("100 Gb/s InfiniBand", 12.5e9, 2e-6)]


def ring(ranks, bandwidth, latency):
    return 2 * (ranks - 1) / ranks * gradient_bytes / bandwidth + 2 * (ranks - 1) * latency


out += ["## Projection: one RCV1-v2 epoch (804,414 documents)", "",
        f"An epoch is {steps:,} steps of the global batch 256, whatever the number of ranks (synchronous SGD).",
        "Per step, a rank computes its 256 / P rows and then all-reduces the gradients:", "",
        "    epoch(P) = steps x (compute(256 / P) + allreduce(P)),  allreduce(P) = 2 (P-1)/P x bytes / bandwidth + 2 (P-1) x latency", "",
        "Measured here (one core each): compute per step at a local batch of "
        + ", ".join(f"{b}: {compute[b] * 1e3:.2f} ms" for b in [256, 32, 4]) + ".", "",
        "| ranks | local batch | compute / step | network | all-reduce / step | projected epoch | vs 1 rank |", "|---|---|---|---|---|---|---|"]
single = steps * compute[256]
out.append(f"| 1 | 256 | {compute[256] * 1e3:.2f} ms | - | - | {single / 60:.1f} min | 1x |")
for ranks in [8, 64]:
    local = batch // ranks
    for name, bandwidth, latency in networks:
        reduce = ring(ranks, bandwidth, latency)
        epoch = steps * (compute[local] + reduce)
        out.append(f"| {ranks} | {local} | {compute[local] * 1e3:.2f} ms | {name} | {reduce * 1e3:.2f} ms | "
                   f"{epoch / 60:.1f} min | {single / epoch:.1f}x |")
out += ["", "Assumptions: one rank per core, each core as fast as one core of this machine (AMD EPYC, AVX2);",
        "RCV1's top-2,000 tf-idf rows as dense as the generated ones (5%); the same auto-encoder with K = 4 instead",
        "of 20 (the gradient is then 0.1% smaller); a ring all-reduce at the stated bandwidth and per-message latency,",
        "with no overlap of communication and compute; reading and vectorizing excluded (they are done once, and",
        "each rank reads only its shard). The global batch stays at the paper's 256, so more ranks mean smaller",
        "local batches, whose matrix products run less efficiently (the measured compute per step shows by how much);",
        "a larger global batch would scale further but changes the optimization."]
print("\n".join(out))
