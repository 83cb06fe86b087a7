#!/usr/bin/env bash
# The corpus report in a real browser: renders the report of the bundled fixtures in headless
# Chromium (Debian's `chromium`, installed when missing), fails on any console message, and
# keeps screenshots at desktop and phone widths under target/report-check/.
#
# How an error is seen: Chromium started with --enable-logging=stderr --v=0 writes every
# console message of the page as an `INFO:CONSOLE` line. The report runs no script, so any
# such line is an error; and its content security policy (default-src 'none') turns a
# script or a reference to anything outside the file into a console message ("… violates
# the following Content Security Policy directive …"). Each run first renders the report
# with a deliberate error put in (an image from outside the file and a script) and fails
# unless that is caught: the detector is checked, not assumed.
#
# Usage: bash scripts/report-check.sh   (from anywhere; builds scour in debug)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        sudo apt-get update -qq
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
fi

out=target/report-check
rm -rf "$out"
mkdir -p "$out"
cargo build --locked --quiet
scour=${CARGO_TARGET_DIR:-target}/debug/scour

# The bundled fixtures' inputs (not their expectations or options), relative paths so that
# the report shows short ones.
mapfile -t inputs < <(find fixtures -type f ! -name 'expected*' ! -name args ! -name options.json \
    ! -name '*.md' | LC_ALL=C sort)
status=0
"$scour" clean --quiet "${inputs[@]}" -o "$out/records.jsonl" --rejects "$out/rejects.jsonl" \
    --report "$out/report.html" || status=$?
# Exit 1: the fixtures hold documents that are rejected on purpose.
if [ "$status" -gt 1 ]; then
    echo "report-check: scour clean failed ($status)" >&2
    exit 1
fi

# Render a page: $1 the HTML file, $2 the window size, $3 a screenshot path or "" for none.
# Prints the page's console messages.
render() {
    local profile
    profile=$(mktemp -d)
    local shot=()
    if [ -n "$3" ]; then shot=(--screenshot="$PWD/$3"); else shot=(--dump-dom); fi
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size="$2" \
        --enable-logging=stderr --v=0 "${shot[@]}" "file://$PWD/$1" 2>&1 >/dev/null \
        | grep -F ':CONSOLE' || true
    rm -rf "$profile"
}

# The detector, on a page with deliberate errors.
sed 's|</main>|<img src="https://example.invalid/x.png"><script>console.log(1)</script></main>|' \
    "$out/report.html" >"$out/deliberate-error.html"
caught=$(render "$out/deliberate-error.html" 1280,900 "")
if [ -z "$caught" ]; then
    echo "report-check: a page with a deliberate error showed no console message: the check is broken" >&2
    exit 1
fi

fail=0
for size in desktop:1280,2400 phone:390,2400; do
    name=${size%%:*}
    messages=$(render "$out/report.html" "${size#*:}" "$out/report-$name.png")
    if [ -n "$messages" ]; then
        echo "report-check: console messages at $name width:" >&2
        echo "$messages" >&2
        fail=1
    fi
    if [ ! -s "$out/report-$name.png" ]; then
        echo "report-check: no screenshot at $name width" >&2
        fail=1
    fi
done
[ "$fail" = 0 ] || exit 1
echo "report-check: the report renders without console messages; screenshots in $out/"
