#!/bin/sh
# Screenshots of built pages over http and from file://, to look at.
# usage: scripts/corpus-screenshots.sh OUT_ROOT SHOTS_DIR PORT folder/page.html...
# (each page is relative to OUT_ROOT, its first segment the built folder)
set -eu
out=$(cd "$1" && pwd); shots=$2; port=$3; shift 3
mkdir -p "$shots"
python3 -m http.server -b 127.0.0.1 -d "$out" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
for page in "$@"; do
  name=$(printf '%s' "$page" | tr '/' '_' | sed 's/\.html$//')
  for how in http file; do
    if [ "$how" = http ]; then url="http://127.0.0.1:$port/$page"; else url="file://$out/$page"; fi
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
      --disable-component-update --disable-sync --hide-scrollbars \
      --screenshot="$shots/$name.$how.png" --window-size=1280,900 "$url" >/dev/null 2>&1 || echo "failed: $url"
  done
done
