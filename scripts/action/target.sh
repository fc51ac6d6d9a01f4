#!/usr/bin/env bash
# Step 1 of action.yml: which release archive fits this runner, and where it is installed.
#
# Reads RUNNER_OS and RUNNER_ARCH (set by GitHub Actions), RUNNER_TOOL_CACHE and TLSLINT_VERSION;
# appends `target`, `archive` and `install-dir` to $GITHUB_OUTPUT. The archive names are the ones
# cargo-dist gives the release assets (see dist-workspace.toml): Linux gets the static musl
# builds, so the binary runs on any distribution and in any container.
set -euo pipefail

version="${TLSLINT_VERSION:?TLSLINT_VERSION is not set}"
# The version ends up in a URL and a path: accept only what a release tag can be.
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
    echo "::error title=tlslint::version '${version//[$'\r\n']/ }' is not a release version such as 0.1.0" >&2
    exit 1
fi

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) target=x86_64-unknown-linux-musl ;;
    Linux/ARM64) target=aarch64-unknown-linux-musl ;;
    Windows/X64) target=x86_64-pc-windows-msvc ;;
    Windows/ARM64) target=aarch64-pc-windows-msvc ;;
    macOS/X64) target=x86_64-apple-darwin ;;
    macOS/ARM64) target=aarch64-apple-darwin ;;
    *)
        echo "::error title=tlslint::no tlslint release for runner ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; use install-from: cargo" >&2
        exit 1
        ;;
esac

case "$target" in
    *-windows-*) archive="tlslint-$target.zip" ;;
    *) archive="tlslint-$target.tar.xz" ;;
esac

install_dir="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/tlslint/$version/$target"

{
    echo "target=$target"
    echo "archive=$archive"
    echo "install-dir=$install_dir"
} >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
