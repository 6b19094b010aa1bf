#!/usr/bin/env bash
# Time to clusters on 20 Newsgroups (all 18,846 raw messages, K = 20): the whole default
# `dkm cluster` (reading the archive, vectorizing, training, final pass, map, every output file)
# beside scikit-learn's TfidfVectorizer + KMeans and ClustPy's DKM on the same messages, one
# after the other in one run, with wall time, peak memory and ACC / NMI against the newsgroups.
# Writes bench/results/pipeline.md, with dkm's wall time per phase (clusters.json's timings)
# and its progress lines.
#
#   bench/pipeline.sh [--no-clustpy] [20NEWS_ROOT]     (default ../shared/datasets/20news-bydate)
set -euo pipefail
cd "$(dirname "$0")/.."
clustpy=yes
[ "${1:-}" = --no-clustpy ] && { clustpy=no; shift; }
root=${1:-../shared/datasets/20news-bydate}
venv=bench/.venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sklearn, scipy" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q scikit-learn scipy numpy
fi
if [ "$clustpy" = yes ] && ! "$venv/bin/python" -c "import clustpy, torch" 2>/dev/null; then
  "$venv/bin/pip" install -q torch clustpy==0.0.3
fi
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
PY
cat bench/results/pipeline.md
