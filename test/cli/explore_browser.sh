#!/usr/bin/env bash
# `kiln explore` in a real headless Chromium: the page's #selftest hook clicks a wasm line and
# checks that its IR and native code lines are highlighted, with no script error and no markup
# from names; the verdict is read from the dumped DOM. Also leaves a screenshot, WORK_DIR/explore.png.
# Exits 77 (skipped) when no Chromium is installed (tools/setup.sh installs it with KILN_BROWSER_TESTS=1).
# usage: explore_browser.sh KILN MODULE WORK_DIR
set -u
kiln="$1"
module="$2"
work="$3"
browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null; then
    browser="$candidate"
    break
  fi
done
if [ -z "$browser" ]; then
  echo "skipped: no Chromium to run the page in (install it with KILN_BROWSER_TESTS=1 tools/setup.sh, or apt-get install chromium)"
  exit 77
fi
mkdir -p "$work"
page="$work/explore.html"
rm -f "$page" "$work/explore.png"
"$kiln" explore "$module" -o "$page" || { echo "FAIL: kiln explore $module"; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: the sandbox cannot start as root (CI containers), whose /dev/shm is often too small
# for Chromium (--disable-dev-shm-usage); a fresh profile keeps runs apart.
run_browser() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$profile" --window-size=1600,900 "$@" 2>"$work/chromium.log"
}
url="file://${page// /%20}#selftest"
dom="$(run_browser --dump-dom "$url")"
verdict="$(grep -o '<div id="selftest">KILN-SELFTEST: [^<]*' <<<"$dom" | sed 's/^<div id="selftest">//')"
echo "${verdict:-no verdict in the dumped DOM (see $work/chromium.log)}"
[[ "$verdict" == "KILN-SELFTEST: PASS"* ]] || exit 1
run_browser --screenshot="$work/explore.png" "$url" >/dev/null
if [ ! -s "$work/explore.png" ]; then
  echo "FAIL: no screenshot at $work/explore.png (see $work/chromium.log)"
  exit 1
fi
echo "screenshot: $work/explore.png"
