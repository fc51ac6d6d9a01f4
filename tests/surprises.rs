//! "No silent surprises" (issue 21): behaviours a newcomer trips over, each pinned by a test.
//! Settings that depend on the working directory, folders a sweep leaves out, report file
//! modes, error wording, file problems in GitHub annotations, completions and help.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{stderr, stdout, tlslint, write};

fn checkout() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const LEGACY: &str = "class A { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11; } }\n";

/// `[[overrides]]` globs are relative to the configuration file's folder, like `exclude`:
/// the test-repos/configured override turns TLS001 off under `tests/` from any working folder,
/// and TLS001 outside `tests/` is still reported.
#[test]
fn overrides_apply_from_any_working_folder() {
    let root = checkout();
    for (cwd, arg) in [
        (root.join("test-repos/configured"), "."),
        (root.clone(), "test-repos/configured"),
        (root.join("tests"), "../test-repos/configured"),
        (
            root.join("test-repos/configured/src"),
            "../tests/App.Tests/LegacyServerTests.cs",
        ),
    ] {
        let output = tlslint(&cwd, &["check", "--format", "concise", arg]);
        let out = stdout(&output);
        let overridden = out
            .lines()
            .any(|l| l.contains("LegacyServerTests.cs") && l.contains("TLS001"));
        assert!(!overridden, "from {}: {out}", cwd.display());
        assert!(
            out.contains("LegacyServerTests.cs") && out.contains("TLS002"),
            "other rules still apply under tests/ (from {}): {out}",
            cwd.display()
        );
        if arg.ends_with(".cs") {
            continue;
        }
        assert!(
            out.lines()
                .any(|l| l.contains("Startup.cs") && l.contains("TLS001")),
            "TLS001 outside tests/ is reported (from {}): {out}",
            cwd.display()
        );
    }
}

/// `--config` with a relative path anchors the globs at that file's folder too, and a file
/// outside that folder matches no override (and does not crash the matcher).
#[test]
fn overrides_of_a_named_config_file_are_anchored_at_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "repo/tlslint.toml",
        "[[overrides]]\npaths = [\"tests/**\"]\nignore = [\"TLS001\"]\n",
    );
    write(dir.path(), "repo/tests/A.cs", LEGACY);
    write(dir.path(), "repo/src/A.cs", LEGACY);
    write(dir.path(), "other/tests/A.cs", LEGACY);
    let output = tlslint(
        &dir.path().join("other"),
        &[
            "check",
            "--format",
            "concise",
            "--config",
            "../repo/tlslint.toml",
            "../repo",
            ".",
        ],
    );
    let out = stdout(&output);
    assert!(!out.contains("repo/tests/A.cs"), "{out}");
    assert!(out.contains("../repo/src/A.cs:1"), "{out}");
    assert!(
        out.contains("tests/A.cs:1") && out.lines().count() == 2,
        "the other folder's tests/ is not under the config's folder: {out}"
    );
}

/// `-o FILE` (check, sweep, baselines) creates a new file as any program would, 0666 minus the
/// umask (an inventory that cron publishes to a shared folder must be readable there), and
/// keeps the mode of a file it replaces.
#[cfg(unix)]
#[test]
fn output_files_get_the_usual_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "org/repo/A.cs", LEGACY);
    let probe = d.join("probe");
    std::fs::write(&probe, "").unwrap();
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let usual = mode(&probe);
    tlslint(
        d,
        &["check", "org", "--format", "json", "-o", "report.json"],
    );
    tlslint(
        d,
        &["sweep", "org", "--format", "csv", "-o", "inventory.csv"],
    );
    tlslint(d, &["check", "org", "--write-baseline", "baseline.json"]);
    for name in ["report.json", "inventory.csv", "baseline.json"] {
        let path = d.join(name);
        assert!(std::fs::metadata(&path).unwrap().len() > 0, "{name}");
        assert_eq!(mode(&path), usual, "{name}: {:o}", mode(&path));
    }
    std::fs::set_permissions(
        d.join("report.json"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    tlslint(
        d,
        &["check", "org", "--format", "json", "-o", "report.json"],
    );
    assert_eq!(mode(&d.join("report.json")), 0o640);
}

/// What makes the exit code 2 says `error:`; a file the scan went on past says `warning:`.
#[test]
fn fatal_input_problems_are_errors_and_the_rest_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "Good.cs", LEGACY);
    write(d, "broken.runtimeconfig.json", "{ not json");
    for args in [
        &["check", "missing/"][..],
        &["check", "Good.cs", "missing/"],
        &["check", "--format", "json", "Good.cs", "missing.cs"],
    ] {
        let output = tlslint(d, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("error: missing"), "{args:?}: {err}");
        assert!(!err.contains("warning: missing"), "{args:?}: {err}");
    }
    // A broken file is reported and the scan goes on: a warning, exit code from the findings.
    let output = tlslint(d, &["check", "."]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("warning: broken.runtimeconfig.json:") && !err.contains("error:"),
        "{err}"
    );
}

/// `-` is standard input to every linter: without `--stdin-filename` (which gives its language
/// and project) it is a clear usage error that names the flag, never "no such file" (and a
/// file named `-` is still reachable as `./-`).
#[test]
fn a_dash_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = tlslint(dir.path(), &["check", "-"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: `-` reads standard input")
            && err.contains("--stdin-filename")
            && !err.contains("warning"),
        "{err}"
    );
    write(dir.path(), "-", LEGACY);
    let output = tlslint(dir.path(), &["check", "./-"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// `--format github`: a file that could not be checked is a `::warning file=…::` annotation
/// (escaped per GitHub's workflow-command rules), after the error findings and before the
/// warning ones; a missing path argument is an `::error`.
#[test]
fn github_annotations_name_files_that_were_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "Good.cs", LEGACY);
    write(d, "a,b.runtimeconfig.json", "{ not json");
    write(
        d,
        "Old/Old.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net462</TargetFramework></PropertyGroup></Project>\n",
    );
    let output = tlslint(d, &["check", "--format", "github", "."]);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("::error file=Good.cs,"), "{out}");
    assert!(
        lines[1].starts_with(
            "::warning file=a%2Cb.runtimeconfig.json,title=tlslint%3A not checked::a,b.runtimeconfig.json: "
        ),
        "{out}"
    );
    assert!(
        lines[2].starts_with("::warning file=Old/Old.csproj,"),
        "{out}"
    );
    assert!(
        stderr(&output).contains("warning: a,b.runtimeconfig.json:"),
        "stderr keeps the line: {}",
        stderr(&output)
    );
    let output = tlslint(d, &["check", "--format", "github", "Good.cs", "gone.cs"]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        out.starts_with("::error file=gone.cs,title=tlslint%3A not checked::gone.cs: "),
        "{out}"
    );
}

/// `tlslint completions SHELL` prints a script for each shell clap_complete knows, generated
/// from the real options (so `--fail-on`'s values are completed); bash checks its syntax where
/// it is installed.
#[test]
fn completions_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_tlslint()"),
        ("zsh", "#compdef tlslint"),
        ("fish", "complete -c tlslint"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[tlslint]"),
    ] {
        let output = tlslint(dir.path(), &["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("fail-on"), "{shell}");
        for subcommand in ["check", "sweep", "report", "explain", "completions"] {
            assert!(script.contains(subcommand), "{shell} lacks {subcommand}");
        }
    }
    let bash = stdout(&tlslint(dir.path(), &["completions", "bash"]));
    assert!(
        bash.contains("\"error warning note never\""),
        "--fail-on's values are completed"
    );
    let path = dir.path().join("tlslint.bash");
    std::fs::write(&path, bash).unwrap();
    if let Ok(syntax) = Command::new("bash").arg("-n").arg(&path).output() {
        assert!(syntax.status.success(), "{}", stderr(&syntax));
    }
    let unknown = tlslint(dir.path(), &["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// `--help` lists `--fail-on`'s values and the exit codes (top level, check, sweep).
#[test]
fn help_lists_fail_on_values_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| stdout(&tlslint(dir.path(), args));
    let check = help(&["check", "--help"]);
    assert!(
        check.contains("[possible values: error, warning, note, never]"),
        "{check}"
    );
    assert!(check.contains("Exit codes:\n  0 "), "{check}");
    for code in ["\n  1 ", "\n  2 ", "\n  130 "] {
        assert!(check.contains(code), "{code}: {check}");
    }
    let top = help(&["--help"]);
    assert!(
        top.contains("Exit codes of check:") && top.contains("Exit codes of sweep and report:"),
        "{top}"
    );
    let sweep = help(&["sweep", "--help"]);
    assert!(
        sweep.contains("[possible values: breaks, at-risk, never]")
            && sweep.contains("Exit codes:"),
        "{sweep}"
    );
    // The list is enforced, with clap's suggestion, as a usage error.
    let bad = tlslint(dir.path(), &["check", "--fail-on", "warnings"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("possible values"), "{}", stderr(&bad));
}
