#!/usr/bin/env bash
# Scale: a generated corpus of DOCS documents (default 200,000; bench/generate_corpus.py) is
# ingested (read, ICU-tokenized, 2,000 tf-idf terms, CSR) and trained for one pretraining
# epoch and one DKM epoch by `dkm cluster`, with the whole process's wall time and peak
# resident memory from /usr/bin/time. The target is a peak under 2 GiB. Writes
# bench/results/scale.md.
#
#   bench/scale.sh [DOCS]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-200000}
swift build -c release --product dkm >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
python3 bench/generate_corpus.py "$work/corpus" --documents "$docs" --topics 20 --seed 1
generated=$(( $(date +%s) - start ))
bytes=$(du -sb "$work/corpus" | cut -f1)
/usr/bin/time -f "%e %M" -o "$work/time" .build/release/dkm cluster "$work/corpus" --labels subfolder --k 20 \
  --method dkm-p --pretrain-epochs 1 --epochs 1 --quiet --out "$work/run" > "$work/stdout" 2> "$work/stderr" || {
  cat "$work/stderr" >&2; exit 1; }
read -r seconds kib < "$work/time"
scores=$(grep -E "^ACC|ACC" "$work/stdout" | head -1 || true)
{
  echo "# Scale: $docs generated documents, ingestion and one epoch"
  echo
  echo "\`bench/scale.sh $docs\`, commit $(git rev-parse --short HEAD), $(nproc) cores, $(date -u +%Y-%m-%d)."
  echo
  echo "| documents | corpus size (MiB) | command wall seconds | peak resident memory (MiB) | target |"
  echo "|---:|---:|---:|---:|---|"
  echo "| $docs | $((bytes / 1048576)) | $seconds | $((kib / 1024)) | < 2048 MiB: $([ $((kib / 1024)) -lt 2048 ] && echo met || echo NOT met) |"
  echo
  echo "Command: \`dkm cluster CORPUS --labels subfolder --k 20 --method dkm-p --pretrain-epochs 1 --epochs 1 --out RUN\`"
  echo "(reading, tokenizing, vectorizing, one pretraining epoch, k-means++ on the embedding, one DKM"
  echo "epoch, then clusters.json, assignments.csv, the model and report.html). Generating the corpus"
  echo "took $generated s and is not counted."
  echo
  echo "Scores on the generated topics: ${scores:-(not printed)}"
} > bench/results/scale.md
cat bench/results/scale.md
