//! A file in the scan, as every stage after the walk refers to it.

use std::path::{Path, PathBuf};

use super::display_path;
use crate::lang::FileKind;
use crate::project::model_path_in;
use crate::walk::Candidate;

/// A file in the scan: reported (walked or named) or read for context only.
pub(super) struct Entry {
    pub(super) path: PathBuf,
    /// Absolute and lexically normalised, for the project model.
    pub(super) model_path: PathBuf,
    pub(super) kind: FileKind,
    pub(super) display: String,
    /// Index of its configuration in [`super::Scan::settings`].
    pub(super) settings: usize,
    pub(super) reported: bool,
}

impl Entry {
    /// The walked file this entry was made from ([`walked_entry`] backwards): what the scan
    /// keeps of a file that turned out clean.
    pub(super) fn into_candidate(self) -> Candidate {
        Candidate {
            path: self.path,
            kind: self.kind,
            settings: self.settings,
        }
    }
}

/// The entry of a walked (or named) file: reported.
pub(super) fn walked_entry(candidate: Candidate, cwd: &Path) -> Entry {
    entry(
        candidate.path,
        candidate.kind,
        candidate.settings,
        true,
        cwd,
    )
}

pub(super) fn entry(
    path: PathBuf,
    kind: FileKind,
    settings: usize,
    reported: bool,
    cwd: &Path,
) -> Entry {
    let model_path = model_path_in(&path, cwd);
    Entry {
        model_path,
        display: display_path(&path, cwd),
        path,
        kind,
        settings,
        reported,
    }
}
