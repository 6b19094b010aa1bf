#!/usr/bin/env python3
"""Loads a dkm model with Python's `safetensors` and checks it independently: the tensors have
the shapes model.json describes, a numpy forward pass of the encoder over the corpus rows
(from `dkm vectorize`) gives the embeddings dkm wrote in embeddings.safetensors and assigns
every document to the cluster dkm wrote in assignments.csv, and topic_info.csv loads in pandas
with BERTopic's columns.

    check-safetensors.py RUN_DIR VECTORS_DIR
"""
import csv
import json
import sys

import numpy as np
import pandas as pd
from safetensors.numpy import load_file

run, vectors = sys.argv[1], sys.argv[2]
description = json.load(open(f"{run}/model/model.json"))
tensors = load_file(f"{run}/model/weights.safetensors")
architecture = description["architecture"]
sizes = [architecture["inputSize"]] + architecture["hiddenSizes"] + [architecture["embeddingSize"]]
depth = len(sizes) - 1
# Format 2 stores each weight as torch.nn.Linear does, output x input (format 1: input x output).
transposed = description["format"] >= 2
for i in range(depth):
    expected = (sizes[i + 1], sizes[i]) if transposed else (sizes[i], sizes[i + 1])
    assert tensors[f"layers.{i}.weight"].shape == expected, f"layers.{i}.weight"
    assert tensors[f"layers.{i}.bias"].shape == (sizes[i + 1],), f"layers.{i}.bias"
    assert tensors[f"layers.{i}.weight"].dtype == np.float32
assert tensors["representatives"].shape == (description["clusterCount"], sizes[-1])

with open(f"{vectors}/matrix.mtx") as f:
    lines = [l for l in f if not l.startswith("%")]
rows, columns, _ = map(int, lines[0].split())
x = np.zeros((rows, columns), dtype=np.float32)
for line in lines[1:]:
    r, c, v = line.split()
    x[int(r) - 1, int(c) - 1] = np.float32(v)
assert columns == architecture["inputSize"], "vocabulary size differs from the model's input"

h = x
for i in range(depth):
    weight = tensors[f"layers.{i}.weight"]
    h = h @ (weight.T if transposed else weight) + tensors[f"layers.{i}.bias"]
    if i < depth - 1:
        h = np.maximum(h, 0)
embeddings = load_file(f"{run}/embeddings.safetensors")["embeddings"]
assert embeddings.shape == h.shape, f"embeddings {embeddings.shape}, encoder output {h.shape}"
gap = np.abs(embeddings - h).max() / max(np.abs(h).max(), 1e-12)
assert gap < 1e-4, f"embeddings differ from the encoder output by {gap:.2e} of its largest value"

topics = pd.read_csv(f"{run}/topic_info.csv")
assert list(topics.columns) == ["Topic", "Count", "Name", "Representation", "Decoder_Terms", "Representative_Docs"]
assert topics["Count"].sum() == rows and len(topics) == description["clusterCount"]
assert all(isinstance(json.loads(cell), list) for cell in topics["Representation"])

r = tensors["representatives"]
if description["distance"] == "cosine":  # f = 1 - cos(h, r), the recommended preset's for text
    unit = lambda m: m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-8)
    distances = 1 - unit(h.astype(np.float64)) @ unit(r.astype(np.float64)).T
else:  # f = squared Euclidean distance, the paper's
    distances = ((h[:, None, :] - r[None, :, :]) ** 2).sum(axis=2)
ours = distances.argmin(axis=1)
theirs = np.array([int(row["cluster"]) for row in csv.DictReader(open(f"{run}/assignments.csv"))])
agree = (ours == theirs).mean()
print(f"safetensors: {len(tensors)} tensors loaded; embeddings match to {gap:.1e}; topic_info.csv: {len(topics)} topics; "
      f"numpy assignments agree with dkm's on {agree:.1%} of {rows} documents")
sys.exit(0 if agree == 1.0 else 1)
