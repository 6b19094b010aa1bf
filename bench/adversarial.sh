#!/usr/bin/env bash
# Replays the hardening probe's cases (issue "Hardening II") against the release binary: each
# case runs under `timeout` and `ulimit -v`, and prints one line with its verdict; a summary
# line closes the run. `DKM=path/to/dkm` tests another build; `--quick` leaves out the cases
# that take more than a few seconds (the large gzip bomb and the signal cases).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
if [[ -z "${DKM:-}" ]]; then
  swift build -c release --product dkm >/dev/null || exit 1
  DKM=$root/.build/release/dkm
fi
DKM=$(realpath "$DKM")
limit_kb=${LIMIT_KB:-6291456}   # 6 GiB of address space: a run that tries to read 5 GB fails
seconds=${CASE_SECONDS:-120}
work=$(mktemp -d)
chmod 755 "$work"  # the unreadable-folder case runs dkm as an unprivileged user when root
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# run NAME: the case's commands come on standard input, run in a fresh folder under the limits;
# the case passes when they exit 0.
case_() {
  local name=$1 dir="$work/$1"
  mkdir -p "$dir"
  cp -r "$root/corpora/sample" "$dir/corpus"
  local script; script=$(cat)
  local started=$SECONDS
  if (cd "$dir" && ulimit -v "$limit_kb" && DKM=$DKM FIXTURES=$root/Tests/Fixtures/documents timeout -k 5 "$seconds" bash -euo pipefail -c "$script") >"$dir.log" 2>&1; then
    printf 'PASS  %-34s %3ds\n' "$name" $((SECONDS - started)); passed=$((passed + 1))
  else
    printf 'FAIL  %-34s %3ds  (%s)\n' "$name" $((SECONDS - started)) "$(tail -n 2 "$dir.log" | tr '\n' ' ' | cut -c1-150)"
    failed=$((failed + 1))
  fi
}
# Helpers for the cases: `status N cmd...` runs cmd and requires exit status N.
helpers='status() { local want=$1; shift; set +e; "$@"; local got=$?; set -e; [[ $got == "$want" ]] || { echo "exit $got, expected $want: $*"; return 1; }; }
km() { "$DKM" cluster "$@" --k 5 --method km --kmeans-restarts 1 --quiet; }
short() { "$DKM" cluster "$@" --k 5 --method dkm-p --pretrain-epochs 1 --epochs 1 --quiet; }
# points N cmd...: cmd succeeds and reports N points (its output is kept whole: no SIGPIPE).
points() { local want=$1; shift; "$@" > out.txt; grep -q " $want points" out.txt || { echo "expected $want points: $(head -1 out.txt)"; return 1; }; }
zipitems() { python3 - "$@" <<PY
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for i in (1, 2):
        z.writestr(f"{i}newsML.xml", f"<?xml version=\"1.0\"?><newsitem itemid=\"{i}\"><title>t{i}</title><headline>h{i}</headline><text><p>words number {i} here</p></text><metadata><codes class=\"bip:topics:1.0\"><code code=\"ECAT\"/></codes></metadata></newsitem>")
PY
}
patch() { python3 - "$@" <<PY
import sys
path, what = sys.argv[1], sys.argv[2]
b = bytearray(open(path, "rb").read())
central = [i for i in range(len(b) - 4) if b[i:i+4] == b"PK\x01\x02"]
if what == "crc": b[central[0] + 16] ^= 1
if what == "encrypted": b[central[0] + 8] |= 1
if what == "zip64": b[len(b) - 22 + 10:len(b) - 22 + 12] = b"\xff\xff"
if what == "overlap": b[central[1] + 42:central[1] + 46] = b[central[0] + 42:central[0] + 46]
open(path, "wb").write(b)
PY
}
'
c() { case_ "$1" <<<"$helpers$(cat)"; }

echo "dkm adversarial cases: $DKM (timeout ${seconds}s, ulimit -v ${limit_kb} KB)"

# 1-5: data loss.
c out-empty-path <<'EOF'
mkdir t && cd t && echo x > keep
status 64 km ../corpus --out ''
[[ -f keep && $(cat keep) == x ]]
EOF
c out-is-a-file <<'EOF'
echo data > usps.csv
status 64 km corpus --out usps.csv
[[ $(cat usps.csv) == data ]]
EOF
c out-foreign-folder-force <<'EOF'
mkdir mine && echo x > mine/keep
status 64 km corpus --out mine --force
[[ -f mine/keep ]]
EOF
c out-earlier-output-force <<'EOF'
km corpus --out run >/dev/null && status 64 km corpus --out run >/dev/null && km corpus --out run --force >/dev/null
[[ -f run/.dkm-output && -f run/clusters.json ]] && [[ -z $(ls -A | grep -v '^run$' | grep -v '^corpus$') ]]
EOF
c checkpoint-foreign-file <<'EOF'
echo notes > notes.txt
status 64 short corpus --checkpoint notes.txt
[[ $(cat notes.txt) == notes ]]
EOF
c concurrent-same-out <<'EOF'
"$DKM" cluster corpus --k 5 --method dkm-p --pretrain-epochs 100000 --quiet --out run & first=$!
sleep 2
status 64 km corpus --out run 2>err; grep -q "another dkm process" err
kill -INT $first; wait $first || true
[[ ! -e run ]]
EOF
c force-onto-input <<'EOF'
status 64 km corpus --out corpus --force
status 64 km corpus --out corpus/out
status 64 km corpus --out . --force
[[ $(find corpus -type f | wc -l) == 120 ]]
EOF

# 6-7: unbounded reads and hangs.
c symlink-dev-zero <<'EOF'
ln -s /dev/zero corpus/zero.txt; ln -s /dev/urandom corpus/random.txt
km corpus >/dev/null 2>err; grep -q "zero.txt: a character device" err
EOF
c stop-words-dev-zero <<'EOF'
status 65 km corpus --stop-words /dev/zero
EOF
c sparse-5GB-document <<'EOF'
truncate -s 5G corpus/x.log
# 5 GB of zeros: read up to the document limit only, then skipped as binary.
km corpus >/dev/null 2>err; grep -q "x.log: binary file" err
EOF
c fifo-in-folder <<'EOF'
mkfifo corpus/pipe.txt
km corpus >/dev/null 2>err; grep -q "named pipe" err
EOF
c symlink-loop <<'EOF'
ln -s . corpus/a; ln -s . corpus/b
points 120 km corpus
EOF
c parent-link-skip-bad <<'EOF'
ln -s .. corpus/cooking/loop
points 120 km corpus --skip-bad
points 120 km corpus --follow-symlinks
EOF
if ! $quick; then
c gzip-bomb-in-txt <<'EOF'
head -c 3500M /dev/zero | gzip -1 > corpus/bomb.txt
km corpus >/dev/null 2>err; grep -q "bomb.txt: binary file" err
EOF
fi

# 8-9: archives and compression.
c zip-overlapping-entries <<'EOF'
zipitems day.zip; patch day.zip overlap
status 65 km day.zip 2>err; grep -q "share their data" err
EOF
c zip-bad-crc <<'EOF'
zipitems day.zip; patch day.zip crc
status 65 km day.zip 2>err; grep -q "CRC-32" err
EOF
c zip-encrypted <<'EOF'
zipitems day.zip; patch day.zip encrypted
status 65 km day.zip 2>err; grep -q "encrypted" err
EOF
c zip-zip64 <<'EOF'
zipitems day.zip; patch day.zip zip64
status 65 km day.zip 2>err; grep -q "ZIP64" err
EOF
c zip-skip-bad-member <<'EOF'
zipitems day.zip; patch day.zip crc
points 1 "$DKM" cluster day.zip --k 1 --method km --all-topics --skip-bad --quiet 2>err
grep -q "skipped 1newsML.xml" err
EOF
c plain-text-with-magic <<'EOF'
printf 'BZh is how this note about gardening soil starts\n' > corpus/gardening/bzh.txt
points 121 km corpus
EOF

# 10: interrupts.
if ! $quick; then
c sigint-no-checkpoint <<'EOF'
"$DKM" cluster corpus --k 5 --method dkm-p --pretrain-epochs 100000 --quiet --out run & pid=$!
sleep 2; start=$(date +%s%N); kill -INT $pid; status 130 wait $pid
(( ($(date +%s%N) - start) < 1000000000 )); [[ -z $(ls -A | grep -v '^corpus$') ]]
EOF
c sigterm-kmeans <<'EOF'
"$DKM" cluster corpus --k 5 --method km --kmeans-restarts 10000000 --quiet --out run & pid=$!
sleep 2; start=$(date +%s%N); kill -TERM $pid; status 143 wait $pid
(( ($(date +%s%N) - start) < 1000000000 )); [[ -z $(ls -A | grep -v '^corpus$') ]]
EOF
c sigint-with-checkpoint <<'EOF'
"$DKM" cluster corpus --k 5 --method dkm-p --pretrain-epochs 100000 --quiet --checkpoint run.ckpt & pid=$!
sleep 2; kill -INT $pid; status 75 wait $pid
[[ -f run.ckpt ]]
EOF
fi

# 11: crashes.
c idx-zero-pixels <<'EOF'
mkdir idx && python3 - <<'PY'
import struct
def idx(name, dims, data=b""):
    open("idx/" + name, "wb").write(struct.pack(">HBB", 0, 8, len(dims)) + b"".join(struct.pack(">I", d) for d in dims) + data)
for prefix, n in (("train", 20), ("t10k", 10)):
    idx(f"{prefix}-images-idx3-ubyte", [n, 0, 0]); idx(f"{prefix}-labels-idx1-ubyte", [n], bytes(i % 10 for i in range(n)))
PY
status 64 "$DKM" cluster --dataset mnist --data idx --quiet
status 64 "$DKM" cluster --dataset mnist --data idx --method km --quiet
EOF
c huge-layer-sizes <<'EOF'
status 64 short corpus --hidden 99999999999
status 64 short corpus --embedding-size 99999999999
EOF

# 12: integrity.
c checkpoint-bit-flip <<'EOF'
"$DKM" cluster corpus --k 5 --method dkm-p --pretrain-epochs 100000 --quiet --checkpoint run.ckpt & pid=$!
sleep 2; kill -INT $pid; wait $pid || true
python3 -c "import sys; b=bytearray(open('run.ckpt','rb').read()); b[-3]^=1; open('run.ckpt','wb').write(b)"
status 65 "$DKM" cluster corpus --k 5 --method dkm-p --pretrain-epochs 100000 --quiet --checkpoint run.ckpt --resume 2>err
grep -q "checksum" err
EOF
c model-nan-weights <<'EOF'
km corpus --out run >/dev/null
python3 -c "
import struct; p='run/model/weights.safetensors'; b=bytearray(open(p,'rb').read()); b[-4:]=struct.pack('<f', float('nan')); open(p,'wb').write(b)"
status 65 "$DKM" assign --model run/model corpus/cooking/cooking-01.txt 2>err; grep -q "NaN" err
EOF

# 13: smaller items.
c negative-learning-rate <<'EOF'
status 64 short corpus --learning-rate=-1
EOF
c out-not-writable <<'EOF'
echo x > file
status 73 km corpus --out file/sub
EOF
c pretrained-cache-is-a-file <<'EOF'
echo x > cache
status 64 short corpus --pretrained-cache cache 2>err; grep -q "not a folder" err
EOF
c order-path-traversal <<'EOF'
mkdir -p ng/a.b && echo "Subject: x" > ng/a.b/1
printf 'path\n../../../../etc/passwd\n' > order.tsv
status 65 km ng --format newsgroups --order order.tsv
EOF
c csv-formula-injection <<'EOF'
echo "soil compost garden" > corpus/=HYPERLINK.txt
km corpus --out run >/dev/null
grep -q "^'=HYPERLINK.txt," run/assignments.csv
! grep -q "^=" run/assignments.csv
EOF
c non-utf8-file-name <<'EOF'
printf 'compost soil garden' > "corpus/gardening/caf$(printf '\351').txt"
points 121 km corpus
EOF
c unreadable-subfolder-skip-bad <<'EOF'
run=(km corpus)
[[ $(id -u) == 0 ]] && chmod -R o+rwX .
mkdir corpus/locked && echo "soil" > corpus/locked/x.txt && chmod 000 corpus/locked
if [[ $(id -u) == 0 ]]; then run=(setpriv --reuid=65534 --regid=65534 --clear-groups "$DKM" cluster corpus --k 5 --method km --kmeans-restarts 1 --quiet); fi
status 65 "${run[@]}" 2>err; grep -q "locked: cannot be read: permission denied" err
points 120 "${run[@]}" --skip-bad 2>err
grep -q "locked" err
EOF
c stale-checkpoint-temporary <<'EOF'
echo junk > .run.ckpt.4194999.tmp
"$DKM" cluster corpus --k 5 --method dkm-p --pretrain-epochs 100000 --quiet --checkpoint run.ckpt & pid=$!
sleep 2; kill -INT $pid; wait $pid || true
[[ ! -e .run.ckpt.4194999.tmp && -f run.ckpt ]]
EOF

# Hardening III (issue 34): one case per class fixed.
c force-keeps-user-files <<'EOF'
km corpus --out run >/dev/null && echo mine > run/notes.md
status 64 km corpus --out run --force 2>err; grep -q "notes.md" err
[[ $(cat run/notes.md) == mine ]]
EOF
c reproduce-tables-keep-user-files <<'EOF'
mkdir mine && echo mine > mine/tables.md
status 64 "$DKM" reproduce --datasets usps --tables-only --out mine 2>err
[[ $(cat mine/tables.md) == mine ]]
EOF
c archive-of-dot <<'EOF'
tar -C corpus -czf dot.tgz .
points 120 km dot.tgz
EOF
c archive-member-twice <<'EOF'
mkdir one && cp -r corpus/* one/ && echo "orbit rocket" > one/a.txt
tar -cf twice.tar one && echo "soil compost" > one/a.txt && tar -rf twice.tar one/a.txt
points 121 km twice.tar
EOF
c assign-reads-csv-and-stdin <<'EOF'
km corpus --out run >/dev/null
printf 'key,body\nn1,rocket orbit launch\n' > new.csv
"$DKM" assign --model run/model new.csv --text-column body --id-column key | grep -q "^n1"
printf '{"text": "soil compost garden"}\n' | "$DKM" assign --model run/model - | grep -q "^line 1"
EOF
c model-ngrams-out-of-bounds <<'EOF'
km corpus --out run >/dev/null
sed -i 's/"ngrams" *: *1/"ngrams" : 1000000/' run/model/model.json
grep -q '"ngrams" : 1000000' run/model/model.json
status 65 "$DKM" assign --model run/model corpus/space/space-01.txt 2>err; grep -q "ngrams" err
EOF
c carriage-return-lines <<'EOF'
printf 'rocket orbit launch\rsoil compost garden\rcode server disk\rstocks market bank\rmatch team league\r' > titles.txt
points 5 km titles.txt
EOF
c control-characters-shown <<'EOF'
mv corpus/space "corpus/$(printf '\033')[2Jspace"
km corpus --labels subfolder > out.txt
! grep -q "$(printf '\033')" out.txt
EOF

c html-deep-and-entities <<'EOF'
python3 -c "print('<html><body>' + '<font>' * 300 + 'deepword here</body></html>')" > corpus/deep.html
printf '<!DOCTYPE html [ <!ENTITY e "entityword"> ]><html><body>plain page</body></html>' > corpus/entity.html
"$DKM" vectorize corpus --out v --min-df 1 --max-df 1 >/dev/null 2>&1
grep -qx deepword v/vocabulary.txt; ! grep -qx entityword v/vocabulary.txt
EOF
c html-bad-bytes-and-utf16 <<'EOF'
printf '<html><head><meta charset="utf-8"></head><body>before \xff\xfe afterword here</body></html>' > corpus/bad.html
python3 -c "import sys; sys.stdout.buffer.write('<html><body>sixteenword</body></html>'.encode('utf-16'))" > corpus/wide.html
"$DKM" vectorize corpus --out v --min-df 1 --max-df 1 >/dev/null 2>err
! grep -qi "encoding error" err; grep -qx afterword v/vocabulary.txt; grep -qx sixteenword v/vocabulary.txt
EOF
c html-cut-warns <<'EOF'
python3 -c "print('<html><body>' + 'word ' * 300000 + '</body></html>')" > corpus/long.html
"$DKM" vectorize corpus --out v --max-document-bytes 100000 >/dev/null 2>err
grep -q "long.html is longer than" err
EOF

c repeated-ids-and-ignored-options <<'EOF'
printf 'key,text\n5,rocket orbit\n5,soil compost\n' > t.csv
status 65 km t.csv --id-column key 2>err; grep -q "line 2's too" err
status 65 km corpus --text-column body 2>err; grep -q "does not apply" err
status 64 km corpus --resume 2>err; grep -q "needs --checkpoint" err
printf 'id,text\n' > empty.csv
status 65 km empty.csv 2>err; grep -q "empty.csv: it holds no documents" err
EOF
c documents-without-terms-unassigned <<'EOF'
: > corpus/space/empty.txt; echo "the and of it" > corpus/space/filler.txt
km corpus --labels subfolder --stop-words english --encoder none --out run > out.txt
grep -q "^2 document(s) with no term" out.txt
[[ $(grep -c ",unassigned," run/assignments.csv) == 2 ]]; grep -q '"points" : 120' run/clusters.json
EOF
# With the encoder (when installed), only a document it has nothing of to read is unassigned.
c blank-documents-unassigned-with-the-encoder <<'EOF'
[ -d "${DKM_MODELS:-$HOME/.local/share/dkm/models}/all-MiniLM-L6-v2" ] || exit 0
: > corpus/space/empty.txt; echo "the and of it" > corpus/space/filler.txt
km corpus --labels subfolder --stop-words english --out run > out.txt
grep -q "all-MiniLM-L6-v2 embeddings" out.txt; grep -q "^1 document(s) with no term" out.txt
[[ $(grep -c ",unassigned," run/assignments.csv) == 1 ]]; grep -q '"points" : 121' run/clusters.json
EOF
c packed-documents <<'EOF'
cp "$FIXTURES"/* corpus/space/; cp "$FIXTURES/soil-report.docx" corpus/gardening/no-extension
head -c 700 "$FIXTURES/orbit-notes.pdf" > corpus/space/cut.pdf
status 65 km corpus --out run 2>err; grep -q "cut.pdf: not a readable PDF" err
points 125 km corpus --skip-bad 2>err; grep -q "scanned.pdf: a PDF without a text layer" err
"$DKM" vectorize corpus/space/comet-book.epub --out v --min-df 1 --max-df 1 >/dev/null 2>&1; grep -qx comet v/vocabulary.txt
EOF

# A signal delivered to a compute thread inside a oneDNN kernel corrupted the heap (1 in 25).
c early-signals-never-crash <<'EOF'
for delay in 0.05 0.1 0.15 0.2 0.25 0.3 0.35 0.4 0.45 0.5 0.6 0.8; do
  "$DKM" cluster corpus --k 5 --method dkm-p --pretrain-epochs 100000 --quiet --checkpoint run.ckpt >/dev/null 2>err & pid=$!
  sleep $delay; kill -INT $pid; set +e; wait $pid; got=$?; set -e
  [[ $got == 75 || $got == 130 ]] || { echo "exit $got after ${delay}s: $(head -1 err)"; exit 1; }
  rm -f run.ckpt
done
EOF

echo "$passed passed, $failed failed"
((failed == 0))
