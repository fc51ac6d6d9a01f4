//! A workspace kept between checks: what the language server asks after each edit.
//!
//! A [`Session`] answers exactly what [`check`](super::check) would answer for the same options
//! with the editor's unsaved buffers as overlays. It keeps the [`Scan`] of its last check (the
//! files found and their analyses), so that after an edit it analyses only the files that
//! changed ([`rescan::update`]) and judges the kept scan again ([`judge_scan`]). Anything that
//! could change which files the scan holds (a file created or deleted, a configuration or
//! ignore file, a path the scan does not know, `global using` aliases, MSBuild imports) makes
//! it scan the workspace again: correctness first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::rescan::{self, Index, Refused};
use super::{CheckError, CheckOptions, CheckResult, Scan, judge_scan, pool_of, scan};
use crate::project::model_path_in;

/// A workspace's options, the editor's buffers, and the scan of the last check.
pub struct Session {
    options: CheckOptions,
    /// Built at the first check (it may fail, and `new` cannot), then kept.
    pool: Option<Arc<rayon::ThreadPool>>,
    kept: Option<Kept>,
    /// Keys of the files changed since the last check: `true` when on disk (or maybe on disk),
    /// `false` when only their buffer changed.
    changed: BTreeMap<PathBuf, bool>,
    last: Option<LastScan>,
}

/// The scan of the last check, and where each of its files is.
struct Kept {
    scan: Scan,
    index: Index,
}

/// How the last check got its scan (for logs, benchmarks and tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastScan {
    /// The workspace was scanned: the first check, or a change the kept scan could not take
    /// (`None` when it was the first check or no change was pending).
    Full(Option<Refused>),
    /// The kept scan was updated with this many changed paths: each analysed again, or a
    /// buffer of a file the scan does not hold (which changes nothing).
    Updated(usize),
}

impl Session {
    /// A session that checks as `check(&options)` would (`options.overlays` are its first
    /// buffers).
    pub fn new(options: CheckOptions) -> Session {
        Session {
            options,
            pool: None,
            kept: None,
            changed: BTreeMap::new(),
            last: None,
        }
    }

    /// The options every check of this session uses (overlays included).
    pub fn options(&self) -> &CheckOptions {
        &self.options
    }

    /// The key a path's buffer and findings are known by: absolute, lexically normalised.
    pub fn key(&self, path: &Path) -> PathBuf {
        model_path_in(path, &self.options.cwd)
    }

    /// Sets the editor's text of `path` (`Some`), or drops it so that the file on disk counts
    /// again (`None`: the editor closed it).
    pub fn set_buffer(&mut self, path: &Path, text: Option<Arc<[u8]>>) {
        let key = self.key(path);
        match text {
            Some(text) => {
                self.options.overlays.insert(key.clone(), text);
            }
            None => {
                self.options.overlays.remove(&key);
            }
        }
        self.changed.entry(key).or_insert(false);
    }

    /// `path` changed on disk: written, created or deleted by something else than the editor.
    /// A folder, or any file the last scan did not hold, makes the next check scan again.
    pub fn disk_changed(&mut self, path: &Path) {
        let key = self.key(path);
        self.changed.insert(key, true);
    }

    /// What `check` answers now for the session's options and buffers.
    pub fn check(&mut self) -> Result<CheckResult, CheckError> {
        let pool = match &self.pool {
            Some(pool) => pool.clone(),
            None => self.pool.insert(pool_of(&self.options)?).clone(),
        };
        let kept = self.updated_scan(&pool)?;
        let result = judge_scan(&kept.scan, &self.options, &pool);
        self.kept = Some(kept);
        Ok(result)
    }

    /// The kept scan with the changes since the last check in it, or a new scan when there is
    /// none or it cannot take them.
    fn updated_scan(&mut self, pool: &rayon::ThreadPool) -> Result<Kept, CheckError> {
        let changed = std::mem::take(&mut self.changed);
        let refused = match self.kept.take() {
            // Standard input stands for one file that need not exist: always read afresh.
            Some(_) if self.options.stdin.is_some() => None,
            None => None,
            Some(mut kept) => {
                // On a worker: analysers need the workers' deep stacks.
                let updated = pool.install(|| {
                    changed.iter().try_for_each(|(key, &on_disk)| {
                        rescan::update(&mut kept.scan, &kept.index, key, on_disk, &self.options)
                    })
                });
                match updated {
                    Ok(()) => {
                        self.last = Some(LastScan::Updated(changed.len()));
                        return Ok(kept);
                    }
                    Err(refused) => Some(refused),
                }
            }
        };
        self.last = Some(LastScan::Full(refused));
        let scan = scan(&self.options, pool)?;
        let index = Index::of(&scan, &self.options);
        Ok(Kept { scan, index })
    }

    /// How the last check got its scan (`None` before the first check).
    pub fn last_scan(&self) -> Option<LastScan> {
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The server may keep a session behind a lock and check on another thread.
    #[test]
    fn a_session_can_move_between_threads() {
        fn send<T: Send>() {}
        send::<Session>();
    }
}
