"""What the Python peers of the benchmarks share: the raw 20 Newsgroups messages as the reference
code read them, and clustering accuracy as dkm scores it."""
import os

import numpy as np
from scipy.optimize import linear_sum_assignment


def read_newsgroups(root):
    """Every message of both splits (latin-1), in path order, with its newsgroup's name."""
    texts, groups = [], []
    for split in ("20news-bydate-train", "20news-bydate-test"):
        for group in sorted(os.listdir(os.path.join(root, split))):
            folder = os.path.join(root, split, group)
            for name in sorted(os.listdir(folder)):
                with open(os.path.join(folder, name), encoding="latin1") as f:
                    texts.append(f.read())
                groups.append(group)
    return texts, groups


def accuracy(truth, predicted):
    """The share of points in their cluster's best-matching class (one class per cluster)."""
    table = np.zeros((predicted.max() + 1, truth.max() + 1), dtype=np.int64)
    np.add.at(table, (predicted, truth), 1)
    rows, columns = linear_sum_assignment(-table)
    return table[rows, columns].sum() / len(truth)
