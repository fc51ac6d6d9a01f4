//! Findings: plain data produced by rules and consumed by the output formats.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::facts::Span;
use crate::fix::Fix;
use crate::offers::Offers;
use crate::rules::RuleMeta;

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding in one file. The file itself is known to the [`crate::check::FileReport`] that
/// holds it.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    /// Where the finding is shown (byte range in the decoded text).
    pub span: Span,
    /// One sentence, no trailing period.
    pub message: String,
    /// Short text under the highlighted code in the `full` format.
    pub label: String,
    /// What to do instead.
    pub help: Option<String>,
    /// The change that does it, when one exists.
    pub fix: Option<Fix>,
    /// The protocol set the finding's setting offers, which its verdict is judged on
    /// ([`crate::verdict`]); `None` for findings that are not about a protocol set (targets,
    /// ineffective settings, suppressions).
    pub offers: Option<Offers>,
    /// For findings of project-level rules: the project (index in the project model) they
    /// are about, which may differ from the project of the file they are located in (a
    /// `Directory.Build.props` above it).
    pub project: Option<usize>,
}

impl Finding {
    /// The order findings are reported in within a file: position, then rule, then end.
    pub fn sort_key(&self) -> (usize, &'static str, usize) {
        (self.span.start, self.rule.id, self.span.end)
    }
}
