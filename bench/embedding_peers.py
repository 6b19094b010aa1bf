"""The peers a user of sentence embeddings reaches for, on the documents dkm clusters:
sentence-transformers' all-MiniLM-L6-v2 with k-means (scikit-learn), and BERTopic (UMAP and
HDBSCAN on the same embeddings, topics reduced to K + 1 with `nr_topics`). Used by
bench/quality.py.

Each peer reads the documents itself, in dkm's order (the ids `dkm vectorize` lists are paths
under the corpus folder): a newsgroup message without its header lines, any other file as it
is. The embeddings are made once per corpus and kept beside the corpus's vectors.
"""
import time
from pathlib import Path

import numpy as np

MODEL = Path.home() / ".local/share/dkm/models/all-MiniLM-L6-v2"


def texts(root, ids, newsgroups):
    """The text of each document `ids` names under `root` (a message's body for newsgroups)."""
    found = []
    for document in ids:
        raw = (Path(root) / document).read_bytes().decode("utf-8", errors="replace")
        if newsgroups:
            raw = raw.replace("\r\n", "\n").partition("\n\n")[2] or raw
        found.append(raw)
    return found


def embeddings(folder, documents, model=MODEL):
    """all-MiniLM-L6-v2 embeddings of `documents` (sentence-transformers, batch 32, normalized
    as its modules say), cached in `folder`/st-embeddings.npy; with the seconds they took."""
    cached = Path(folder) / "st-embeddings.npy"
    if cached.exists():
        rows = np.load(cached)
        if rows.shape[0] == len(documents):
            return rows, None
    from sentence_transformers import SentenceTransformer
    encoder = SentenceTransformer(str(model), device="cpu")
    started = time.time()
    rows = encoder.encode(documents, batch_size=32, convert_to_numpy=True)
    seconds = time.time() - started
    np.save(cached, rows)
    return rows, seconds


def kmeans(rows, k, seed):
    """scikit-learn's k-means (k-means++, n_init 10) on the embeddings."""
    from sklearn.cluster import KMeans
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(rows)


def bertopic(documents, rows, k, seed):
    """BERTopic's topics with nr_topics = K + 1 (its outlier topic -1 counts as one more
    cluster), UMAP seeded; returns the topics and the share of outliers."""
    from bertopic import BERTopic
    from umap import UMAP
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    model = BERTopic(umap_model=umap, nr_topics=k + 1, calculate_probabilities=False, verbose=False)
    topics, _ = model.fit_transform(documents, rows)
    topics = np.asarray(topics)
    return topics, float((topics == -1).mean())
