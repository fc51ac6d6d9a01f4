//! Fixes: what a finding proposes to change, as exact edits (DESIGN.md §3).
//!
//! Rules build fixes from the facts and the text they already have, with the edit builders of
//! [`text`] and [`xml`]; `crate::apply` plans them and puts them on disk.
//! Most TLS fixes change which protocol versions are negotiated, so they are [`Applicability::Unsafe`]
//! unless the rewrite provably only removes deprecated versions.

pub mod text;
pub mod xml;

use std::path::PathBuf;
use std::sync::Arc;

use crate::facts::Span;
use crate::source::{Position, SourceFile};

/// Whether `--fix` applies a fix on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Only removes deprecated protocol versions (or is otherwise behaviour-preserving for
    /// modern peers): applied by `--fix`.
    Safe,
    /// Changes what is negotiated, retargets, or edits machine-wide settings: applied only with
    /// `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// The file an edit changes.
#[derive(Clone, Debug)]
pub enum EditFile {
    /// The file the finding is in.
    Same,
    /// Another file (the application's `App.config` for a finding in its project file), which
    /// may not exist yet (`source` is then `None` and the edit creates it).
    Other {
        path: PathBuf,
        display: String,
        source: Option<Arc<SourceFile>>,
    },
}

/// One replacement: `span` (byte range in the decoded text) becomes `content`.
#[derive(Clone, Debug)]
pub struct Edit {
    pub file: EditFile,
    pub span: Span,
    pub content: String,
    /// Filled in by the check once the file is known: 1-based, end exclusive.
    pub start: Option<Position>,
    pub end: Option<Position>,
}

impl Edit {
    /// An edit in the finding's own file.
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit {
            file: EditFile::Same,
            span,
            content: content.into(),
            start: None,
            end: None,
        }
    }

    /// An edit in another file.
    pub fn in_file(file: EditFile, span: Span, content: impl Into<String>) -> Edit {
        Edit {
            file,
            span,
            content: content.into(),
            start: None,
            end: None,
        }
    }
}

/// A proposed change for a finding.
#[derive(Clone, Debug)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, in one sentence ("replace with `SecurityProtocolType.Tls12`").
    pub description: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            description: description.into(),
            edits,
        }
    }

    pub fn unsafe_(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            description: description.into(),
            edits,
        }
    }

    /// Computes the positions of every edit, given the finding's own file.
    pub fn locate(&mut self, own: &SourceFile) {
        for edit in &mut self.edits {
            let (start, end) = match &edit.file {
                EditFile::Same => (own.position(edit.span.start), own.position(edit.span.end)),
                EditFile::Other {
                    source: Some(source),
                    ..
                } => (
                    source.position(edit.span.start),
                    source.position(edit.span.end),
                ),
                EditFile::Other { source: None, .. } => {
                    let origin = Position {
                        line: 1,
                        column: 1,
                        utf16_column: 1,
                    };
                    (origin, origin)
                }
            };
            edit.start = Some(start);
            edit.end = Some(end);
        }
    }
}
