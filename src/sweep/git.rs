//! The commit a repository has checked out, for `--link-template`'s `{commit}`.
//!
//! Read from the files git keeps (`.git/HEAD`, the loose ref, `packed-refs`), never by running
//! git: nothing from a swept repository is executed, and a hook or config of a hostile
//! repository must not run on the sweeping machine. Every file is opened only when it is a
//! regular file (a FIFO named `HEAD` would block the sweep) and read up to a limit.

use std::io::Read;
use std::path::{Path, PathBuf};

/// HEAD and loose refs are one line; `packed-refs` of a large repository is megabytes.
const SMALL: u64 = 4096;
const PACKED_REFS: u64 = 64 << 20;

/// The object id `HEAD` of the repository in `repo` resolves to (SHA-1 or SHA-256, lower-case
/// hex); `None` when `repo` has no `.git` or `HEAD` does not resolve (an unborn branch).
pub fn head_commit(repo: &Path) -> Option<String> {
    let git_dir = git_dir(repo)?;
    let head = read_regular(&git_dir.join("HEAD"), SMALL)?;
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref:") else {
        return object_id(head);
    };
    let reference = reference.trim();
    if !is_safe_ref(reference) {
        return None;
    }
    // A linked worktree keeps HEAD itself but the shared refs in its `commondir`.
    let common = match read_regular(&git_dir.join("commondir"), SMALL) {
        Some(text) => git_dir.join(text.trim()),
        None => git_dir.clone(),
    };
    for dir in [&git_dir, &common] {
        if let Some(id) = read_regular(&dir.join(reference), SMALL).and_then(|t| object_id(&t)) {
            return Some(id);
        }
    }
    let packed = read_regular(&common.join("packed-refs"), PACKED_REFS)?;
    packed.lines().find_map(|line| {
        let (id, name) = line.split_once(' ')?;
        (name.trim() == reference).then(|| object_id(id)).flatten()
    })
}

/// `.git` itself, or the folder a `.git` file (a worktree or submodule) points to.
fn git_dir(repo: &Path) -> Option<PathBuf> {
    let dot_git = repo.join(".git");
    let metadata = std::fs::metadata(&dot_git).ok()?;
    if metadata.is_dir() {
        return Some(dot_git);
    }
    let text = read_regular(&dot_git, SMALL)?;
    let target = text.trim().strip_prefix("gitdir:")?.trim();
    Some(repo.join(target))
}

/// `refs/heads/main`: below `refs/`, no `..`, no empty or hidden components (git refuses
/// those too), so the name cannot lead out of the git folder.
fn is_safe_ref(name: &str) -> bool {
    name.starts_with("refs/")
        && name
            .split('/')
            .all(|part| !part.is_empty() && !part.starts_with('.') && !part.contains('\\'))
}

/// A full object id: 40 (SHA-1) or 64 (SHA-256) hex digits.
fn object_id(text: &str) -> Option<String> {
    let text = text.trim();
    ((text.len() == 40 || text.len() == 64) && text.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| text.to_ascii_lowercase())
}

/// The text of `path` when it is a regular file (following links), at most `limit` bytes.
fn read_regular(path: &Path, limit: u64) -> Option<String> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "0123456789abcdef0123456789abcdef01234567";
    const B: &str = "89abcdef0123456789abcdef0123456789abcdef";

    fn write(dir: &Path, path: &str, text: &str) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn head_resolves_through_loose_and_packed_refs() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        assert_eq!(head_commit(repo), None, "not a git repository");
        write(repo, ".git/HEAD", "ref: refs/heads/main\n");
        assert_eq!(head_commit(repo), None, "unborn branch");
        write(
            repo,
            ".git/packed-refs",
            &format!("# pack-refs with: peeled\n{B} refs/heads/other\n{A} refs/heads/main\n^{B}\n"),
        );
        assert_eq!(head_commit(repo).as_deref(), Some(A));
        write(repo, ".git/refs/heads/main", &format!("{B}\n"));
        assert_eq!(head_commit(repo).as_deref(), Some(B), "loose refs win");
        write(repo, ".git/HEAD", &A.to_uppercase());
        assert_eq!(head_commit(repo).as_deref(), Some(A), "detached");
    }

    #[test]
    fn worktrees_and_hostile_heads() {
        let dir = tempfile::tempdir().unwrap();
        let main = dir.path().join("main");
        write(
            &main,
            ".git/packed-refs",
            &format!("{A} refs/heads/topic\n"),
        );
        write(&main, ".git/worktrees/wt/HEAD", "ref: refs/heads/topic\n");
        write(&main, ".git/worktrees/wt/commondir", "../..\n");
        let wt = dir.path().join("wt");
        write(&wt, ".git", "gitdir: ../main/.git/worktrees/wt\n");
        assert_eq!(head_commit(&wt).as_deref(), Some(A));

        let hostile = dir.path().join("hostile");
        write(&hostile, "secret", &format!("{A}\n"));
        for head in [
            "ref: refs/../../secret",
            "ref: /etc/passwd",
            "ref: HEAD",
            "not a commit",
            "0123",
        ] {
            write(&hostile, ".git/HEAD", head);
            assert_eq!(head_commit(&hostile), None, "{head}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let fifo = dir.path().join(".git/HEAD");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(head_commit(dir.path()), None);
        }
    }
}
