//! What a check produces: the findings of each file, the files that could not be read, and
//! the projects with their verdicts. Plain data for the output formats, fixes and the server.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::baseline;
use crate::config::ConfigError;
use crate::diagnostic::{Finding, Severity};
use crate::lang::FileKind;
use crate::project::ProjectKind;
use crate::source::SourceFile;
use crate::target::Target;

/// The findings in one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as walked (for writing fixes).
    pub path: PathBuf,
    pub kind: FileKind,
    pub source: Arc<SourceFile>,
    /// Sorted by position, then rule.
    pub findings: Vec<Finding>,
    /// Test code: a test-like path, or a file of a test project. Its findings never break.
    pub test_code: bool,
}

/// A file that could not be linted, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ScanError {
    pub path: String,
    pub message: String,
    /// A usage error (a path argument that does not exist): the run exits 2 and says `error:`.
    /// Every other problem is a warning and the scan goes on.
    pub fatal: bool,
}

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct CheckResult {
    /// Files with findings, sorted by path.
    pub reports: Vec<FileReport>,
    /// Files that could not be linted, sorted by path.
    pub errors: Vec<ScanError>,
    /// Files that were read and linted.
    pub files_checked: usize,
    /// Findings at or above the `fail-on` threshold of their configuration.
    pub failing: usize,
    /// A path given on the command line does not exist.
    pub usage_errors: usize,
    /// The projects whose project file (or web site `web.config`) was checked, sorted by path.
    pub projects: Vec<ProjectSummary>,
    /// With a baseline: how many findings it hid, and how many of its entries are gone.
    pub baseline: Option<baseline::Matched>,
}

pub use crate::verdict::Verdict;

/// A project as the model understood it, with its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectSummary {
    /// The project file (or the `web.config` of a web site), as displayed.
    pub path: String,
    pub kind: ProjectKind,
    /// The effective targets as written: `net45`, `v4.5`, `4.5.2 (httpRuntime)`.
    pub targets: Vec<String>,
    /// Whether the project has an effective TLS 1.2 opt-in.
    pub opt_in: bool,
    pub verdict: Verdict,
    /// The lowest effective target (`Unknown` when none is known).
    pub lowest_target: Target,
    /// Findings that count for this project, by rule (before a finding reached through several
    /// projects, in a shared `Directory.Build.props`, is reported once).
    pub by_rule: BTreeMap<&'static str, usize>,
    /// The findings that count for this project, sorted by path and position: what a report
    /// lists under the project. A finding in a file several projects own counts for each.
    pub findings: Vec<FindingRef>,
}

/// Which finding of which file, for [`ProjectSummary::findings`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingRef {
    /// The file, as displayed ([`FileReport::display`]).
    pub path: String,
    /// The finding's span and rule, which tell it from the file's other findings.
    pub start: usize,
    pub end: usize,
    pub rule: &'static str,
}

impl FileReport {
    /// The path as shown: relative to the working directory, `/`-separated.
    pub fn display(&self) -> &str {
        &self.source.name
    }
}

impl CheckResult {
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Finding)> {
        self.reports
            .iter()
            .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
    }

    pub fn finding_count(&self) -> usize {
        self.reports.iter().map(|r| r.findings.len()).sum()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings()
            .filter(|(_, f)| f.severity == severity)
            .count()
    }

    pub fn by_rule(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for (_, finding) in self.findings() {
            *out.entry(finding.rule.id).or_insert(0) += 1;
        }
        out
    }
}

/// A failure of the run itself (exit code 2).
#[derive(Debug)]
pub enum CheckError {
    Config(ConfigError),
    Threads(String),
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::Config(e) => e.fmt(f),
            CheckError::Threads(e) => write!(f, "cannot start worker threads: {e}"),
        }
    }
}
