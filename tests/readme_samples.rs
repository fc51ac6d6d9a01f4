//! The README's sample outputs are what the binary prints. The quick-start sample is generated:
//! `BLESS=1 cargo test --test readme_samples` rewrites it from a real run (its first finding,
//! `...`, then the summary line). The JSON samples are laid out by hand for reading, so they
//! are compared as JSON values with the output of the commands they stand for.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn checkout() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tlslint(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tlslint"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("TLSLINT_OUTPUT_FORMAT")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("tlslint runs");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("tlslint finishes")
}

fn readme() -> String {
    std::fs::read_to_string(checkout().join("README.md")).unwrap()
}

/// The fenced block that starts right after `opening` (which ends with the fence line), as
/// (start, end) byte offsets of its content.
fn block(text: &str, opening: &str) -> (usize, usize) {
    let start = text
        .find(opening)
        .unwrap_or_else(|| panic!("README.md has no block opening with {opening:?}"))
        + opening.len();
    let end = start + text[start..].find("```\n").expect("the block is closed");
    (start, end)
}

fn json_block(opening: &str) -> Value {
    let text = readme();
    let (start, end) = block(&text, opening);
    serde_json::from_str(&text[start..end])
        .unwrap_or_else(|e| panic!("the README sample after {opening:?} is no JSON: {e}"))
}

const QUICK_START: &str = "```text\n$ tlslint check test-repos/legacy-console\n";

#[test]
fn quick_start_output_is_what_tlslint_prints() {
    let output = tlslint(&checkout(), &["check", "test-repos/legacy-console"], None);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // Findings are separated by a blank line before the next `TLS00N name` header (a finding
    // has blank lines of its own).
    let first_finding = stdout
        .split_once("\n\nTLS")
        .map_or(stdout.as_str(), |(first, _)| first);
    let summary = stderr.lines().last().expect("a summary line");
    let expected = format!("{first_finding}\n...\n{summary}\n");
    let text = readme();
    let (start, end) = block(&text, QUICK_START);
    if text[start..end] == expected {
        return;
    }
    if std::env::var_os("BLESS").is_some() {
        let updated = format!("{}{expected}{}", &text[..start], &text[end..]);
        std::fs::write(checkout().join("README.md"), updated).unwrap();
        return;
    }
    panic!(
        "README.md's quick-start output is stale (run `BLESS=1 cargo test --test readme_samples`):\n--- README\n{}\n--- tlslint\n{expected}",
        &text[start..end]
    );
}

/// The sweep sample is `tlslint sweep --list - --format json --top 1 --date 2026-12-01` of
/// legacy-console.
#[test]
fn sweep_json_sample_is_what_tlslint_prints() {
    let sample = json_block("that `tlslint report` merges:\n\n```json\n");
    let output = tlslint(
        &checkout().join("test-repos"),
        &[
            "sweep",
            "--list",
            "-",
            "--format",
            "json",
            "--top",
            "1",
            "--date",
            "2026-12-01",
        ],
        Some("legacy-console\n"),
    );
    let actual: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        sample,
        actual,
        "README.md's sweep sample is stale; tlslint prints:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// The check sample is `tlslint check --format json` in legacy-console, abridged to one of its
/// findings, with the `errors` entry of a tree holding a 12.3 MiB `src/Huge.cs`.
#[test]
fn check_json_sample_is_what_tlslint_prints() {
    let sample = json_block("- `json`: a stable, versioned document:\n\n```json\n");
    let output = tlslint(
        &checkout().join("test-repos/legacy-console"),
        &["check", "--format", "json"],
        None,
    );
    let actual: Value = serde_json::from_slice(&output.stdout).unwrap();
    let stale = |what: &str| {
        format!(
            "README.md's check JSON sample is stale ({what}); tlslint prints:\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    };
    let sample_keys: Vec<&String> = sample.as_object().unwrap().keys().collect();
    let actual_keys: Vec<&String> = actual.as_object().unwrap().keys().collect();
    assert_eq!(sample_keys, actual_keys, "{}", stale("fields"));
    for key in ["version", "tool", "projects", "summary"] {
        assert_eq!(sample[key], actual[key], "{}", stale(key));
    }
    let findings = sample["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for finding in findings {
        assert!(
            actual["findings"].as_array().unwrap().contains(finding),
            "{}",
            stale(&format!("finding {finding}"))
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    // 12.3 MiB, sparse: the size is refused before anything is read.
    std::fs::File::create(dir.path().join("src/Huge.cs"))
        .unwrap()
        .set_len(12_897_485)
        .unwrap();
    let huge = tlslint(dir.path(), &["check", "--format", "json"], None);
    let huge: Value = serde_json::from_slice(&huge.stdout).unwrap();
    assert_eq!(sample["errors"], huge["errors"], "{}", stale("errors"));
}

/// The option summaries of `check` and `sweep` in the README name only options the binary has
/// (an option renamed or removed in the code must not linger in the README).
#[test]
fn option_summaries_name_real_options() {
    let text = readme();
    for (opening, subcommands) in [
        (
            "```text\ntlslint check [PATHS]...",
            &["check", "rules", "sweep", "report"][..],
        ),
        (
            "```text\ntlslint sweep DIR | --list FILE",
            &["sweep", "report"],
        ),
    ] {
        let (start, end) = block(&text, opening);
        let summary = &text[start..end];
        let help: String = subcommands
            .iter()
            .map(|sub| {
                let output = tlslint(&checkout(), &[sub, "--help"], None);
                String::from_utf8(output.stdout).unwrap()
            })
            .collect();
        let mut named = 0;
        for word in summary.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            if let Some(option) = word.strip_prefix("--").filter(|o| !o.is_empty()) {
                named += 1;
                assert!(
                    help.contains(&format!("--{option} "))
                        || help.contains(&format!("--{option}\n")),
                    "README.md names --{option}, which `tlslint {subcommands:?} --help` does not list"
                );
            }
        }
        assert!(named > 10, "{opening}: {named} options found");
    }
}
