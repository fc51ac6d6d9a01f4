//! Where and how `--fix` writes: only inside the scanned tree, never through a link, keeping
//! what it can of the file's owner and mode, refusing what the runner may not write, counting
//! only what was written, and leaving no temporary file behind when interrupted.
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::{stderr, tlslint};

const CHAIN: &str = "class C { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11 | System.Net.SecurityProtocolType.Tls12; } }\n";
const FIXED: &str = "class C { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls12; } }\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[test]
fn a_symlinked_folder_never_leads_a_write_outside_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("other-checkout/X.cs");
    write(&outside, CHAIN);
    let repo = dir.path().join("repo");
    write(&repo.join("src/Own.cs"), CHAIN);
    symlink(dir.path().join("other-checkout"), repo.join("src/linkdir")).unwrap();
    let absolute = repo.join("src/linkdir/X.cs");
    let absolute = absolute.to_str().unwrap();
    // The link named as the root, as a folder on the way to a named file, and both from
    // another directory by absolute path.
    for (cwd, path) in [
        (&repo, "src/linkdir"),
        (&repo, "src/linkdir/"),
        (&repo, "src/linkdir/X.cs"),
        (&repo, "./src/../src/linkdir/X.cs"),
        (&dir.path().to_path_buf(), absolute),
    ] {
        let output = tlslint(cwd, &["check", "--fix", path]);
        assert_eq!(
            std::fs::read_to_string(&outside).unwrap(),
            CHAIN,
            "{path}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains("fix not applied: its path goes through the symbolic link")
                && message.contains("other-checkout/X.cs"),
            "{path}: the warning names the link and the real path: {message}"
        );
        assert!(message.contains("fixed 0 findings"), "{path}: {message}");
        assert_eq!(output.status.code(), Some(2), "{path}: {message}");
    }
    // The walk itself never follows the link; the tree's own file is fixed.
    let output = tlslint(&repo, &["check", "--fix", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(repo.join("src/Own.cs")).unwrap(),
        FIXED
    );
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), CHAIN);
    assert!(
        !std::fs::read_dir(dir.path().join("other-checkout"))
            .unwrap()
            .any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".tlslint-")),
        "no temporary file outside the tree either"
    );
}

#[test]
fn a_link_above_the_current_directory_is_the_users_own() {
    // `cd` through a link is the user's choice: a named path below the current directory is
    // written even when the current directory was reached through a link.
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("real/repo/A.cs"), CHAIN);
    symlink(dir.path().join("real"), dir.path().join("via")).unwrap();
    let output = tlslint(&dir.path().join("via/repo"), &["check", "--fix", "A.cs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/repo/A.cs")).unwrap(),
        FIXED
    );
}

#[test]
fn a_replaced_file_keeps_its_mode_and_owner() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("A.cs");
    write(&file, CHAIN);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    // As root (CI), the file can belong to someone else, and keeps belonging to them.
    let owner = if is_root() {
        std::os::unix::fs::chown(&file, Some(65534), Some(65534)).unwrap();
        65534
    } else {
        std::fs::metadata(&file).unwrap().uid()
    };
    let output = tlslint(dir.path(), &["check", "--fix", "A.cs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let metadata = std::fs::metadata(&file).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), FIXED);
    assert_eq!(metadata.mode() & 0o7777, 0o640);
    assert_eq!(metadata.uid(), owner);
}

#[test]
fn a_file_the_runner_may_not_write_is_refused() {
    // Needs a second user: run as root, the test drops to `nobody` for the check.
    if !is_root() || Command::new("runuser").arg("--help").output().is_err() {
        eprintln!("skipped: needs root and runuser");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let file = dir.path().join("A.cs");
    write(&file, CHAIN);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = Command::new("runuser")
        .args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_tlslint")])
        .args(["check", "--fix", "A.cs"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let message = stderr(&output);
    if message.contains("Permission denied") && output.status.code() != Some(2) {
        eprintln!("skipped: nobody cannot run the test binary here: {message}");
        return;
    }
    assert!(
        message.contains("A.cs: fix not applied: not writable by this user; not written"),
        "{message}"
    );
    assert!(message.contains("fixed 0 findings"), "{message}");
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), CHAIN);
    assert_eq!(std::fs::metadata(&file).unwrap().uid(), 0);
}

#[test]
fn refused_writes_are_not_counted_and_are_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("A.cs"), CHAIN);
    write(&dir.path().join("ReadOnly.cs"), CHAIN);
    let locked = dir.path().join("ReadOnly.cs");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = tlslint(dir.path(), &["check", "--fix", "."]);
    let message = stderr(&output);
    assert_eq!(
        message
            .matches("ReadOnly.cs: fix not applied: read-only")
            .count(),
        1,
        "{message}"
    );
    assert!(
        message.contains("fixed 1 finding; 2 remaining"),
        "only the written file counts: {message}"
    );
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), CHAIN);
}

#[test]
fn an_interrupted_fix_leaves_no_temporary_file() {
    // Interrupt runs at many points of their writes: every file is whole (before or after),
    // and no `.tlslint-…` file stays behind.
    for delay_ms in (0..=12u64).map(|step| step * 80) {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..300 {
            write(&dir.path().join(format!("F{i:03}.cs")), CHAIN);
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_tlslint"))
            .current_dir(dir.path())
            .args(["check", "--fix", "--format", "concise", "."])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let _ = child.wait().unwrap();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                !name.starts_with(".tlslint-"),
                "after {delay_ms} ms: {name} left behind"
            );
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(text == CHAIN || text == FIXED, "{name} is whole: {text:?}");
        }
    }
}
