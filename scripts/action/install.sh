#!/usr/bin/env bash
# Step 2 of action.yml (when the cache has no tlslint for this version and runner): install it.
#
# TLSLINT_INSTALL_FROM=release (the default) downloads the cargo-dist release archive and its
# `.sha256` file, refuses an archive whose checksum differs, and copies the `tlslint` binary from
# it into TLSLINT_INSTALL_DIR. TLSLINT_INSTALL_FROM=cargo builds the release tag with
# `cargo install` instead (needs a Rust toolchain and a C compiler on the runner; slow).
# Either way the installed binary must report TLSLINT_VERSION.
#
# Environment: TLSLINT_VERSION, TLSLINT_ARCHIVE, TLSLINT_INSTALL_DIR (from target.sh),
# TLSLINT_INSTALL_FROM, and TLSLINT_RELEASE_URL: the folder of the release assets, by default
# https://github.com/tlslint/tlslint/releases/download/v$TLSLINT_VERSION (tests point it at a
# local folder).
set -euo pipefail

version="${TLSLINT_VERSION:?TLSLINT_VERSION is not set}"
archive="${TLSLINT_ARCHIVE:?TLSLINT_ARCHIVE is not set}"
install_dir="${TLSLINT_INSTALL_DIR:?TLSLINT_INSTALL_DIR is not set}"
from="${TLSLINT_INSTALL_FROM:-release}"
base_url="${TLSLINT_RELEASE_URL:-https://github.com/tlslint/tlslint/releases/download/v$version}"

fail() {
    echo "::error title=tlslint::$*" >&2
    exit 1
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

case "$from" in
    release)
        echo "Downloading $base_url/$archive"
        curl --fail --silent --show-error --location --retry 3 \
            --output "$work/$archive" "$base_url/$archive" ||
            fail "could not download $archive for tlslint $version"
        curl --fail --silent --show-error --location --retry 3 \
            --output "$work/$archive.sha256" "$base_url/$archive.sha256" ||
            fail "could not download $archive.sha256 for tlslint $version"
        # cargo-dist writes `<hex digest>  <file name>` (the name may be marked binary with `*`).
        expected="$(tr -d '\r' <"$work/$archive.sha256" | awk 'NR == 1 { print tolower($1) }')"
        [[ "$expected" =~ ^[0-9a-f]{64}$ ]] || fail "$archive.sha256 holds no SHA-256 digest"
        actual="$(sha256_of "$work/$archive")"
        [ "$actual" = "$expected" ] ||
            fail "checksum mismatch for $archive: expected $expected, got $actual"

        mkdir "$work/unpacked"
        case "$archive" in
            *.zip)
                if command -v unzip >/dev/null 2>&1; then
                    unzip -q "$work/$archive" -d "$work/unpacked"
                else
                    # Windows runners without unzip in Git Bash.
                    powershell -NoProfile -NonInteractive -Command \
                        "Expand-Archive -LiteralPath '$work/$archive' -DestinationPath '$work/unpacked'"
                fi
                ;;
            *.tar.xz) tar -xJf "$work/$archive" -C "$work/unpacked" ;;
            *) fail "unknown archive type: $archive" ;;
        esac
        # cargo-dist puts the binary in a folder named like the archive (tar) or at the top (zip).
        # (No mapfile: macOS runners may run bash 3.2.)
        found="$(find "$work/unpacked" -type f \( -name tlslint -o -name tlslint.exe \))"
        count="$(printf '%s' "$found" | grep -c . || true)"
        [ "$count" -eq 1 ] || fail "$archive holds $count tlslint binaries, expected 1"
        binary="$found"
        ;;
    cargo)
        command -v cargo >/dev/null 2>&1 ||
            fail "install-from: cargo needs a Rust toolchain on the runner (dtolnay/rust-toolchain)"
        cargo install --locked --git https://github.com/tlslint/tlslint --tag "v$version" \
            --root "$work/cargo" tlslint
        binary="$(find "$work/cargo/bin" -type f \( -name tlslint -o -name tlslint.exe \) | head -n 1)"
        [ -n "$binary" ] || fail "cargo install produced no tlslint binary"
        ;;
    *)
        fail "install-from must be release or cargo, not '${from//[$'\r\n']/ }'"
        ;;
esac

chmod +x "$binary"
reported="$("$binary" --version)"
[ "$reported" = "tlslint $version" ] ||
    fail "the installed binary reports '$reported', expected 'tlslint $version'"

mkdir -p "$install_dir"
cp "$binary" "$install_dir/"
echo "Installed $reported into $install_dir"
