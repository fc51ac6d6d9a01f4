//! Findings: plain data produced by rules and consumed by the output formats.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::facts::Span;
use crate::fix::Fix;
use crate::offers::Offers;

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

/// One finding in one file. The file itself is known to the [`crate::engine::FileReport`] that
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

/// How often a rule's findings are right, as SARIF consumers rank alerts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    VeryHigh,
    High,
    Medium,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::VeryHigh => "very-high",
            Precision::High => "high",
            Precision::Medium => "medium",
        }
    }
}

/// Everything about a rule except its checks (`crate::rules`): id, name, documentation,
/// defaults. Findings carry it.
pub struct RuleMeta {
    /// Stable code, never reused: `TLS001`.
    pub id: &'static str,
    /// Kebab-case name that reads well after "tlslint: ".
    pub name: &'static str,
    /// One line: what the rule flags.
    pub summary: &'static str,
    pub default_severity: Severity,
    /// Markdown with the sections What it does / Why is this bad? / Example / Use instead /
    /// Fix / References (checked by a test).
    pub explanation: &'static str,
    pub precision: Precision,
    /// GitHub code scanning score in (0, 10], as a string.
    pub security_severity: &'static str,
    /// SARIF tags (`security` and CWE ids included).
    pub tags: &'static [&'static str],
    /// Languages and file kinds the rule looks at.
    pub languages: &'static [&'static str],
    /// The version that introduced the rule.
    pub since: &'static str,
}

impl fmt::Debug for RuleMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for RuleMeta {}

impl RuleMeta {
    /// The rule's documentation page in Markdown: what `tlslint explain` prints and what
    /// `docs/rules/<ID>.md` holds (SARIF's `helpUri` points there).
    pub fn documentation(&self) -> String {
        let mut summary = self.summary.to_owned();
        if let Some(first) = summary.get(..1) {
            summary.replace_range(..1, &first.to_uppercase());
        }
        format!(
            "# {id} {name}\n\n{summary}.\n\n| | |\n|---|---|\n| Default severity | {severity} |\n| Languages | {languages} |\n| Precision | {precision} |\n| Tags | {tags} |\n| Since | {since} |\n\n{explanation}",
            id = self.id,
            name = self.name,
            severity = self.default_severity,
            languages = self.languages.join(", "),
            precision = self.precision.as_str(),
            tags = self
                .tags
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", "),
            since = self.since,
            explanation = self.explanation,
        )
    }
}
