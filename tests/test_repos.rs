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

const FORMATS: [(&str, &str); 5] = [
    ("sarif", "check.sarif"),
    ("github", "check.github"),
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

/// Replaces what legitimately changes between builds and machines: the tool version and the
/// absolute folder the case was checked in (SARIF's `%SRCROOT%`).
fn redact(text: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let text = text
        .replace(
            &format!("\"version\": \"{version}\""),
            "\"version\": \"[version]\"",
        )
        .replace(
            &format!("\"semanticVersion\": \"{version}\""),
            "\"semanticVersion\": \"[version]\"",
        );
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("\"uri\": \"file:///")
                && line.trim_end().ends_with("/\"")
            {
                let indent = &line[..line.len() - line.trim_start().len()];
                format!("{indent}\"uri\": \"file:///[root]/\"")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
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

/// Copies a case's repository (without its expectations) into a temporary folder.
fn copy_case(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(case, dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("readable case") {
        let entry = entry.expect("readable entry");
        let name = entry.file_name();
        if from.join("case.toml").exists() && (name == "expected" || name == "case.toml") {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `root`, relative, with its bytes.
fn snapshot(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn fix(dir: &Path) -> (String, i32) {
    let output = Command::new(binary())
        .current_dir(dir)
        .args(["check", "--fix", "--unsafe-fixes", "--format", "json", "."])
        .env("NO_COLOR", "1")
        .output()
        .expect("tlslint runs");
    (
        String::from_utf8(output.stdout).expect("UTF-8"),
        output.status.code().unwrap_or(-1),
    )
}

/// `--fix --unsafe-fixes` turns every case into the tree checked in under
/// `expected/fixed/` (only the files that change are stored there), byte for byte; a second
/// run changes nothing and finds nothing left to fix.
#[test]
fn fixes_produce_the_expected_tree_and_converge() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if !case.join("expected").exists() {
            continue;
        }
        let work = copy_case(&case);
        let before = snapshot(work.path());
        fix(work.path());
        let after = snapshot(work.path());
        let changed: std::collections::BTreeMap<String, Vec<u8>> = after
            .iter()
            .filter(|(path, bytes)| before.get(*path) != Some(bytes))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect();
        let removed: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
        if !removed.is_empty() {
            failures.push(format!("{name}: --fix removed files {removed:?}"));
        }
        let fixed_dir = case.join("expected").join("fixed");
        if bless {
            let _ = std::fs::remove_dir_all(&fixed_dir);
            for (path, bytes) in &changed {
                let target = fixed_dir.join(path);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(target, bytes).unwrap();
            }
            continue;
        }
        let expected = if fixed_dir.exists() {
            snapshot(&fixed_dir)
        } else {
            Default::default()
        };
        if changed != expected {
            let differing: Vec<&String> = changed
                .keys()
                .chain(expected.keys())
                .filter(|p| changed.get(*p) != expected.get(*p))
                .collect();
            failures.push(format!(
                "{name}: the fixed tree differs from expected/fixed/ in {differing:?}"
            ));
        }
        // Idempotence: a second run writes nothing and leaves nothing fixable.
        let (json, _) = fix(work.path());
        if snapshot(work.path()) != after {
            failures.push(format!("{name}: a second --fix run changed files"));
        }
        let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let fixable: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| !f["fix"].is_null())
            .collect();
        if !fixable.is_empty() {
            failures.push(format!(
                "{name}: findings with fixes remain after --fix --unsafe-fixes: {fixable:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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

/// Two exe projects in one folder share its `App.config` (`test-repos/shared-app-config`).
/// Their TLS006 fixes merge into the existing `<runtime>` as one `<AppContextSwitchOverrides>`
/// (identical edits are applied once), which opts both in; a second run changes no byte and
/// has nothing left to fix.
#[test]
fn tls006_fixes_sharing_an_app_config_merge_and_converge() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos/shared-app-config");
    let work = copy_case(&case);
    let fix_tls006 = |format: &str| {
        let output = Command::new(binary())
            .current_dir(work.path())
            .args(["check", "--fix", "--unsafe-fixes", "--select", "TLS006"])
            .args(["--format", format, "."])
            .env("NO_COLOR", "1")
            .output()
            .expect("tlslint runs");
        (
            String::from_utf8(output.stdout).expect("UTF-8"),
            String::from_utf8(output.stderr).expect("UTF-8"),
        )
    };
    let before = snapshot(work.path());
    // The summary line is printed for the human formats.
    let (_, stderr) = fix_tls006("concise");
    assert!(stderr.contains("fixed 2 findings"), "{stderr}");
    assert!(!stderr.contains("not applied"), "{stderr}");
    let after = snapshot(work.path());
    let changed: Vec<&String> = after
        .keys()
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert_eq!(changed, ["Billing/App.config"]);
    let merged = String::from_utf8(after["Billing/App.config"].clone()).expect("UTF-8");
    assert_eq!(
        merged,
        r#"<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <startup>
    <supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.5.2" />
  </startup>
  <appSettings>
    <add key="InvoiceEndpoint" value="https://billing.example/api/invoices" />
  </appSettings>
  <runtime>
    <assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1">
      <dependentAssembly>
        <assemblyIdentity name="Newtonsoft.Json" publicKeyToken="30ad4fe6b2a6aeed" culture="neutral" />
        <bindingRedirect oldVersion="0.0.0.0-13.0.0.0" newVersion="13.0.0.0" />
      </dependentAssembly>
    </assemblyBinding>
    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSystemDefaultTlsVersions=false;Switch.System.Net.DontEnableSchUseStrongCrypto=false" />
  </runtime>
</configuration>
"#
    );

    let (_, stderr) = fix_tls006("concise");
    assert!(stderr.contains("fixed 0 findings"), "{stderr}");
    assert_eq!(snapshot(work.path()), after, "a second run changed files");
    let (json, stderr) = fix_tls006("json");
    assert!(!stderr.contains("not applied"), "{stderr}");
    assert_eq!(snapshot(work.path()), after, "a third run changed files");
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    assert!(
        findings.iter().all(|f| f["fix"].is_null()),
        "nothing is left to fix: {findings:?}"
    );
    // Both project files own the folder's App.config, so both are opted in now: nothing of
    // TLS006 remains.
    assert!(
        findings.iter().all(|f| f["rule"] != "TLS006"),
        "{findings:?}"
    );
    let projects: Vec<&serde_json::Value> = report["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .filter(|p| {
            p["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("Billing/"))
        })
        .collect();
    assert_eq!(projects.len(), 2, "{projects:?}");
    assert!(projects.iter().all(|p| p["opt_in"] == true), "{projects:?}");
}
