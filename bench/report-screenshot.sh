#!/usr/bin/env bash
# Clusters the sample corpus, renders its report.html in headless Chromium (Debian's
# `chromium`) at a desktop width and at a phone width, and saves the screenshots as
# docs/report-desktop.png and docs/report-phone.png; fails if the page cannot be rendered.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "install Debian's chromium first: apt-get install chromium" >&2; exit 1; }
swift build -c release --product dkm >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
.build/release/dkm cluster corpora/sample --k 5 --labels subfolder --quiet --out "$out/sample" >/dev/null
mkdir -p docs
shoot() {  # name width height [device scale]
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$2,$3" --force-device-scale-factor="${4:-1}" \
    --screenshot="$out/$1.png" "file://$out/sample/report.html" 2>"$out/chromium.log"
  test -s "$out/$1.png" || { cat "$out/chromium.log" >&2; exit 1; }
  cp "$out/$1.png" "docs/report-$1.png"
  echo "docs/report-$1.png written"
}
shoot desktop 1280 5200
shoot phone 390 9800
