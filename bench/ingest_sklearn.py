"""scikit-learn's TfidfVectorizer(max_features=2000) on the raw 20 Newsgroups files, as the
reference code featurized them: read every file (latin-1), fit and transform. Prints JSON."""
import json
import resource
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer

from peer_common import read_newsgroups

root = sys.argv[1]
start = time.perf_counter()
texts, _ = read_newsgroups(root)
read = time.perf_counter() - start
matrix = TfidfVectorizer(max_features=2000).fit_transform(texts)
total = time.perf_counter() - start
print(json.dumps({"implementation": "scikit-learn TfidfVectorizer(max_features=2000)", "documents": matrix.shape[0],
                  "terms": matrix.shape[1], "nonzeros": int(matrix.nnz), "seconds": round(total, 2),
                  "read_seconds": round(read, 2), "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
