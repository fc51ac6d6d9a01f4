#!/usr/bin/env bash
# Times what the language server waits for after an edit: `Session::set_buffer` + `check` for
# a 2,000-line C# file and for a project file, in a tree made by benches/generate-tree.py, next
# to a full check of the same tree (examples/session_latency.rs does the timing).
#
#   benches/session-latency.sh [FILES] [EDITS]
#
# FILES: size of the generated tree (default 5000, the goal of issue 19). EDITS: timed edits of
# each file (default 20). TREE=path reuses a tree instead of generating one. Not part of
# `cargo test`: it measures this machine, not correctness.
set -euo pipefail

files=${1:-5000}
edits=${2:-20}
here=$(cd "$(dirname "$0")/.." && pwd)

if [ -z "${TREE:-}" ]; then
    TREE=$(mktemp -d)
    trap 'rm -rf "$TREE"' EXIT
    python3 "$here/benches/generate-tree.py" "$TREE" --files "$files"
fi
cd "$here"
cargo build --release --locked --quiet --example session_latency
"$here/target/release/examples/session_latency" "$TREE" "$edits"
