#!/usr/bin/env bash
# Clusters the sample corpus, opens its report.html in headless Chromium (Debian's `chromium`)
# and saves a screenshot as docs/report-sample.png; fails if the page cannot be rendered.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "install Debian's chromium first: apt-get install chromium" >&2; exit 1; }
swift build -c release --product dkm >/dev/null
out=$(mktemp -d)
.build/release/dkm cluster corpora/sample --k 5 --labels subfolder --stop-words english --quiet --out "$out/sample" >/dev/null
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2300 \
  --screenshot="$out/report.png" "file://$out/sample/report.html" 2>"$out/chromium.log"
test -s "$out/report.png" || { cat "$out/chromium.log" >&2; exit 1; }
mkdir -p docs
cp "$out/report.png" docs/report-sample.png
echo "docs/report-sample.png written"
rm -rf "$out"
