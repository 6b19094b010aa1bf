#!/usr/bin/env bash
# dkm's sentence encoder against sentence-transformers (PyTorch) on the same texts and thread
# count, side by side in one run: one-line titles (the 18,846 20 Newsgroups subject lines) and
# articles cut at the model's 256 tokens (the first 3,000 message bodies). Both read the same
# JSON Lines files; encode seconds are each tool's own, around its encode call only. Writes
# bench/results/encoder.md, with the largest difference between the two sets of embeddings.
#
#   bench/encoder.sh [20NEWS_ROOT]     (default ../shared/datasets/20news-bydate)
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-../shared/datasets/20news-bydate}
. bench/venv.sh
bench_venv "sentence_transformers, safetensors" sentence-transformers safetensors numpy
scripts/fetch-encoder
model=${DKM_MODELS:-$HOME/.local/share/dkm/models}/all-MiniLM-L6-v2
swift build -c release --product dkm >/dev/null
threads=${DKM_THREADS:-2}
export DKM_THREADS=$threads OMP_NUM_THREADS=$threads
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$venv/bin/python" - "$root" "$out" <<'PY'
import json, pathlib, re, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
files = sorted(p for p in root.rglob("*") if p.is_file())
titles, articles = [], []
for path in files:
    raw = path.read_bytes().decode("latin-1")
    head, _, body = raw.partition("\n\n")
    match = re.search(r"^Subject:(.*)$", head, re.MULTILINE)
    subject = re.sub(r"^(\s*(re|fwd?)\s*:)+", "", match.group(1) if match else "", flags=re.IGNORECASE).strip()
    if subject:
        titles.append(subject)
    if len(articles) < 3000 and len(body.split()) >= 300:
        articles.append(" ".join(body.split()[:400]))
for name, texts in (("titles", titles), ("articles", articles)):
    with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
        for text in texts:
            f.write(json.dumps({"text": text}) + "\n")
PY
rows=()
for name in titles articles; do
  "$venv/bin/python" bench/encoder_peer.py "$model" "$out/$name.jsonl" --threads "$threads" --out "$out/st-$name.npy" > "$out/st.json"
  for precision in fp32 int8; do
    .build/release/dkm embed "$out/$name.jsonl" --stop-words none --embedding-cache none --encoder-precision "$precision" \
      --out "$out/dkm-$name-$precision" --json > "$out/dkm.json"
    rows+=("$("$venv/bin/python" - "$out/dkm.json" "$out/st.json" "$out/dkm-$name-$precision/embeddings.safetensors" "$out/st-$name.npy" "$name" "$precision" <<'PY'
import json, sys
import numpy as np
from safetensors.numpy import load_file
dkm, st = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
a, b = load_file(sys.argv[3])["embeddings"], np.load(sys.argv[4])
cosine = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
both = dkm['readSeconds'] + dkm['encodeSeconds']
print(f"| {sys.argv[5]} | {sys.argv[6]} | {st['texts']:,} | {st['tokens']:,} | {dkm['encodeSeconds']:.1f} | {both:.1f} | {st['encode_seconds']:.1f} | "
      f"{st['encode_seconds'] / both:.2f}x | {cosine.mean():.5f} | {cosine.min():.5f} | {np.abs(a - b).max():.1e} |")
PY
)")
  done
done
commit=$(git rev-parse --short HEAD)
{
  echo "# Sentence encoder: dkm against sentence-transformers"
  echo
  echo "\`bench/encoder.sh\`, commit $commit, $(nproc) cores, $threads threads each, all-MiniLM-L6-v2:"
  echo "sentence-transformers in fp32, dkm in fp32 and with \`--encoder-precision int8\` (8-bit activations"
  echo "where the CPU has VNNI, 7-bit without; VNNI here: $(grep -q avx512_vnni /proc/cpuinfo && echo yes || echo no)${DNNL_MAX_CPU_ISA:+, but oneDNN limited to $DNNL_MAX_CPU_ISA})."
  echo
  echo "| texts | dkm precision | count | tokens | dkm encode s | dkm read + encode s | sentence-transformers encode s | ST / dkm (read + encode) | mean cosine to ST | lowest | largest difference |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Encode seconds around each tool's encode call; model loading not included. dkm tokenizes while it"
  echo "reads the file (with its tf-idf), so its ratio counts reading too. sentence-transformers: encode(batch_size=32), its length"
  echo "sorting; dkm: batches of at most 8,192 tokens packed end to end, no padding. Titles: the 20"
  echo "Newsgroups subject lines; articles: the first 3,000 message bodies of 300 words or more, cut"
  echo "at 400 words (the model reads 256 tokens)."
} > bench/results/encoder.md
cat bench/results/encoder.md
