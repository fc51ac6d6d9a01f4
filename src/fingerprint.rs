//! Fingerprints that keep a finding's identity when code moves.
//!
//! - [`line_hashes`]: GitHub code scanning's `primaryLocationLineHash`, computed the way
//!   `github/codeql-action/upload-sarif` computes it, so that uploads through the REST API (which
//!   do not compute it) and through the action agree and alerts are not duplicated. For each line:
//!   a rolling polynomial hash (base 37, wrapping 64-bit) over the next 100 UTF-16 code units of
//!   the file from the start of the line, skipping spaces and tabs, with line endings normalised
//!   to `\n` and the end of the file padded with one `0xFFFF` and zeros; then `:` and the number
//!   of times that hash occurred so far in the file. The action reads the file's bytes as UTF-8,
//!   so this hashes the bytes the same way (a UTF-16 file is hashed as the action sees it).
//! - [`finding_key`]: tlslint's own key (`tlslint/v1` in SARIF, and the baseline): rule, path,
//!   the line's content with whitespace removed, and the occurrence of that triple in the file.

use std::collections::HashMap;

use crate::diagnostic::Finding;
use crate::source::{Encoding, SourceFile, encode};

const BLOCK_SIZE: usize = 100;
const MOD: u64 = 37;
const TAB: u16 = b'\t' as u16;
const SPACE: u16 = b' ' as u16;
const LF: u16 = b'\n' as u16;
const CR: u16 = b'\r' as u16;
const END_OF_FILE: u16 = 0xFFFF;

/// The `primaryLocationLineHash` of every line of `text` (read as the upload action reads it),
/// indexed by 0-based line.
pub fn line_hashes(text: &str) -> Vec<String> {
    let first_mod = (0..BLOCK_SIZE).fold(1u64, |m, _| m.wrapping_mul(MOD));
    let mut window = [0u16; BLOCK_SIZE];
    let mut line_numbers = [usize::MAX; BLOCK_SIZE];
    let mut hash = 0u64;
    let mut index = 0usize;
    let mut line_number = 0usize;
    let mut line_start = true;
    let mut previous_cr = false;
    let mut counts: HashMap<u64, u32> = HashMap::new();
    let mut out: Vec<(usize, String)> = Vec::new();

    let mut emit = |hash: u64, line: usize, out: &mut Vec<(usize, String)>| {
        let count = counts.entry(hash).or_insert(0);
        *count += 1;
        out.push((line, format!("{hash:x}:{count}")));
    };
    let push = |unit: u16, window: &mut [u16; BLOCK_SIZE], index: &mut usize, hash: &mut u64| {
        let begin = window[*index];
        window[*index] = unit;
        *hash = MOD
            .wrapping_mul(*hash)
            .wrapping_add(u64::from(unit))
            .wrapping_sub(first_mod.wrapping_mul(u64::from(begin)));
        *index = (*index + 1) % BLOCK_SIZE;
    };

    let units = text.encode_utf16().chain(std::iter::once(END_OF_FILE));
    for unit in units {
        if unit == SPACE || unit == TAB || (previous_cr && unit == LF) {
            previous_cr = false;
            continue;
        }
        let unit = if unit == CR {
            previous_cr = true;
            LF
        } else {
            previous_cr = false;
            unit
        };
        if line_numbers[index] != usize::MAX {
            emit(hash, line_numbers[index], &mut out);
            line_numbers[index] = usize::MAX;
        }
        if line_start {
            line_start = false;
            line_number += 1;
            line_numbers[index] = line_number;
        }
        if unit == LF {
            line_start = true;
        }
        push(unit, &mut window, &mut index, &mut hash);
    }
    for _ in 0..BLOCK_SIZE {
        if line_numbers[index] != usize::MAX {
            emit(hash, line_numbers[index], &mut out);
            line_numbers[index] = usize::MAX;
        }
        push(0, &mut window, &mut index, &mut hash);
    }
    out.sort_by_key(|(line, _)| *line);
    out.into_iter().map(|(_, hash)| hash).collect()
}

/// The text the upload action hashes for a file: its bytes read as UTF-8 (the BOM kept as
/// U+FEFF, UTF-16 read as the bytes it is made of).
pub fn action_view(source: &SourceFile) -> String {
    match source.encoding {
        Encoding::Utf8 | Encoding::Utf8Lossy => source.text.clone(),
        encoding => String::from_utf8_lossy(&encode(&source.text, encoding)).into_owned(),
    }
}

/// tlslint's own stable key for a finding (see the module documentation).
pub fn finding_key(rule: &str, path: &str, line_content: &str, occurrence: usize) -> String {
    let normalized: String = line_content
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // FNV-1a, 64 bits: stable across platforms and Rust versions, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in [rule, "\0", path, "\0", &normalized].concat().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}:{occurrence}")
}

/// The [`finding_key`] of each of a file's findings (sorted as reported), with `path` as the
/// file's name: the occurrence counts findings of the same rule on lines with the same content.
pub fn finding_keys(path: &str, source: &SourceFile, findings: &[Finding]) -> Vec<String> {
    let mut occurrences: HashMap<(String, &str), usize> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let line = source.lines.line_of(finding.span.start);
            let line_text = source.lines.line_text(line, &source.text);
            let normalized: String = line_text.chars().filter(|c| !c.is_whitespace()).collect();
            let occurrence = occurrences
                .entry((normalized, finding.rule.id))
                .or_insert(0);
            *occurrence += 1;
            finding_key(finding.rule.id, path, line_text, *occurrence)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors produced by the algorithm of github/codeql-action `src/fingerprints.ts` run under
    // Node.js over the same bytes.
    #[test]
    fn matches_the_upload_action() {
        let crlf = "using System.Net;\r\n\r\nclass C\r\n{\r\n    void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11; }\r\n}\r\n";
        assert_eq!(
            line_hashes(crlf),
            [
                "2c0687c6d129d534:1",
                "582272aac7e90037:1",
                "c4da6ca8e58c7589:1",
                "ed13f3359c6492c2:1",
                "f0cf0e68b0b32731:1",
                "32dce9ccfdbc9d3e:1",
                "c129715d7a2bc9a3:1"
            ]
        );
        let unicode = "line one\nline one\n\tline one\n\u{e9}t\u{e9} \u{1F512} \u{65e5}\u{672c}\nno newline at end";
        assert_eq!(
            line_hashes(unicode),
            [
                "ca4a2eb817540906:1",
                "a2b8d26bccc673ca:1",
                "6e3255ab2974120e:1",
                "db4da0144b48f3d2:1",
                "2b2a3b070f8338d2:1"
            ]
        );
        let bom_and_cr = "\u{feff}x\ry\r\n\r\nz";
        assert_eq!(
            line_hashes(bom_and_cr),
            [
                "81774a5693bf7dd3:1",
                "32d282a2940c442e:1",
                "483058b3d6ce6067:1",
                "76dcabf80cb35c79:1"
            ]
        );
        assert_eq!(line_hashes(""), ["c129715d7a2bc9a3:1"]);
    }

    #[test]
    fn repeated_hashes_are_numbered() {
        let text = "a\n".repeat(150);
        let hashes = line_hashes(&text);
        assert!(hashes.iter().any(|h| h.ends_with(":2")));
    }

    #[test]
    fn finding_keys_ignore_whitespace_and_count_occurrences() {
        let a = finding_key("TLS001", "src/a.cs", "  x =  SecurityProtocolType.Tls; ", 1);
        let b = finding_key("TLS001", "src/a.cs", "x = SecurityProtocolType.Tls;", 1);
        assert_eq!(a, b);
        assert_ne!(
            a,
            finding_key("TLS001", "src/a.cs", "x = SecurityProtocolType.Tls;", 2)
        );
        assert_ne!(
            a,
            finding_key("TLS002", "src/a.cs", "x = SecurityProtocolType.Tls;", 1)
        );
    }
}
