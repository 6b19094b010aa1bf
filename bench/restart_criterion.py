"""Could restarts scored without labels beat one run? For each corpus and seed, runs the default
`dkm cluster` with --out, then reads what a user also has: the last fine-tuning epoch's
reconstruction and clustering losses (with lambda, the objective DKM minimizes), the cosine
silhouette of the final embedding and the balance of cluster sizes (entropy / log K). Prints their
rank correlations with ACC and NMI over the seeds, and the ACC / NMI that picking the run of
lowest objective among every 2 or 3 seeds would give, against the mean of single runs.

    bench/.venv/bin/python bench/restart_criterion.py [--corpus NAME-PART]... [--work DIR]

Uses bench/quality.py's corpora and seeds (the paper's first five). Runs are kept in
--work/criterion/<corpus>-<seed>, so a second call only analyses.
"""
import argparse
import csv
import itertools
import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import silhouette_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality  # noqa: E402

DEFAULT_CORPORA = ["comp.* (5", "Debian package descriptions (6", "sci.*"]


def embedding(path):
    """The `embeddings` tensor of a safetensors file (float32, row-major)."""
    raw = path.read_bytes()
    length = struct.unpack("<Q", raw[:8])[0]
    tensor = json.loads(raw[8:8 + length])["embeddings"]
    start, end = tensor["data_offsets"]
    return np.frombuffer(raw[8 + length + start:8 + length + end], dtype=np.float32).reshape(tensor["shape"])


def measure(folder):
    report = json.loads((folder / "clusters.json").read_text())
    clusters = np.array([int(row["cluster"]) for row in csv.DictReader(open(folder / "assignments.csv"))])
    points = embedding(folder / "embeddings.safetensors")
    sample = np.random.default_rng(0).choice(len(points), min(3000, len(points)), replace=False)
    last = [record for record in report["history"] if record.get("clusteringLoss") is not None][-1]
    shares = np.array([cluster["size"] for cluster in report["summary"]["clusters"] if cluster["size"] > 0]) / len(clusters)
    scores = report["summary"]["scores"]
    return {"acc": 100 * scores["acc"], "nmi": 100 * scores["nmi"],
            "objective": last["reconstructionLoss"] + report["settings"]["lambda"] * last["clusteringLoss"],
            "reconstruction": last["reconstructionLoss"], "clustering": last["clusteringLoss"],
            "silhouette": silhouette_score(points[sample], clusters[sample], metric="cosine"),
            "balance": float(-(shares * np.log(shares)).sum() / np.log(max(len(shares), 2)))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", action="append", help="corpora whose name contains this (default: comp.*, Debian, sci.* + rec.*)")
    parser.add_argument("--data", default=str(quality.REPO.parent / "shared/datasets"))
    parser.add_argument("--work", default=str(quality.REPO / "bench/results/tmp/quality"))
    options = parser.parse_args()
    work = Path(options.work)
    known = quality.corpora(Path(options.data), work)
    parts = options.corpus or DEFAULT_CORPORA
    names = [name for name in known if any(part in name for part in parts)]
    for name in names:
        k, arguments, prepare, _ = known[name]
        if prepare:
            prepare()
        runs = []
        for seed in quality.SEEDS:
            folder = work / "criterion" / f"{re.sub('[^a-z0-9]+', '-', name.lower()).strip('-')}-{seed}"
            if not (folder / "clusters.json").exists():
                subprocess.run([str(quality.DKM), "cluster", *arguments, "--k", str(k), "--seed", str(seed), "--quiet",
                                "--map", "pca", "--pretrained-cache", str(work / "pretrained"), "--out", str(folder)],
                               check=True, stdout=subprocess.DEVNULL)
            runs.append(measure(folder))
        print(f"## {name}")
        for seed, run in zip(quality.SEEDS, runs):
            print(f"seed {seed}: ACC {run['acc']:.1f} NMI {run['nmi']:.1f} objective {run['objective']:.4f} "
                  f"silhouette {run['silhouette']:.3f} balance {run['balance']:.3f}")
        for criterion in ["objective", "reconstruction", "clustering", "silhouette", "balance"]:
            values = [run[criterion] for run in runs]
            print(f"rank correlation of {criterion}: with ACC {spearmanr(values, [r['acc'] for r in runs])[0]:+.2f}, "
                  f"with NMI {spearmanr(values, [r['nmi'] for r in runs])[0]:+.2f}")
        mean = lambda key, chosen: sum(runs[i][key] for i in chosen) / len(chosen)  # noqa: E731
        print(f"one run: ACC {mean('acc', range(len(runs))):.1f} NMI {mean('nmi', range(len(runs))):.1f}")
        for restarts in (2, 3):
            picked = [min(group, key=lambda i: runs[i]["objective"]) for group in itertools.combinations(range(len(runs)), restarts)]
            print(f"lowest objective of {restarts} runs (every group of seeds): ACC {mean('acc', picked):.1f} NMI {mean('nmi', picked):.1f}")
        print()


if __name__ == "__main__":
    main()
