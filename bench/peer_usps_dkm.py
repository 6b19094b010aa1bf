"""DKMp on USPS with a peer implementation (ClustPy's DKM), set up as the paper's DKMp: the
d-500-500-2000-10 ReLU auto-encoder, 50 pretraining epochs, k-means++ (10 restarts) on the
embedding, 100 epochs at alpha = 1000, batches of 256, Adam at 1e-3. ClustPy's reconstruction
loss, like the paper's g, sums the squared errors over the pixels and averages over the batch,
so its clustering weight is lambda itself. Differences that remain: PyTorch's default layer
initialization (not Glorot), and a fresh Adam for the clustering phase.

Prints one JSON line per seed: test-split ACC and NMI of the DKM assignment, as dkm scores it.

    python bench/peer_usps_dkm.py --lambda 0.001 --seeds 8905,9129
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
from clustpy.deep import DKM
from clustpy.deep.neural_networks import FeedforwardAutoencoder
from sklearn.metrics import normalized_mutual_info_score

from peer_common import accuracy


def read_usps(folder):
    """ESL zip.train.gz rows then zip.test.gz rows: the digit, then 256 values in [-1, 1]."""
    rows = []
    for name in ("zip.train.gz", "zip.test.gz"):
        with gzip.open(f"{folder}/{name}", "rt") as f:
            rows += [line.split() for line in f if line.strip()]
    labels = np.array([int(float(r[0])) for r in rows])
    data = np.array([[float(v) for v in r[1:]] for r in rows], dtype=np.float32)
    return data, labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/datasets/usps")
    parser.add_argument("--split", default="../shared/datasets/reference-splits/usps/test")
    parser.add_argument("--lambda", dest="lam", type=float, default=1e-3)
    parser.add_argument("--seeds", default="8905,9129")
    parser.add_argument("--pretrain-epochs", type=int, default=50)
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args()
    torch.set_num_threads(1)
    data, labels = read_usps(args.data)
    test = np.array([int(line) for line in open(args.split) if line.strip()])
    for seed in (int(s) for s in args.seeds.split(",")):
        start = time.time()
        model = DKM(n_clusters=10, alphas=(1000,), batch_size=256,
                    pretrain_optimizer_params={"lr": 1e-3}, clustering_optimizer_params={"lr": 1e-3},
                    pretrain_epochs=args.pretrain_epochs, clustering_epochs=args.epochs,
                    neural_network=(FeedforwardAutoencoder, {"layers": [256, 500, 500, 2000, 10],
                                                              "activation_fn": torch.nn.ReLU}),
                    embedding_size=10, clustering_loss_weight=args.lam, ssl_loss_weight=1.0,
                    initial_clustering_params={"n_init": 10}, device="cpu", random_state=seed)
        model.fit(data)
        predicted = np.asarray(model.dkm_labels_)[test]
        print(json.dumps({"implementation": "clustpy-0.0.3", "method": "dkm-p", "dataset": "usps", "seed": seed,
                          "lambda": args.lam, "test_acc": accuracy(labels[test], predicted),
                          "test_nmi": normalized_mutual_info_score(labels[test], predicted),
                          "seconds": time.time() - start}), flush=True)


if __name__ == "__main__":
    main()
