//! Runs the real binary over every `test-repos/<case>/` and compares its complete output with
//! the expectations checked in under `test-repos/<case>/expected/`.
//!
//! Each case may hold a `case.toml`:
//!
//! ```toml
//! args = ["--select", "ALL"]   # extra arguments after `check --format <format>`
//! exit = 1                     # expected exit code (default: 1 when a finding is a warning or
//!                              # an error, as with the default `--fail-on warning`)
//! ```
//!
//! To accept new output after an intended change: `BLESS=1 cargo test --test test_repos`,
//! then review the diff of `test-repos/*/expected/` before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

const FORMATS: [(&str, &str); 3] = [
    ("json", "check.json"),
    ("concise", "check.concise"),
    ("full", "check.full"),
];

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_tlslint")
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("test-repos/ exists")
        .map(|entry| entry.expect("readable test-repos entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases under test-repos/");
    cases
}

#[derive(Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[serde(default)]
    args: Vec<String>,
    exit: Option<i32>,
}

fn case_config(case: &Path) -> Case {
    match std::fs::read_to_string(case.join("case.toml")) {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", case.display())),
        Err(_) => Case::default(),
    }
}

/// Runs `tlslint check --format <format> <args> .` inside `dir`.
pub fn run(dir: &Path, format: &str, args: &[String]) -> (String, String, i32) {
    let output = Command::new(binary())
        .current_dir(dir)
        .arg("check")
        .arg("--format")
        .arg(format)
        .args(args)
        .arg(".")
        .env_remove("TLSLINT_OUTPUT_FORMAT")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .output()
        .expect("tlslint runs");
    (
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        output.status.code().unwrap_or(-1),
    )
}

/// Replaces what legitimately changes between builds (the tool version).
fn redact(text: &str) -> String {
    text.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[version]\"",
    )
}

#[test]
fn every_case_matches_its_expected_output() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let config = case_config(&case);
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        for (format, file) in FORMATS {
            let (stdout, stderr, code) = run(&case, format, &config.args);
            let actual = redact(&stdout);
            let expected_path = case.join("expected").join(file);
            if bless {
                std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
                std::fs::write(&expected_path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if actual != expected {
                failures.push(format!(
                    "{name} ({format}): output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}\n--- stderr\n{stderr}",
                    expected_path.display()
                ));
            }
            if format != "json" {
                continue;
            }
            // By default the exit code follows the default `--fail-on warning`.
            let report: serde_json::Value =
                serde_json::from_str(&stdout).expect("JSON output parses");
            let fails = report["findings"]
                .as_array()
                .expect("findings array")
                .iter()
                .any(|f| f["severity"] != "note");
            let expected_exit = config.exit.unwrap_or(i32::from(fails));
            if code != expected_exit {
                failures.push(format!(
                    "{name}: exit code {code}, expected {expected_exit}\n{stderr}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos");
    let one = run(&root, "json", &["--threads".into(), "1".into()]);
    let eight = run(&root, "json", &["--threads".into(), "8".into()]);
    assert!(one.0.contains("\"findings\""));
    assert_eq!(
        one.0, eight.0,
        "JSON differs between --threads 1 and --threads 8"
    );
    let one = run(&root, "full", &["--threads".into(), "1".into()]);
    let eight = run(&root, "full", &["--threads".into(), "8".into()]);
    assert_eq!(
        one.0, eight.0,
        "full output differs between --threads 1 and --threads 8"
    );
}
