"""The peers of bench/pipeline.sh on the raw 20 Newsgroups messages (both splits, latin-1,
in path order), from reading the files to clusters. Prints one JSON line.

    python bench/pipeline_peers.py ROOT --peer sklearn|clustpy [--seed N]

sklearn: TfidfVectorizer(max_features=2000) + KMeans(20, n_init=10), what a scikit-learn user
would run. clustpy: the same tf-idf rows (dense), then ClustPy's DKM set up as the paper's DKMp
on 20NEWS: d-500-500-2000-20 ReLU auto-encoder, 50 pretraining epochs, 50 epochs at alpha 1000,
lambda 0.1, batches of 256, Adam at 1e-3."""
import argparse
import json
import os
import resource
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from peer_common import accuracy, read_newsgroups


def read(root):
    texts, groups = read_newsgroups(root)
    names = sorted(set(groups))
    return texts, np.array([names.index(group) for group in groups])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--peer", choices=["sklearn", "clustpy", "st-kmeans"], required=True)
    parser.add_argument("--seed", type=int, default=8905)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.peer == "st-kmeans":
        return sentence_transformers_kmeans(args.root, args.seed, started)
    texts, truth = read(args.root)
    matrix = TfidfVectorizer(max_features=2000).fit_transform(texts)
    if args.peer == "sklearn":
        found = KMeans(n_clusters=20, n_init=10, random_state=args.seed).fit_predict(matrix)
        name = "scikit-learn TfidfVectorizer(max_features=2000) + KMeans(20, n_init=10)"
    else:
        import torch
        from clustpy.deep import DKM
        from clustpy.deep.neural_networks import FeedforwardAutoencoder
        torch.set_num_threads(int(os.environ.get("DKM_THREADS", "2")))
        dense = matrix.toarray().astype(np.float32)
        model = DKM(n_clusters=20, alphas=(1000,), batch_size=256,
                    pretrain_optimizer_params={"lr": 1e-3}, clustering_optimizer_params={"lr": 1e-3},
                    pretrain_epochs=50, clustering_epochs=50,
                    neural_network=(FeedforwardAutoencoder, {"layers": [dense.shape[1], 500, 500, 2000, 20],
                                                              "activation_fn": torch.nn.ReLU}),
                    embedding_size=20, clustering_loss_weight=0.1, ssl_loss_weight=1.0,
                    initial_clustering_params={"n_init": 10}, device="cpu", random_state=args.seed)
        model.fit(dense)
        found = np.asarray(model.dkm_labels_)
        name = "ClustPy DKM (paper's DKMp settings) on scikit-learn's tf-idf"
    seconds = time.perf_counter() - started
    print(json.dumps({"implementation": name, "documents": len(texts), "acc": accuracy(truth, found),
                      "nmi": normalized_mutual_info_score(truth, found), "seconds": round(seconds, 1),
                      "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def sentence_transformers_kmeans(path, seed, started):
    """all-MiniLM-L6-v2 (sentence-transformers, batch 32) + KMeans(20, n_init=10) on the texts of a
    JSON Lines file of {"text", "label"} records."""
    import torch
    from embedding_peers import MODEL
    torch.set_num_threads(int(os.environ.get("DKM_THREADS", "2")))
    records = [json.loads(line) for line in open(path, encoding="utf-8")]
    names = sorted({r["label"] for r in records})
    truth = np.array([names.index(r["label"]) for r in records])
    from sentence_transformers import SentenceTransformer
    rows = SentenceTransformer(str(MODEL), device="cpu").encode([r["text"] for r in records], batch_size=32)
    found = KMeans(n_clusters=len(names), n_init=10, random_state=seed).fit_predict(rows)
    print(json.dumps({"implementation": "sentence-transformers all-MiniLM-L6-v2 + KMeans(20, n_init=10)", "documents": len(records),
                      "acc": accuracy(truth, found), "nmi": normalized_mutual_info_score(truth, found),
                      "seconds": round(time.perf_counter() - started, 1),
                      "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
