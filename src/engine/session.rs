//! A workspace kept between checks: what the language server asks after each edit.
//!
//! A [`Session`] answers exactly what [`check`] would answer for the same options with the
//! editor's unsaved buffers as overlays; it exists so that an answer after one edit need not
//! walk and analyse the whole workspace again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{CheckError, CheckOptions, CheckResult, check};
use crate::project::model_path_in;

/// A workspace's options, the editor's buffers, and what is known from the last check.
pub struct Session {
    options: CheckOptions,
}

impl Session {
    /// A session that checks as `check(&options)` would (`options.overlays` are its first
    /// buffers).
    pub fn new(options: CheckOptions) -> Session {
        Session { options }
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
                self.options.overlays.insert(key, text);
            }
            None => {
                self.options.overlays.remove(&key);
            }
        }
    }

    /// `path` changed on disk: written, created or deleted by something else than the editor.
    pub fn disk_changed(&mut self, path: &Path) {
        // Nothing is cached yet: the next check reads the disk again.
        let _ = path;
    }

    /// What `check` answers now for the session's options and buffers.
    pub fn check(&mut self) -> Result<CheckResult, CheckError> {
        check(&self.options)
    }
}
