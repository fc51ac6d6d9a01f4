#!/usr/bin/env bash
# Step 3 of action.yml: run `tlslint check` with the action's inputs.
#
# The inputs arrive in the environment (never pasted into the script, so a path or argument
# cannot inject shell code): TLSLINT_PATHS and TLSLINT_ARGS are split on whitespace,
# TLSLINT_FORMAT, TLSLINT_FAIL_ON, TLSLINT_SARIF_CATEGORY and TLSLINT_SARIF_FILE are single
# values. tlslint's exit code is not this script's: it is appended to $GITHUB_OUTPUT as
# `exit-code` (with `sarif-file` when a SARIF report was written), so that the SARIF is uploaded
# first and the action's last step fails the job. This script fails (exit 2) only when its own
# inputs are wrong or tlslint cannot start.
set -euo pipefail

format="${TLSLINT_FORMAT:-sarif}"
fail_on="${TLSLINT_FAIL_ON:-warning}"
sarif_file="${TLSLINT_SARIF_FILE:-tlslint.sarif}"
tlslint="${TLSLINT_BIN:-tlslint}"
output="${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

# `read -d ''` reads every line (a YAML block of paths), not only the first; it returns 1 at
# the end of its input, which is expected.
read -r -d '' -a paths <<<"${TLSLINT_PATHS:-.}" || true
[ "${#paths[@]}" -gt 0 ] || paths=(.)
read -r -d '' -a extra <<<"${TLSLINT_ARGS:-}" || true

command=("$tlslint" check --format "$format" --fail-on "$fail_on")
if [ "$format" = sarif ]; then
    rm -f "$sarif_file"
    command+=(-o "$sarif_file")
    if [ -n "${TLSLINT_SARIF_CATEGORY:-}" ]; then
        command+=(--sarif-category "$TLSLINT_SARIF_CATEGORY")
    fi
fi
# `${a[@]+"${a[@]}"}`: an empty array is "unbound" for `set -u` in bash 3.2 (macOS runners).
command+=(${extra[@]+"${extra[@]}"} -- "${paths[@]}")

echo "tlslint check: ${command[*]:1}"
set +e
"${command[@]}"
code=$?
set -e

if [ "$code" -eq 127 ] || [ "$code" -eq 126 ]; then
    echo "::error title=tlslint::could not run $tlslint (exit $code)" >&2
    exit 2
fi
echo "exit-code=$code" >>"$output"
if [ "$format" = sarif ] && [ -f "$sarif_file" ]; then
    echo "sarif-file=$sarif_file" >>"$output"
fi
echo "tlslint exited with $code"
