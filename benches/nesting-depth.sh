#!/usr/bin/env bash
# Times `tlslint check` on one file of pathological nesting per language, at depths growing
# fourfold up to a megabyte of brackets, unclosed and closed, and prints seconds and
# microseconds per level: a constant last column means time linear in the depth (before the
# analyses were made linear, 100,000 unclosed `(` took 3-11 s and a megabyte 7 minutes).
#
#   benches/nesting-depth.sh [RUNS] [BRACKETS]
#
# RUNS: timed runs per file, the median is printed (default 3). BRACKETS: which opening
# bracket the code files nest, `(`, `[` or `{` (default `(`; XML files nest `<a>`).
# TLSLINT=path/to/binary overrides the release build this script makes. Not part of
# `cargo test`: it measures this machine, not correctness (tests/hostile.rs checks that a
# megabyte of each kind finishes with a warning).
set -euo pipefail

runs=${1:-3}
open=${2:-(}
case "$open" in
    "(") close=")" ;;
    "[") close="]" ;;
    "{") close="}" ;;
    *) echo "BRACKETS must be one of ( [ {" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${TLSLINT:-}" ]; then
    (cd "$here" && cargo build --release --locked --quiet)
    TLSLINT=$here/target/release/tlslint
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes FILE with DEPTH openings (and as many closings when CLOSED is 1) where a protocol
# value goes, so that every prefilter lets it through to the parser.
generate() {
    python3 - "$@" <<'PY'
import sys
path, depth, closed, open_, close = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4], sys.argv[5]
templates = {
    "cs": ("class A { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls + ", " } }\n"),
    "ps1": ("[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls + ", "\n"),
    "cpp": ("void f(HINTERNET h) { DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 + ", "; WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)); }\n"),
    "vb": ("Module M\nSub S()\nServicePointManager.SecurityProtocol = SecurityProtocolType.Tls + ", "\nEnd Sub\nEnd Module\n"),
    "config": ('<configuration><appSettings><add key="AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto" value="true"/></appSettings>', "</configuration>"),
}
ext = path.rsplit(".", 1)[1]
if ext == "config":
    open_, close = "<a>", "</a>"
before, after = templates[ext]
with open(path, "w") as f:
    f.write(before + open_ * depth + ("x" + close * depth if closed else "") + after)
PY
}

# Wall seconds of one run (tlslint exits 1 on findings and reports refused files as errors).
wall() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

median() { sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); if (NR % 2) print v[m]; else print (v[m] + v[m + 1]) / 2 }'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); tlslint: $("$TLSLINT" --version); brackets: $open"
printf '%-7s %-7s %9s %9s %10s  %s\n' language shape depth seconds "µs/level" outcome
for ext in cs ps1 cpp vb config; do
    for closed in 0 1; do
        shape=$([ "$closed" = 1 ] && echo closed || echo open)
        for depth in 4096 16384 65536 262144 1048576; do
            # A megabyte at most: XML spends three bytes a level, closed files twice as many.
            width=$([ "$ext" = config ] && echo 3 || echo 1)
            [ "$closed" = 1 ] && width=$((width * 2))
            depth=$((depth / width))
            dir=$work/$ext-$shape-$depth
            mkdir -p "$dir"
            file=$dir/Deep.$ext
            generate "$file" "$depth" "$closed" "$open" "$close"
            times=()
            for _ in $(seq "$runs"); do
                times+=("$(wall "$TLSLINT" check --format json --no-config "$file")")
            done
            secs=$(printf '%s\n' "${times[@]}" | median)
            outcome=$("$TLSLINT" check --format json --no-config "$file" 2>/dev/null \
                | python3 -c 'import json, sys; r = json.load(sys.stdin); e = r["errors"]; print(e[0]["message"].split(";")[0] if e else "%d findings" % len(r["findings"]))' || true)
            printf '%-7s %-7s %9d %9.3f %10.2f  %s\n' "$ext" "$shape" "$depth" "$secs" \
                "$(echo "$secs * 1000000 / $depth" | bc -l)" "$outcome"
        done
    done
done
