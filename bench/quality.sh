#!/usr/bin/env bash
# Cluster quality of the default `dkm cluster` against --method km, the paper's AE-KM and DKMp,
# and LSA + k-means (scikit-learn), over 5 seeds on many families of corpora: news, newsgroups
# and their fine-grained subsets, short texts, software descriptions, digits and clothing images;
# with all-MiniLM-L6-v2 (--encoder) beside sentence-transformers + k-means and BERTopic.
# Writes bench/results/quality.md (runs are kept in bench/results/tmp/quality/runs.jsonl, so an
# interrupted run continues where it stopped).
#
#   bench/quality.sh [--quick] [--corpus NAME-PART]... [--seeds N] [--config NAME=ARGS]...
#
# --quick: four corpora (sample, comp.*, Debian descriptions, USPS), two seeds (about 40 minutes).
# One seed of the default over every corpus takes about 17 minutes on 2 cores (e06471e), so
# --only default --only km --only "LSA + k-means (scikit-learn)" over 5 seeds is about 1 h 30 min;
# the paper's methods (on 2 seeds) add to that.
# Data sets are read from ../shared/datasets (--data DIR to change).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/venv.sh
bench_venv "sklearn, scipy, sentence_transformers, bertopic" scikit-learn scipy sentence-transformers bertopic
scripts/fetch-encoder
swift build -c release --product dkm >/dev/null
exec "$venv/bin/python" bench/quality.py "$@"
