//! Installing tlslint without a Rust toolchain, tested with the real tools:
//!
//! - the Python wheel (`python/pyproject.toml`, built by maturin) installed into a fresh virtual
//!   environment gives a `tlslint` that reports exactly what the binary under test reports;
//! - the pre-commit hooks of `.pre-commit-hooks.yaml`, run by `pre-commit try-repo` against a
//!   temporary git repository as a user's `.pre-commit-config.yaml` would run them: `tlslint`
//!   (`language: python`, which installs the wheel through the root `setup.py`) and
//!   `tlslint-system` (the tlslint on the PATH).
//!
//! The wheel is built with the `dev` profile into this build's target folder, so it reuses what
//! `cargo test` compiled; the release wheel differs only in optimisation. The hook's
//! `pip install .` finds that wheel through `PIP_FIND_LINKS`, as it would find the published one
//! on PyPI. Without `maturin`, `pre-commit` or Python's `venv` the tests are skipped, unless
//! `TLSLINT_REQUIRE_PRECOMMIT=1` (set by `.ci/run`) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const TLSLINT: &str = env!("CARGO_BIN_EXE_tlslint");

fn required() -> bool {
    std::env::var("TLSLINT_REQUIRE_PRECOMMIT").is_ok_and(|v| v == "1")
}

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether the tools a test needs are here; a failure instead of a skip when CI requires them.
fn tools_present(tools: &[(&str, &[&str])]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|(program, args)| !available(program, args))
        .map(|(program, _)| *program)
        .collect();
    let has_git_dir = repo_root().join(".git").exists();
    if missing.is_empty() && has_git_dir {
        return true;
    }
    assert!(
        !required(),
        "TLSLINT_REQUIRE_PRECOMMIT=1 but {missing:?} (or this repository's .git) is missing: \
         pip install maturin pre-commit"
    );
    eprintln!("skipped: {missing:?} not installed (pip install maturin pre-commit)");
    false
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scratch() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn command(cwd: &Path, program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(cwd)
        .env("GIT_AUTHOR_NAME", "tlslint tests")
        .env("GIT_AUTHOR_EMAIL", "tests@tlslint.invalid")
        .env("GIT_COMMITTER_NAME", "tlslint tests")
        .env("GIT_COMMITTER_EMAIL", "tests@tlslint.invalid")
        .env("NO_COLOR", "1")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env_remove("TLSLINT_OUTPUT_FORMAT");
    command
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("{command:?} runs: {e}"))
}

/// The folder holding the one wheel built for this test run (built once per test binary).
fn wheel_dir() -> &'static Path {
    static WHEELS: OnceLock<PathBuf> = OnceLock::new();
    WHEELS.get_or_init(|| {
        let out = scratch().join("wheels");
        let _ = std::fs::remove_dir_all(&out);
        // CARGO_TARGET_TMPDIR is `<target>/tmp`: building in `<target>` reuses this build.
        let target = scratch()
            .parent()
            .expect("CARGO_TARGET_TMPDIR has a parent")
            .to_path_buf();
        let output = run(command(&repo_root().join("python"), "maturin")
            .args(["build", "--profile", "dev", "--out"])
            .arg(&out)
            .env("CARGO_TARGET_DIR", &target));
        assert!(output.status.success(), "maturin build: {}", text(&output));
        let wheels: Vec<_> = std::fs::read_dir(&out)
            .expect("maturin wrote its output folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "whl"))
            .collect();
        assert_eq!(
            wheels.len(),
            1,
            "one wheel in {}: {wheels:?}",
            out.display()
        );
        out
    })
}

fn the_wheel() -> PathBuf {
    std::fs::read_dir(wheel_dir())
        .expect("wheel folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("a wheel")
}

fn venv_bin(venv: &Path, program: &str) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join(format!("{program}.exe"))
    } else {
        venv.join("bin").join(program)
    }
}

#[test]
fn the_wheel_installs_a_working_tlslint() {
    if !tools_present(&[
        ("maturin", &["--version"]),
        ("python3", &["-m", "venv", "-h"]),
    ]) {
        return;
    }
    let wheel = the_wheel();
    let name = wheel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    assert!(
        name.starts_with(&format!("tlslint-{}-py3-none-", env!("CARGO_PKG_VERSION"))),
        "a binary-only wheel named for this version: {name}"
    );

    let dir = tempfile::tempdir().unwrap();
    let venv = dir.path().join("venv");
    let output = run(command(dir.path(), "python3")
        .args(["-m", "venv"])
        .arg(&venv));
    assert!(
        output.status.success(),
        "python3 -m venv: {}",
        text(&output)
    );
    let output = run(command(dir.path(), venv_bin(&venv, "python"))
        .args(["-m", "pip", "install", "--no-index", "--quiet"])
        .arg(&wheel));
    assert!(output.status.success(), "pip install: {}", text(&output));

    let installed = venv_bin(&venv, "tlslint");
    let output = run(command(dir.path(), &installed).arg("--version"));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("tlslint {}", env!("CARGO_PKG_VERSION"))
    );

    // The installed binary reports what the binary under test reports, exit code included.
    let args = ["check", "--format", "concise", "test-repos/legacy-console"];
    let from_wheel = run(command(repo_root(), &installed).args(args));
    let from_build = run(command(repo_root(), TLSLINT).args(args));
    assert_eq!(from_wheel.status.code(), Some(1), "{}", text(&from_wheel));
    assert_eq!(text(&from_wheel), text(&from_build));
    assert!(
        text(&from_wheel).contains("TLS001"),
        "{}",
        text(&from_wheel)
    );
}

/// A throw-away repository with a legacy file, a clean one, an excluded one and a README.
fn sample_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let write = |path: &str, content: &str| {
        let path = repo.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    };
    write(
        "src/Legacy.cs",
        "using System.Net;\nclass Legacy { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11; } }\n",
    );
    write(
        "src/Generated/Proxy.cs",
        "using System.Net;\nclass Proxy { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; } }\n",
    );
    write("src/Clean.cs", "class Clean { }\n");
    write(
        "README.md",
        "SecurityProtocolType.Tls11 in prose is not linted\n",
    );
    write("tlslint.toml", "exclude = [\"src/Generated/\"]\n");
    for args in [
        &["init", "--quiet"][..],
        &["add", "."],
        &["commit", "--quiet", "-m", "initial"],
    ] {
        let output = run(command(repo, "git").args(args));
        assert!(output.status.success(), "git {args:?}: {}", text(&output));
    }
    dir
}

/// Runs `hook` of this repository's `.pre-commit-hooks.yaml` on `files` of `repo`.
fn try_repo(repo: &Path, hook: &str, files: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Output {
    let mut pre_commit = command(repo, "pre-commit");
    pre_commit
        .args(["try-repo"])
        .arg(repo_root())
        .args([hook, "--verbose", "--files"])
        .args(files)
        .env(
            "PRE_COMMIT_HOME",
            scratch().join(format!("pre-commit-home-{hook}")),
        );
    for (key, value) in env {
        pre_commit.env(key, value);
    }
    run(&mut pre_commit)
}

fn check_hook(hook: &str, env: &[(&str, &std::ffi::OsStr)]) {
    let dir = sample_repo();
    let repo = dir.path();

    let output = try_repo(
        repo,
        hook,
        &["src/Legacy.cs", "src/Clean.cs", "README.md"],
        env,
    );
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("TLS001"), "{all}");
    assert!(all.contains("src/Legacy.cs"), "{all}");

    // Clean files pass; an excluded file passed by name is skipped (--force-exclude); files of
    // other kinds never reach tlslint (the hook's `files` pattern).
    let output = try_repo(
        repo,
        hook,
        &["src/Clean.cs", "src/Generated/Proxy.cs", "README.md"],
        env,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}

#[test]
fn the_python_hook_installs_the_wheel_and_runs() {
    if !tools_present(&[("maturin", &["--version"]), ("pre-commit", &["--version"])]) {
        return;
    }
    // The root setup.py requires `tlslint==<version>`; pip finds it among the local wheels as it
    // would on PyPI, and never compiles anything (no cargo in this hook's environment).
    let links = wheel_dir().as_os_str().to_owned();
    check_hook("tlslint", &[("PIP_FIND_LINKS", &links)]);
}

#[test]
fn the_system_hook_runs_the_tlslint_on_the_path() {
    if !tools_present(&[("pre-commit", &["--version"])]) {
        return;
    }
    let bin_dir = Path::new(TLSLINT).parent().expect("binary folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    check_hook("tlslint-system", &[("PATH", path.as_os_str())]);
}

/// What a user pins must exist together: the release tag `v<version>` that the README names in
/// its install lines and pre-commit `rev:`, the wheel version that the root setup.py requires
/// (so the hook at that tag installs that release), and the binary's `--version`.
#[test]
fn the_release_version_is_the_same_everywhere() {
    let version = env!("CARGO_PKG_VERSION");
    let setup = std::fs::read_to_string(repo_root().join("setup.py")).unwrap();
    assert!(
        setup.contains(&format!("VERSION = \"{version}\"")),
        "setup.py requires tlslint=={version}"
    );

    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let tag = format!("v{version}");
    for line in readme.lines() {
        // Every release URL, tag, pin and action reference names this version.
        for marker in [
            "releases/download/v",
            "rev: v",
            "--tag v",
            "tlslint/tlslint@v",
            "tlslint==",
        ] {
            if let Some(at) = line.find(marker) {
                let pinned: String = line[at + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                    .collect();
                assert_eq!(
                    pinned.trim_end_matches('.'),
                    version,
                    "README pins another version than {tag}: {line}"
                );
            }
        }
    }
    assert!(readme.contains(&format!("rev: {tag}")));
    assert!(readme.contains(&format!("releases/download/{tag}/tlslint-installer.sh")));
    assert!(readme.contains(&format!("releases/download/{tag}/tlslint-installer.ps1")));

    let output = Command::new(TLSLINT).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("tlslint {version}")
    );
}
