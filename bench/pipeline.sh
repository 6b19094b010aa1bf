#!/usr/bin/env bash
# Time to clusters on 20 Newsgroups (all 18,846 raw messages, K = 20): the whole default
# `dkm cluster` (reading the archive, vectorizing, training, final pass, map, every output file)
# beside scikit-learn's TfidfVectorizer + KMeans and ClustPy's DKM on the same messages, one
# after the other in one run, with wall time, peak memory and ACC / NMI against the newsgroups.
# Writes bench/results/pipeline.md, with dkm's wall time per phase (clusters.json's timings)
# and its progress lines; then the same for short texts, the 18,846 subject lines (K = 20):
# the default (which embeds them with all-MiniLM-L6-v2: first run, and again from the embedding
# cache), the tf-idf rows alone (--encoder none), and sentence-transformers + k-means.
#
#   bench/pipeline.sh [--no-clustpy] [20NEWS_ROOT]     (default ../shared/datasets/20news-bydate)
set -euo pipefail
cd "$(dirname "$0")/.."
clustpy=yes
[ "${1:-}" = --no-clustpy ] && { clustpy=no; shift; }
root=${1:-../shared/datasets/20news-bydate}
. bench/venv.sh
bench_venv "sklearn, scipy" scikit-learn scipy numpy
if [ "$clustpy" = yes ]; then bench_venv "clustpy, torch" torch clustpy==0.0.3; fi
if ! "$venv/bin/python" -c "import sentence_transformers" 2>/dev/null; then
  "$venv/bin/pip" install -q sentence-transformers
fi
scripts/fetch-encoder
swift build -c release --product dkm >/dev/null
export DKM_THREADS=${DKM_THREADS:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() {  # runs the command, stdout to $out/stdout; prints "seconds peak_kib"
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/stdout" 2>"$out/stderr"
  cat "$out/time"
}
read -r dkm_seconds dkm_kib < <(measure .build/release/dkm cluster corpora/20news-bydate.tar.gz --k 20 --json --out "$out/run")
cp "$out/stdout" "$out/dkm.json"
grep -v '^$' "$out/stderr" | tr '\r' '\n' > "$out/progress"
read -r sk_seconds sk_kib < <(measure "$venv/bin/python" bench/pipeline_peers.py "$root" --peer sklearn)
cp "$out/stdout" "$out/sklearn.json"
if [ "$clustpy" = yes ]; then
  read -r cp_seconds cp_kib < <(measure "$venv/bin/python" bench/pipeline_peers.py "$root" --peer clustpy)
  cp "$out/stdout" "$out/clustpy.json"
fi
# Short texts: the subject lines as JSON Lines with their newsgroup.
"$venv/bin/python" - "$root" "$out/titles.jsonl" <<'PY'
import json, pathlib, re, sys
root = pathlib.Path(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for split in ("20news-bydate-train", "20news-bydate-test"):
        for group in sorted(p.name for p in (root / split).iterdir()):
            for path in sorted((root / split / group).iterdir()):
                head = path.read_bytes().decode("latin-1").split("\n\n", 1)[0]
                match = re.search(r"^Subject:(.*)$", head, re.MULTILINE)
                subject = re.sub(r"^(\s*(re|fwd?)\s*:)+", "", match.group(1) if match else "", flags=re.IGNORECASE).strip()
                if subject:
                    f.write(json.dumps({"text": subject, "label": group}) + "\n")
PY
short=(.build/release/dkm cluster "$out/titles.jsonl" --label-column label --k 20 --json --no-out --quiet --embedding-cache "$out/cache")
read -r first_seconds first_kib < <(measure "${short[@]}"); cp "$out/stdout" "$out/short-first.json"
read -r cached_seconds cached_kib < <(measure "${short[@]}"); cp "$out/stdout" "$out/short-cached.json"
read -r tfidf_seconds tfidf_kib < <(measure "${short[@]}" --encoder none); cp "$out/stdout" "$out/short-tfidf.json"
read -r st_seconds st_kib < <(measure "$venv/bin/python" bench/pipeline_peers.py "$out/titles.jsonl" --peer st-kmeans)
cp "$out/stdout" "$out/short-st.json"
echo "$first_seconds $first_kib $cached_seconds $cached_kib $tfidf_seconds $tfidf_kib $st_seconds $st_kib" > "$out/short-times"
"$venv/bin/python" - "$dkm_seconds" "$dkm_kib" "$sk_seconds" "$sk_kib" "${cp_seconds:-}" "${cp_kib:-}" \
  "$(git rev-parse --short HEAD)" "$out" <<'PY' > bench/results/pipeline.md
import json, os, sys
dkm_s, dkm_k, sk_s, sk_k, cp_s, cp_k, commit, out = sys.argv[1:9]
def last_json(path):  # ClustPy prints its own progress on stdout before the result line
    return json.loads([line for line in open(path) if line.startswith("{")][-1])
dkm = json.load(open(f"{out}/dkm.json"))
sk = last_json(f"{out}/sklearn.json")
cp = last_json(f"{out}/clustpy.json") if os.path.exists(f"{out}/clustpy.json") else None
progress = f"{out}/progress"
scores = dkm["summary"]["scores"]
print("# Time to clusters: 20 Newsgroups, K = 20\n")
print(f"`bench/pipeline.sh`, commit {commit}, {os.cpu_count()} cores, DKM_THREADS={os.environ.get('DKM_THREADS')}; "
      "all 18,846 messages (dkm leaves out header lines but the Subject, and signatures, by default; the peers read them raw); ACC / NMI in % over all messages against the 20 newsgroups.\n")
print("| pipeline | wall seconds | peak memory (MiB) | ACC | NMI |")
print("|---|---:|---:|---:|---:|")
print(f"| dkm cluster corpora/20news-bydate.tar.gz --k 20 (default) | {float(dkm_s):.0f} | {int(dkm_k) / 1024:.0f} | "
      f"{100 * scores['acc']:.1f} | {100 * scores['nmi']:.1f} |")
print(f"| {sk['implementation']} | {float(sk_s):.0f} | {int(sk_k) / 1024:.0f} | {100 * sk['acc']:.1f} | {100 * sk['nmi']:.1f} |")
if cp:
    print(f"| {cp['implementation']} | {float(cp_s):.0f} | {int(cp_k) / 1024:.0f} | {100 * cp['acc']:.1f} | {100 * cp['nmi']:.1f} |")
print("\nWall seconds and peak resident memory from /usr/bin/time, process start to exit (Python's start-up")
print("and imports included). dkm reads the archive; the peers read the same messages from the unpacked tree.")
print("\n## dkm's wall time per phase (clusters.json `timings`)\n")
print("| phase | seconds |")
print("|---|---:|")
for timing in dkm.get("timings", []):
    print(f"| {timing['phase']} | {timing['seconds']:.1f} |")
print("\nA phase nested in another (pretrain and fine-tune in train) comes before it; writing the")
print("files comes after clusters.json is made, so only the process's wall time above includes it.")
print("\n## dkm's progress lines (stderr)\n\n```")
lines = [l.strip() for l in open(progress) if l.strip()]
print("\n".join(lines[-40:]))
print("```")
times = open(f"{out}/short-times").read().split()
print("\n## Short texts: the 18,846 subject lines, K = 20\n")
print("A JSON Lines file of each message's Subject line (Re: removed) and its newsgroup. Wall seconds and peak memory as above.\n")
print("| pipeline | wall seconds | peak memory (MiB) | ACC | NMI | phases (s) |")
print("|---|---:|---:|---:|---:|---|")
rows = [("dkm cluster titles.jsonl --k 20 (default: all-MiniLM-L6-v2 embeddings, k-means), first run", "short-first", 0),
        ("the same again (embeddings from the cache)", "short-cached", 2),
        ("dkm cluster titles.jsonl --k 20 --encoder none (tf-idf rows, the deep model)", "short-tfidf", 4)]
for name, file, at in rows:
    run = json.load(open(f"{out}/{file}.json"))
    phases = ", ".join(f"{t['phase']} {t['seconds']:.1f}" for t in run.get("timings", []) if t["phase"] != "total")
    s = run["summary"]["scores"]
    print(f"| {name} | {float(times[at]):.0f} | {int(times[at + 1]) / 1024:.0f} | {100 * s['acc']:.1f} | {100 * s['nmi']:.1f} | {phases} |")
st = last_json(f"{out}/short-st.json")
print(f"| {st['implementation']} | {float(times[6]):.0f} | {int(times[7]) / 1024:.0f} | {100 * st['acc']:.1f} | {100 * st['nmi']:.1f} | |")
PY
cat bench/results/pipeline.md
