//! The engine: the stages that `tlslint check`, `sweep` and the language server share.
//!
//! [`check`] runs them in order, each a function that can be called and tested alone: [`scan`]
//! runs the stages that read files (1–3), [`judge_scan`] those that judge what they read (4–6).
//!
//! 1. [`discover::discover`]: configuration, walk, and each file analysed as the walker finds it
//!    ([`analyze::analyze_file`]: read or take the editor's buffer, decode, prefilter, parse →
//!    facts; pure, per file);
//! 2. [`discover::add_context`]: the projects around named files, `Directory.Build.props` files
//!    and imports, read for context only;
//! 3. [`global_usings::apply`]: files of projects with `global using` aliases, analysed again
//!    with them in scope;
//! 4. [`judge::build_model`] → [`judge::file_rules`] → [`judge::project_rules`];
//! 5. [`filter::filter`]: suppressions, then selection and severity per file;
//! 6. [`collect::collect`]: project verdicts, baseline, sorted reports.
//!
//! Rendering ([`crate::output`]) and fixing ([`crate::apply`]) take the [`CheckResult`]. A
//! [`Session`] keeps a workspace's [`Scan`] between checks for the language server: after an
//! edit it analyses only the edited file again ([`rescan`]) and runs [`judge_scan`].

pub mod aliases;
pub mod analyze;
pub mod collect;
pub mod context;
pub mod discover;
mod entry;
pub mod filter;
pub mod global_usings;
pub mod inherited;
pub mod judge;
pub mod lint;
pub mod rescan;
mod result;
pub mod session;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

pub use self::analyze::analyze_file;
pub use self::discover::Scan;
use self::lint::{Outcome, lint_text};
pub use self::result::{
    CheckError, CheckResult, FileReport, FindingRef, ProjectSummary, ScanError, Verdict,
};
pub use self::session::{LastScan, Session};
use crate::baseline::Baseline;
use crate::config::CliOverrides;
use crate::lang::{FileKind, csharp};
use crate::walk::WalkOptions;

/// Which configuration to use.
#[derive(Clone, Debug, Default)]
pub enum ConfigChoice {
    /// Look for `tlslint.toml`/`.tlslint.toml` from each path upwards.
    #[default]
    Discover,
    /// Use this file for every path.
    File(PathBuf),
    /// Use the defaults.
    Defaults,
}

/// Everything `check` needs to know.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub config: ConfigChoice,
    pub overrides: CliOverrides,
    pub walk: WalkOptions,
    /// Worker threads for linting (0: one per core).
    pub threads: usize,
    /// Files larger than this are reported and skipped.
    pub max_file_size: u64,
    /// Paths are shown relative to this folder. Relative `paths` must be relative to it too
    /// (it is the process's working directory, or `paths` are absolute).
    pub cwd: PathBuf,
    /// Report suppressions that suppress nothing or give no reason (TLS100).
    pub report_unused_suppressions: bool,
    /// Leave out the findings this baseline records.
    pub baseline: Option<Arc<Baseline>>,
    /// Lint on this pool instead of a new one of `threads` workers: a sweep shares one pool
    /// between the repositories it checks at once, so that every core stays busy while one
    /// repository is in a serial step.
    pub pool: Option<Arc<rayon::ThreadPool>>,
    /// Counts the files the walk hands over, for a progress display (`check` on a terminal).
    pub progress: Option<Arc<std::sync::atomic::AtomicUsize>>,
    /// Lint this text instead of walking `paths` (`--stdin-filename`): `paths` is then just
    /// its path, which gives it its kind, its configuration and its project on disk.
    pub stdin: Option<Arc<StdinText>>,
    /// Text to analyse instead of what is on disk, by [`crate::project::model_path_in`]
    /// (absolute, lexically normalised): the editor's unsaved buffers (`tlslint server`). Any
    /// kind of file, project files and configs included. A buffer of a new file, not on disk yet, inside a folder
    /// among `paths` is analysed as the walk would find it once saved (unless it is hidden,
    /// excluded or ignored).
    pub overlays: BTreeMap<PathBuf, Arc<[u8]>>,
}

impl CheckOptions {
    /// The options of `tlslint check PATHS` run in `cwd` with no other option.
    pub fn new(paths: Vec<PathBuf>, cwd: PathBuf) -> CheckOptions {
        CheckOptions {
            paths,
            config: ConfigChoice::Discover,
            overrides: CliOverrides::default(),
            walk: WalkOptions::default(),
            threads: 0,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            cwd,
            report_unused_suppressions: false,
            baseline: None,
            pool: None,
            progress: None,
            stdin: None,
            overlays: BTreeMap::new(),
        }
    }
}

/// Text read from standard input, to be linted as if it were the file at `path`.
#[derive(Clone, Debug)]
pub struct StdinText {
    /// The file it stands for (`--stdin-filename`), which need not exist.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// `Some(limit)`: the text went past `--max-filesize` and only its start was read.
    pub oversized: Option<u64>,
}

impl StdinText {
    /// Reads `input` up to `max_size` bytes (one more shows that it is larger).
    pub fn read(
        path: PathBuf,
        input: impl std::io::Read,
        max_size: u64,
    ) -> std::io::Result<StdinText> {
        use std::io::Read as _;
        let mut bytes = Vec::new();
        input
            .take(max_size.saturating_add(1))
            .read_to_end(&mut bytes)?;
        let oversized = (bytes.len() as u64 > max_size).then_some(max_size);
        Ok(StdinText {
            path,
            bytes,
            oversized,
        })
    }

    fn lint(
        &self,
        kind: FileKind,
        display: &dyn Fn() -> String,
        globals: &[csharp::GlobalAlias],
        options: &CheckOptions,
    ) -> Outcome {
        lint_text(
            &self.path,
            kind,
            display,
            globals,
            &self.bytes,
            self.oversized,
            options.report_unused_suppressions,
        )
    }
}

/// Stack size of the worker threads: the analysers recurse over syntax trees up to
/// `lang::tree::MAX_DEPTH` levels deep, which the default 2 MiB would not hold in every build.
/// Unused stack costs no memory.
pub const WORKER_STACK_SIZE: usize = 64 * 1024 * 1024;

/// A pool of `threads` workers (0: one per core) with stacks for deep syntax trees.
pub fn worker_pool(threads: usize) -> Result<rayon::ThreadPool, CheckError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK_SIZE)
        .build()
        .map_err(|e| CheckError::Threads(e.to_string()))
}

/// The most worker threads `--threads` (and a sweep's `--jobs`) may start, per core. Reading
/// and walking wait on the disk, so a few more threads than cores can help; thousands only
/// cost the time to start them and address space for their stacks (5,000 took minutes before
/// the first file was read).
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The most worker threads worth starting on this machine.
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_mul(MAX_THREADS_PER_CORE)
}

/// Default `--max-filesize`: far above any hand-written source, below what would hurt a sweep.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Runs a check: every stage, in order ([`scan`], then [`judge_scan`]).
pub fn check(options: &CheckOptions) -> Result<CheckResult, CheckError> {
    let pool = pool_of(options)?;
    let scan = scan(options, &pool)?;
    Ok(judge_scan(&scan, options, &pool))
}

/// The pool a check lints on: `options.pool`, or a new one of `options.threads` workers.
pub fn pool_of(options: &CheckOptions) -> Result<Arc<rayon::ThreadPool>, CheckError> {
    match &options.pool {
        Some(pool) => Ok(pool.clone()),
        None => Ok(Arc::new(worker_pool(options.threads)?)),
    }
}

/// The stages that read files (1–3): discover, the files read for context, and the files
/// analysed again with their project's `global using` aliases. A [`Session`] keeps the scan
/// and updates it file by file.
pub fn scan(options: &CheckOptions, pool: &rayon::ThreadPool) -> Result<Scan, CheckError> {
    let mut scan = discover::discover(options, pool)?;
    discover::add_context(&mut scan, pool, options);
    global_usings::apply(&mut scan, pool, options);
    Ok(scan)
}

/// The stages that judge a scan (4–6): model, file and project rules, filter, collect. They
/// only read the scan, so that a [`Session`] can judge the same scan again after an edit.
pub fn judge_scan(scan: &Scan, options: &CheckOptions, pool: &rayon::ThreadPool) -> CheckResult {
    let model = judge::build_model(scan);
    let mut found = judge::file_rules(scan, &model, pool);
    judge::project_rules(scan, &model, &mut found);
    let warnings = filter::filter(scan, &model, &mut found, pool, options);
    collect::collect(scan, &model, found, warnings, options)
}

/// A path as users see it: relative to the working directory when it is inside it, `/`
/// separators, no leading `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let relative = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    // Most paths are already written that way (walked paths are joined with `/`).
    if !cfg!(windows)
        && let Some(text) = relative.to_str()
        && !text.is_empty()
        && !text.contains('\\')
        && crate::project::evaluate::is_plain(text.as_bytes(), true)
    {
        return text.to_owned();
    }
    joined_components(relative)
}

/// `path`'s components joined with `/`, without `.` components (`.` when nothing is left).
/// Names are escaped (`crate::path_name`): one that is not UTF-8 is shown without loss.
fn joined_components(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_string_lossy().into_owned())
            }
            Component::ParentDir => parts.push("..".to_owned()),
            Component::Normal(part) => {
                let mut name = String::new();
                crate::path_name::push_escaped(&mut name, part.as_encoded_bytes());
                parts.push(name);
            }
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name that is not UTF-8 is shown escaped, so that it converts back to its bytes.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_shown_escaped() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"src/caf\xe9.cs"));
        let display = display_path(path, Path::new("/nowhere"));
        assert_eq!(display, "src/caf\\xE9.cs");
        assert_eq!(
            crate::path_name::bytes(&display).as_ref(),
            b"src/caf\xe9.cs"
        );
        assert_eq!(
            display_path(Path::new("a\\b.cs"), Path::new("/")),
            "a\\\\b.cs"
        );
    }

    #[test]
    fn display_paths_are_relative_and_slashed() {
        let cwd = Path::new("/work/repo");
        assert_eq!(display_path(Path::new("./src/a.cs"), cwd), "src/a.cs");
        assert_eq!(
            display_path(Path::new("/work/repo/src/a.cs"), cwd),
            "src/a.cs"
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/a.cs"), cwd),
            "/elsewhere/a.cs"
        );
        assert_eq!(display_path(Path::new("../x/a.cs"), cwd), "../x/a.cs");
        // The shortcut for paths already written as shown gives what joining components gives.
        for path in [
            "src/a.cs",
            "./a.cs",
            "a//b.cs",
            "a/./b.cs",
            "a/b/",
            "a/.",
            ".",
            "",
            "..",
            "../a",
            "a/../b",
            "/x/y",
            "//x",
            "/",
            "a b/ü.cs",
            "a/.hidden",
            ".a/b",
            "a./b",
            "a\\b.cs",
        ] {
            assert_eq!(
                display_path(Path::new(path), Path::new("/nowhere")),
                joined_components(Path::new(path)),
                "{path}"
            );
        }
    }
}
