#!/usr/bin/env bash
# Ingestion of all 18,846 raw 20 Newsgroups messages (read, tokenize, vectorize to 2,000
# tf-idf terms), dkm vectorize beside scikit-learn's TfidfVectorizer in one run, with wall
# time and peak memory (maximum resident set size). Writes bench/results/ingest.md.
#
#   bench/ingest.sh [20NEWS_ROOT]     (default ../shared/datasets/20news-bydate)
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-../shared/datasets/20news-bydate}
. bench/venv.sh
bench_venv sklearn scikit-learn
swift build -c release --product dkm >/dev/null
out=$(mktemp -d)
measure() {  # prints "seconds peak_kib" of the command
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/stdout" 2>"$out/stderr"
  cat "$out/time"
}
read -r dkm_seconds dkm_kib < <(measure .build/release/dkm vectorize "$root" --out "$out/vectors")
dkm_line=$(cat "$out/stdout")
read -r sk_seconds sk_kib < <(measure "$venv/bin/python" bench/ingest_sklearn.py "$root")
sk_json=$(cat "$out/stdout")
commit=$(git rev-parse --short HEAD)
{
  echo "# Ingestion: dkm vectorize vs scikit-learn"
  echo
  echo "\`bench/ingest.sh\`, commit $commit, $(nproc) cores, 18,846 raw messages, 2,000 terms."
  echo
  echo "| implementation | wall seconds | peak memory (MiB) | time / dkm's |"
  echo "|---|---:|---:|---:|"
  echo "| dkm vectorize (ICU tokens; includes writing the Matrix Market files) | $dkm_seconds | $((dkm_kib / 1024)) | |"
  echo "| scikit-learn TfidfVectorizer(max_features=2000) | $sk_seconds | $((sk_kib / 1024)) | $(python3 -c "print(f'{$sk_seconds / $dkm_seconds:.2f}x')") |"
  echo
  echo "dkm: $dkm_line"
  echo "scikit-learn: $sk_json"
  echo
  echo "Wall seconds and peak resident memory from /usr/bin/time, process start to exit (Python's"
  echo "start-up and imports included for scikit-learn). The tokenizations differ: scikit-learn's"
  echo "pattern \\b\\w\\w+\\b against ICU word breaks with NFKC case folding."
} > bench/results/ingest.md
cat bench/results/ingest.md
rm -rf "$out"
