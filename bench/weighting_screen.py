"""Screens term weightings with scikit-learn before any deep run (docs/experiments/round-07.md).

Reads the rows `dkm vectorize` wrote (matrix.mtx, labels.txt, idf.txt), reweighs them and
reports ACC / NMI of k-means and of LSA (TruncatedSVD to 100, rows normalized) + k-means, with
n_init=1 and random_state 0 and 1:

    dkm vectorize CORPUS ... --out ROWS
    bench/.venv/bin/python bench/weighting_screen.py ROWS plain idf2 sqrt sqrt-idf maxdf0.2
"""
import sys

import numpy as np
from scipy.io import mmread
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import normalized_mutual_info_score
from sklearn.preprocessing import normalize

from peer_common import accuracy


def weighed(rows, idf, name):
    """plain: tf-idf; idf2: times idf again; sqrt: square root; sqrt-idf: square root times idf;
    maxdfF: terms in more than the fraction F of the documents dropped. Rows normalized again."""
    result = rows.copy()
    if name in ("sqrt", "sqrt-idf"):
        result.data = np.sqrt(result.data)
    if name in ("idf2", "sqrt-idf"):
        result = result.multiply(idf[None, :]).tocsr()
    if name.startswith("maxdf"):
        share = (rows > 0).sum(0).A1 / rows.shape[0]
        result = result[:, share <= float(name[5:])]
    elif name not in ("plain", "sqrt", "idf2", "sqrt-idf"):
        raise SystemExit(f"unknown weighting {name}")
    return normalize(result)


def main():
    folder, names = sys.argv[1], sys.argv[2:]
    rows = mmread(folder + "/matrix.mtx").tocsr().astype(np.float64)
    labels = open(folder + "/labels.txt").read().split("\n")[:rows.shape[0]]
    idf = np.array([float(value) for value in open(folder + "/idf.txt").read().split()])
    _, truth = np.unique(labels, return_inverse=True)
    k = len(set(truth))
    for name in names:
        data = weighed(rows, idf, name)
        for seed in (0, 1):
            plain = KMeans(k, n_init=1, random_state=seed).fit_predict(data)
            lsa = normalize(TruncatedSVD(100, random_state=seed).fit_transform(data))
            peer = KMeans(k, n_init=1, random_state=seed).fit_predict(lsa)
            print(f"{name:10s} seed {seed}: k-means {100 * accuracy(truth, plain):.1f} / "
                  f"{100 * normalized_mutual_info_score(truth, plain):.1f}, LSA + k-means "
                  f"{100 * accuracy(truth, peer):.1f} / {100 * normalized_mutual_info_score(truth, peer):.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
