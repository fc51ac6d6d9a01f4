#!/usr/bin/env bash
# Times `tlslint check` against ripgrep searching the same tree for the tokens tlslint's rules
# start from, side by side in one run, alternating (so both see the same cache and machine load),
# and prints medians, the ratio, tlslint's peak memory and CPU use, and the pre-commit case
# (5 files named on the command line, process start included).
#
#   benches/compare-with-ripgrep.sh TREE [RUNS]
#
# TREE: a large C# tree, e.g. microsoft/referencesource, or one made by
# benches/generate-tree.py. RUNS: timed runs of each (default 7). TLSLINT=path/to/binary
# overrides the release build this script makes. Not part of `cargo test`: it measures this
# machine, not correctness.
set -euo pipefail

tree=${1:?usage: benches/compare-with-ripgrep.sh TREE [RUNS]}
runs=${2:-7}
here=$(cd "$(dirname "$0")/.." && pwd)
pattern='SecurityProtocolType|SslProtocols|TargetFramework|AppContext'

if ! command -v rg >/dev/null; then
    echo "ripgrep (rg) is not installed: 'apt-get install ripgrep' or 'cargo install ripgrep'" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "GNU time (/usr/bin/time) is needed for peak memory: 'apt-get install time'" >&2
    exit 2
fi
if [ -z "${TLSLINT:-}" ]; then
    (cd "$here" && cargo build --release --locked --quiet)
    TLSLINT=$here/target/release/tlslint
fi

# Wall seconds of one run (output discarded; tlslint exits 1 when it finds something).
wall() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

median() { sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); if (NR % 2) print v[m]; else print (v[m] + v[m + 1]) / 2 }'; }

tlslint_cmd=("$TLSLINT" check --format json --no-config "$tree")
rg_cmd=(rg -c "$pattern" "$tree")

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tree: $tree ($(find "$tree" -type f -not -path '*/.git/*' | wc -l) files, $(du -sh --exclude=.git "$tree" | cut -f1))"
echo "tlslint: $("$TLSLINT" --version); ripgrep: $(rg --version 2>/dev/null | sed -n 1p)"

# Warm the page cache for both.
"${tlslint_cmd[@]}" >/dev/null 2>&1 || true
"${rg_cmd[@]}" >/dev/null 2>&1 || true

t_times=() r_times=()
for _ in $(seq "$runs"); do
    t_times+=("$(wall "${tlslint_cmd[@]}")")
    r_times+=("$(wall "${rg_cmd[@]}")")
done
t_med=$(printf '%s\n' "${t_times[@]}" | median)
r_med=$(printf '%s\n' "${r_times[@]}" | median)
printf 'tlslint check: median %.3f s  (runs: %s)\n' "$t_med" "$(printf '%.3f ' "${t_times[@]}")"
printf 'rg -c:         median %.3f s  (runs: %s)\n' "$r_med" "$(printf '%.3f ' "${r_times[@]}")"
printf 'ratio tlslint / rg: %.2fx (target <= 1.5x)\n' "$(echo "$t_med / $r_med" | bc -l)"

# Peak memory and CPU use (user + system over wall: 200% = both of two cores busy).
/usr/bin/time -f '%M %P %U %S %e' -o /tmp/tlslint-bench-time "${tlslint_cmd[@]}" >/dev/null 2>&1 || true
read -r rss cpu user sys elapsed < <(tail -n 1 /tmp/tlslint-bench-time)
printf 'tlslint peak RSS: %.1f MB (target < 200 MB); CPU %s of %s cores (user %ss, sys %ss, wall %ss)\n' \
    "$(echo "$rss / 1024" | bc -l)" "$cpu" "$(nproc)" "$user" "$sys" "$elapsed"

# Pre-commit: 5 C# files named on the command line (enclosing projects read for context), once
# 5 arbitrary ones and once 5 that mention the protocol APIs (they are parsed and analysed).
precommit() {
    local label=$1
    shift
    [ "$#" -gt 0 ] || return 0
    "$TLSLINT" check --no-config "$@" >/dev/null 2>&1 || true
    local times=()
    for _ in $(seq "$((runs * 3))"); do
        times+=("$(wall "$TLSLINT" check --no-config "$@")")
    done
    printf 'pre-commit, %d %s: median %.1f ms (target < 50 ms)\n' "$#" "$label" \
        "$(echo "$(printf '%s\n' "${times[@]}" | median) * 1000" | bc -l)"
}
mapfile -t files < <(find "$tree" -name '*.cs' -not -path '*/.git/*' | sort | head -n 5)
precommit "files" "${files[@]}"
mapfile -t files < <(rg -l --sort path 'SecurityProtocolType\.|SslProtocols\.' -g '*.cs' "$tree" | head -n 5)
precommit "files using the protocol enums" "${files[@]}"
