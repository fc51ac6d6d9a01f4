//! `tlslint server` in a real editor: headless Neovim's built-in LSP client runs
//! `tests/neovim/check.lua` on a fixture repository (diagnostics, a code action applied to the
//! buffer, and an unsaved `App.config` edit clearing TLS006 on the project file).
//!
//! Without `nvim` on the PATH the test is skipped with a message, unless
//! `TLSLINT_REQUIRE_NEOVIM=1` (`.ci/run` installs Debian's `neovim` and sets it).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn required() -> bool {
    std::env::var("TLSLINT_REQUIRE_NEOVIM").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn has_neovim() -> bool {
    Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "expected" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The line the fixture adds to `Uploader.cs`: TLS002, whose fix (removing `Tls`) is safe and
/// is not an opt-in for the process, so the project keeps its TLS006.
const LEGACY_CALL: &str = "            new System.Net.Security.SslStream(System.IO.Stream.Null).AuthenticateAsClient(\"reports.example.com\", null, System.Security.Authentication.SslProtocols.Tls | System.Security.Authentication.SslProtocols.Tls12, false);";

/// A copy of `console-net45-no-opt-in` with [`LEGACY_CALL`] in `Uploader.Upload`; returns the
/// folder and the finding's 0-based line and byte column.
fn fixture() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-repos/console-net45-no-opt-in");
    copy(&repo, dir.path());
    let path = dir.path().join("ReportExporter/Uploader.cs");
    let text = std::fs::read_to_string(&path).unwrap();
    let anchor = "        public void Upload(string path)\r\n        {\r\n";
    let anchor = if text.contains(anchor) {
        anchor.to_owned()
    } else {
        anchor.replace("\r\n", "\n")
    };
    let line_break = if anchor.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let at = text.find(&anchor).expect("Upload's body") + anchor.len();
    let fixed = format!("{}{LEGACY_CALL}{line_break}{}", &text[..at], &text[at..]);
    std::fs::write(&path, &fixed).unwrap();
    let line = fixed[..at].lines().count();
    let column = LEGACY_CALL
        .find("System.Security.Authentication.SslProtocols.Tls |")
        .unwrap();
    (dir, format!("{line}:{column}"))
}

#[test]
fn neovim_shows_fixes_and_follows_app_config() {
    if !has_neovim() {
        assert!(
            !required(),
            "TLSLINT_REQUIRE_NEOVIM=1 is set but nvim is missing: apt-get install -y neovim"
        );
        eprintln!("skipped: no nvim (apt-get install -y neovim)");
        return;
    }
    let (dir, position) = fixture();
    // `check` agrees with where the script expects the finding.
    let check = common::tlslint(dir.path(), &["check", "--format", "concise", "."]);
    assert!(
        common::stdout(&check).contains("TLS002"),
        "{}",
        common::stdout(&check)
    );
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/neovim/check.lua");
    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(dir.path())
        .env("TLSLINT_BIN", env!("CARGO_BIN_EXE_tlslint"))
        .env("TLSLINT_FIXTURE", dir.path())
        .env("TLSLINT_TLS002", &position)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = nvim.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = nvim.kill();
            panic!("nvim did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = nvim.wait_with_output().unwrap();
    assert!(
        status.success(),
        "nvim failed ({status}):\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The server proposed edits; the fixture on disk is as it was written.
    let uploader = std::fs::read_to_string(dir.path().join("ReportExporter/Uploader.cs")).unwrap();
    assert!(uploader.contains(LEGACY_CALL));
}
