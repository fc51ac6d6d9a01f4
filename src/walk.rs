//! Finding the files to lint: the `ignore` crate's parallel walker (`.gitignore`, `.ignore`,
//! hidden files), configured excludes, and explicit file arguments.
//!
//! [`walk_with`] hands each file to a visitor on the walker thread that found it (the check
//! reads and analyses it there); the results are sorted by path afterwards, so output never
//! depends on the order threads happened to visit folders in.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::gitignore::Gitignore;
use ignore::{WalkBuilder, WalkState};

use crate::lang::FileKind;

/// How to walk.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Also walk hidden files and folders.
    pub hidden: bool,
    /// Do not respect `.gitignore`, `.ignore` and git excludes.
    pub no_ignore: bool,
    /// Apply excludes and ignore files to explicitly named files too (pre-commit passes files).
    pub force_exclude: bool,
    /// Walker threads (0: the `ignore` crate's choice).
    pub threads: usize,
}

/// One path given on the command line, with the exclusion rules that apply below it.
pub struct Root {
    pub path: PathBuf,
    /// Index of the settings (configuration) that apply to files under this root.
    pub settings: usize,
    /// `exclude` from the configuration file, anchored at the file's folder.
    pub config_excludes: Gitignore,
    /// `--exclude` from the command line, anchored at the working directory.
    pub cli_excludes: Gitignore,
}

impl Root {
    fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        excluded(&[&self.config_excludes, &self.cli_excludes], path, is_dir)
    }
}

fn excluded(matchers: &[&Gitignore], path: &Path, is_dir: bool) -> bool {
    // Most runs have no excludes: skip making the path absolute for every entry.
    if matchers.iter().all(|m| m.is_empty()) {
        return false;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    matchers.iter().any(|matcher| {
        absolute.starts_with(matcher.path())
            && matcher
                .matched_path_or_any_parents(&absolute, is_dir)
                .is_ignore()
    })
}

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    pub kind: FileKind,
    pub settings: usize,
}

/// A path that could not be walked (permission denied, a symlink loop, a missing argument).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
    /// A path given on the command line does not exist, or is a symbolic link that does not
    /// resolve (dangling, or a loop): a usage error (exit code 2).
    pub missing_argument: bool,
}

/// What the walk keeps of each file: the visitor's result, which knows the file it came from.
/// Results are ordered by path, then settings; of two visits of one path the first is kept.
pub trait Visited: Send {
    fn path(&self) -> &Path;
    fn settings(&self) -> usize;
}

impl Visited for Candidate {
    fn path(&self) -> &Path {
        &self.path
    }
    fn settings(&self) -> usize {
        self.settings
    }
}

/// The walker of a folder: hidden files and ignore files as `options` say, links not followed.
fn walk_builder(folder: &Path, options: &WalkOptions) -> WalkBuilder {
    let mut builder = WalkBuilder::new(folder);
    builder
        .hidden(!options.hidden)
        .ignore(!options.no_ignore)
        .git_ignore(!options.no_ignore)
        .git_global(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .parents(!options.no_ignore)
        .require_git(false)
        .follow_links(false)
        .threads(options.threads);
    builder
}

/// Walks every root and returns the files to lint, sorted by path and without duplicates.
pub fn walk(roots: &[Root], options: &WalkOptions) -> (Vec<Candidate>, Vec<WalkError>) {
    walk_with(roots, options, &|candidate| candidate)
}

/// Walks every root and calls `visit` on each file as soon as the walker finds it, on the
/// walker's threads (ripgrep's design: the walk feeds the workers, nothing waits for the whole
/// tree). Explicitly named files are visited on the current rayon pool. The results come back
/// sorted by path, without duplicates, so their order never depends on the threads'. The
/// visitor owns the candidate: what it keeps of it (the path) is not copied.
pub fn walk_with<T: Visited>(
    roots: &[Root],
    options: &WalkOptions,
    visit: &(dyn Fn(Candidate) -> T + Sync),
) -> (Vec<T>, Vec<WalkError>) {
    use rayon::prelude::*;
    let found: Mutex<Vec<T>> = Mutex::new(Vec::new());
    let mut named: Vec<Candidate> = Vec::new();
    let errors = Mutex::new(Vec::new());
    for root in roots {
        let metadata = match std::fs::metadata(&root.path) {
            Ok(metadata) => metadata,
            Err(e) => {
                lock(&errors).push(unresolved_argument(&root.path, &e));
                continue;
            }
        };
        if !metadata.is_dir() {
            // Explicit files are linted whatever the ignore files say, unless --force-exclude.
            if let Some(kind) = root.path.file_name().and_then(kind_of)
                && !(options.force_exclude
                    && (root.excluded(&root.path, false) || git_ignored(&root.path, options)))
            {
                if !metadata.is_file() {
                    // Opening a FIFO blocks until something writes to it, and a device may
                    // never end: named special files are reported instead, as walked ones are
                    // skipped.
                    lock(&errors).push(WalkError {
                        path: root.path.clone(),
                        message: format!("not a regular file ({})", file_type_name(&metadata)),
                        missing_argument: false,
                    });
                    continue;
                }
                named.push(Candidate {
                    path: root.path.clone(),
                    kind,
                    settings: root.settings,
                });
            }
            continue;
        }
        let mut builder = walk_builder(&root.path, options);
        let (config_excludes, cli_excludes) =
            (root.config_excludes.clone(), root.cli_excludes.clone());
        builder.filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            entry.depth() == 0
                || !excluded(&[&config_excludes, &cli_excludes], entry.path(), is_dir)
        });
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(entry) => {
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        if is_file && let Some(kind) = kind_of(entry.file_name()) {
                            let result = visit(Candidate {
                                path: entry.into_path(),
                                kind,
                                settings: root.settings,
                            });
                            lock(&found).push(result);
                        }
                    }
                    Err(error) => lock(&errors).push(walk_error(error)),
                }
                WalkState::Continue
            })
        });
    }
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    // A file named twice (or named and inside a walked folder) is visited once.
    named.sort();
    named.dedup_by(|a, b| a.path == b.path);
    if !named.is_empty() && !found.is_empty() {
        let walked: std::collections::HashSet<&Path> = found.iter().map(T::path).collect();
        named.retain(|c| !walked.contains(c.path.as_path()));
    }
    let named: Vec<T> = named.into_par_iter().map(visit).collect();
    found.extend(named);
    sort_by_path(&mut found);
    found.dedup_by(|a, b| a.path() == b.path());
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    errors.sort();
    errors.dedup();
    (found, errors)
}

/// The file that standard input stands for (`--stdin-filename`), unless `--force-exclude`
/// excludes it (as it would the same file named on the command line) or tlslint does not read
/// files of its name. It need not exist.
pub fn stdin_candidate(
    path: &Path,
    root: Option<&Root>,
    options: &WalkOptions,
) -> Option<Candidate> {
    let kind = path.file_name().and_then(kind_of)?;
    let root = root?;
    if options.force_exclude && (root.excluded(path, false) || git_ignored(path, options)) {
        return None;
    }
    Some(Candidate {
        path: path.to_owned(),
        kind,
        settings: root.settings,
    })
}

/// The file an editor's buffer stands for when nothing is on disk at its path yet (a new file
/// `relative` to `root`, a folder): the candidate the walk of `root` would find once the file
/// is saved, if tlslint reads files of its name and it is neither hidden nor excluded nor
/// ignored. `relative` is lexically normal (no `.` or `..`).
pub fn unsaved_candidate(root: &Root, relative: &Path, options: &WalkOptions) -> Option<Candidate> {
    let path = root.path.join(relative);
    let kind = path.file_name().and_then(kind_of)?;
    let hidden = relative.components().any(|component| {
        matches!(component, std::path::Component::Normal(name)
            if name.as_encoded_bytes().starts_with(b"."))
    });
    if (hidden && !options.hidden)
        || root.excluded(&path, false)
        || ignored_in_walk(&root.path, relative, options)
    {
        return None;
    }
    Some(Candidate {
        path,
        kind,
        settings: root.settings,
    })
}

/// Whether the walk of `folder` would skip `relative` below it, or a folder on the way, for
/// the ignore files (`.gitignore`, `.ignore`, git excludes, those of parent folders too).
fn ignored_in_walk(folder: &Path, relative: &Path, options: &WalkOptions) -> bool {
    let Some(mut matcher) = walk_builder(folder, options)
        .build_matchers()
        .into_iter()
        .next()
    else {
        return false;
    };
    matcher.matched(relative, false).is_ignore()
        || relative
            .ancestors()
            .skip(1)
            .filter(|dir| !dir.as_os_str().is_empty())
            .any(|dir| matcher.matched(dir, true).is_ignore())
}

/// Adds visits the walk did not make (`more`: files that exist only in an editor's buffers) to
/// its results, which stay sorted by path and without duplicates, as [`walk_with`] returns them.
pub fn merge_visited<T: Visited>(found: &mut Vec<T>, more: Vec<T>) {
    if more.is_empty() {
        return;
    }
    found.extend(more);
    sort_by_path(found);
    found.dedup_by(|a, b| a.path() == b.path());
}

/// Sorts walked files by path (component by component, as `Path` compares), then settings,
/// comparing each path's components as one string: `Path`'s comparison parses both paths
/// again at every step, which cost 20 ms for a 15,000-file tree.
fn sort_by_path<T: Visited>(found: &mut Vec<T>) {
    if cfg!(windows) {
        // Drive prefixes compare by their parsed form: leave them to `Path`.
        found.sort_by(|a, b| (a.path(), a.settings()).cmp(&(b.path(), b.settings())));
        return;
    }
    let mut keyed: Vec<(Vec<u8>, T)> = std::mem::take(found)
        .into_iter()
        .map(|entry| (component_key(entry.path()), entry))
        .collect();
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.settings().cmp(&b.1.settings()))
    });
    found.extend(keyed.into_iter().map(|(_, entry)| entry));
}

/// A path's components, each as its kind (in `Component`'s order: the root before `.` before
/// `..` before names), its text and a NUL byte (which no component holds): comparing two keys
/// as bytes compares the paths as `Path` does (on systems without drive prefixes).
fn component_key(path: &Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 16);
    for component in path.components() {
        key.push(match component {
            Component::Prefix(_) => 1,
            Component::RootDir => 2,
            Component::CurDir => 3,
            Component::ParentDir => 4,
            Component::Normal(_) => 5,
        });
        key.extend_from_slice(component.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

/// The kind of a file by its name. A name that is not UTF-8 (paths are bytes on Unix) is
/// classified by its lossy form: the extension that decides is ASCII, and such a file must be
/// checked like any other rather than skipped silently.
fn kind_of(name: &std::ffi::OsStr) -> Option<FileKind> {
    if name.to_str().is_some() {
        return FileKind::from_file_name(name);
    }
    let lossy = String::from_utf8_lossy(name.as_encoded_bytes());
    FileKind::from_file_name(std::ffi::OsStr::new(lossy.as_ref()))
}

/// A path argument that cannot be resolved: missing, a dangling symbolic link, or a symbolic
/// link loop. All three name nothing that could be checked, so all three are usage errors
/// (exit code 2); permission problems and other I/O errors are reported like unreadable files.
fn unresolved_argument(path: &Path, error: &std::io::Error) -> WalkError {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let (message, missing_argument) = if is_symlink_loop(error) {
        (
            "symbolic link loop: the path cannot be resolved".to_owned(),
            true,
        )
    } else if error.kind() == std::io::ErrorKind::NotFound && is_link {
        (
            "dangling symbolic link: its target does not exist".to_owned(),
            true,
        )
    } else {
        (
            io_message(error),
            error.kind() == std::io::ErrorKind::NotFound,
        )
    };
    WalkError {
        path: path.to_owned(),
        message,
        missing_argument,
    }
}

/// Whether an error is `ELOOP` (std's `ErrorKind` for it is not stable yet); rustix knows
/// its number on every Unix.
fn is_symlink_loop(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    let number = Some(rustix::io::Errno::LOOP.raw_os_error());
    #[cfg(not(unix))]
    let number: Option<i32> = None;
    number.is_some() && error.raw_os_error() == number
}

/// What a path that is neither a file nor a folder is, for messages.
pub fn file_type_name(metadata: &std::fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    "a special file"
}

/// A path in `--show-files`: a file a run would check, or a file or folder it skips and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Listed {
    pub path: PathBuf,
    pub is_dir: bool,
    /// `None`: checked.
    pub skipped: Option<String>,
}

/// What a walk of `roots` checks, and what it skips with the reason (`--show-files`): the files
/// the walk finds, then a second look at everything below each folder root, reporting each
/// skipped file of a kind tlslint reads, and each skipped folder once (not its contents).
/// Files of kinds tlslint does not read are left out. Sorted by path.
pub fn listing(roots: &[Root], options: &WalkOptions) -> (Vec<Listed>, Vec<WalkError>) {
    let (found, errors) = walk(roots, options);
    let checked: std::collections::HashSet<PathBuf> =
        found.iter().map(|c| c.path.clone()).collect();
    let mut out: Vec<Listed> = found
        .into_iter()
        .map(|c| Listed {
            path: c.path,
            is_dir: false,
            skipped: None,
        })
        .collect();
    for root in roots {
        let Ok(metadata) = std::fs::metadata(&root.path) else {
            continue; // reported by the walk
        };
        if metadata.is_dir() {
            let mut ignores = ignore_matcher(&root.path, options);
            list_folder(root, &root.path, options, &checked, &mut ignores, &mut out);
        } else if !checked.contains(&root.path) && metadata.is_file() {
            let reason = if root.path.file_name().and_then(kind_of).is_none() {
                "not a file kind tlslint reads".to_owned()
            } else {
                skip_reason(root, &root.path, false, options, &mut None)
                    .unwrap_or_else(|| "excluded (--force-exclude)".to_owned())
            };
            out.push(Listed {
                path: root.path.clone(),
                is_dir: false,
                skipped: Some(reason),
            });
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.path == b.path);
    (out, errors)
}

/// The ignore files' matcher for a walk from `top` (`None` with --no-ignore).
fn ignore_matcher(top: &Path, options: &WalkOptions) -> Option<ignore::IncrementalIgnore> {
    if options.no_ignore {
        return None;
    }
    let mut builder = WalkBuilder::new(top);
    builder.hidden(false).require_git(false);
    builder.build_matchers().into_iter().next()
}

fn list_folder(
    root: &Root,
    folder: &Path,
    options: &WalkOptions,
    checked: &std::collections::HashSet<PathBuf>,
    ignores: &mut Option<ignore::IncrementalIgnore>,
    out: &mut Vec<Listed>,
) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return; // the walk reports unreadable folders
    };
    let mut entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        // Joined as the walk joins them, so that paths compare equal.
        let path = folder.join(entry.file_name());
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if entry.file_name() == ".git" {
                continue;
            }
            match skip_reason(root, &path, true, options, ignores) {
                Some(reason) => out.push(Listed {
                    path,
                    is_dir: true,
                    skipped: Some(reason),
                }),
                None => list_folder(root, &path, options, checked, ignores, out),
            }
            continue;
        }
        if checked.contains(&path) || kind_of(&entry.file_name()).is_none() {
            continue;
        }
        let reason = if file_type.is_symlink() {
            Some("a symbolic link (not followed)".to_owned())
        } else if !file_type.is_file() {
            Some("not a regular file".to_owned())
        } else {
            skip_reason(root, &path, false, options, ignores)
        };
        out.push(Listed {
            path,
            is_dir: false,
            skipped: Some(reason.unwrap_or_else(|| "skipped by the walk".to_owned())),
        });
    }
}

/// Why the walk skips `path`, if it does: an exclude glob (naming it), a hidden name, or an
/// ignore file.
fn skip_reason(
    root: &Root,
    path: &Path,
    is_dir: bool,
    options: &WalkOptions,
    ignores: &mut Option<ignore::IncrementalIgnore>,
) -> Option<String> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    for (matcher, source) in [
        (&root.config_excludes, "`exclude` in the configuration file"),
        (&root.cli_excludes, "--exclude"),
    ] {
        if matcher.is_empty() || !absolute.starts_with(matcher.path()) {
            continue;
        }
        if let ignore::Match::Ignore(glob) = matcher.matched_path_or_any_parents(&absolute, is_dir)
        {
            return Some(format!("excluded by `{}` ({source})", glob.original()));
        }
    }
    let hidden = path
        .file_name()
        .is_some_and(|name| name.as_encoded_bytes().starts_with(b"."));
    if hidden && !options.hidden {
        return Some("hidden (--hidden checks it)".to_owned());
    }
    match ignores {
        Some(matcher) => {
            let relative = matcher.normalize(&absolute)?;
            matcher.matched(&relative, is_dir).is_ignore().then(|| {
                "ignored by a .gitignore, .ignore or git exclude file (--no-ignore checks it)"
                    .to_owned()
            })
        }
        // A named file: judged as --force-exclude judges it.
        None if !is_dir && git_ignored(path, options) => Some(
            "ignored by a .gitignore, .ignore or git exclude file (--no-ignore checks it)"
                .to_owned(),
        ),
        None => None,
    }
}

/// Whether `.gitignore`/`.ignore` files exclude `path` (for --force-exclude on explicit files).
fn git_ignored(path: &Path, options: &WalkOptions) -> bool {
    if options.no_ignore {
        return false;
    }
    let Ok(absolute) = std::path::absolute(path) else {
        return false;
    };
    // Match as a walk from the working folder would (or from the file's folder when it lies
    // elsewhere): ignore files in parent folders still apply, but the folders above the start
    // are not judged, so a checkout under a hidden folder (`~/.cache/...`, a `.tmp` folder) is
    // not hidden as a whole.
    let cwd = std::env::current_dir().ok();
    let top = match (&cwd, absolute.parent()) {
        (Some(cwd), _) if absolute.starts_with(cwd) => cwd.as_path(),
        (_, Some(parent)) => parent,
        _ => return false,
    };
    let mut builder = WalkBuilder::new(top);
    builder.hidden(!options.hidden).require_git(false);
    let Some(mut matcher) = builder.build_matchers().into_iter().next() else {
        return false;
    };
    let Some(relative) = matcher.normalize(&absolute) else {
        return false;
    };
    if matcher.matched(&relative, false).is_ignore() {
        return true;
    }
    relative
        .ancestors()
        .skip(1)
        .filter(|dir| !dir.as_os_str().is_empty())
        .any(|dir| matcher.matched(dir, true).is_ignore())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn walk_error(error: ignore::Error) -> WalkError {
    let path = error_path(&error).unwrap_or_default();
    let message = match &error {
        ignore::Error::WithPath { err, .. } => err.to_string(),
        ignore::Error::Loop { .. } => "symlink loop".to_owned(),
        other => other.to_string(),
    };
    WalkError {
        path,
        message,
        missing_argument: false,
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

/// An I/O error message without Rust's "(os error 2)" suffix.
pub fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_owned(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte order of the keys is `Path`'s order, also where the separator sorts differently
    /// from the characters around it and where paths differ only in how they are written.
    #[test]
    fn component_keys_sort_like_paths() {
        let paths = [
            "a", "a/b", "a-b", "a/b/c", "a.b", "/x", "a/./b", "a//b", "ab", "A", "a b", "a/b-c",
            "a/b/", "é/x", "e/x", "./a", "../a", "a/..", "/", "a0", "a/",
        ];
        let mut by_path: Vec<&Path> = paths.iter().map(Path::new).collect();
        by_path.sort();
        let mut by_key = by_path.clone();
        by_key.sort_by_key(|p| component_key(p));
        assert_eq!(by_path, by_key);
        for a in &by_path {
            for b in &by_path {
                assert_eq!(a == b, component_key(a) == component_key(b), "{a:?} {b:?}");
            }
        }
    }
}
