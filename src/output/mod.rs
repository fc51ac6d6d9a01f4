//! Output formats. Every format reads the same sorted [`CheckResult`]; none of them decides
//! anything about findings.

pub mod azure;
pub mod checkstyle;
pub mod concise;
pub mod escape;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod msbuild;
pub mod rdjson;
pub mod sarif;
pub mod sonarqube;
pub mod statistics;

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::engine::CheckResult;

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Code snippets with the offending expression underlined and a help line.
    Full,
    /// One line per finding: `path:line:col: RULE [severity] message`.
    Concise,
    /// A versioned JSON document (see the README).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// One JSON object per finding and line, with the fields of `json`'s findings.
    JsonLines,
    /// JUnit XML: a test suite per file, a failed test case per finding.
    Junit,
    /// GitLab Code Quality report.
    Gitlab,
    /// Azure Pipelines logging commands (`##vso[task.logissue …]`).
    Azure,
    /// reviewdog Diagnostic Format (rdjson), with fixes as suggestions.
    Rdjson,
    /// Checkstyle XML.
    Checkstyle,
    /// MSBuild canonical errors: `path(line,col): error TLS001: message`.
    Msbuild,
    /// SonarQube generic issue import format.
    Sonarqube,
}

impl OutputFormat {
    /// Human formats get a closing summary line on stderr.
    pub fn is_human(self) -> bool {
        matches!(self, OutputFormat::Full | OutputFormat::Concise)
    }
}

/// Rendering choices that do not change findings.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    pub color: bool,
    /// Line width for wrapping in the `full` format.
    pub width: usize,
    /// SARIF `%SRCROOT%`: the working directory as a `file://` URI ending in `/`.
    pub root_uri: Option<String>,
    /// SARIF `automationDetails.id` (`--sarif-category`).
    pub sarif_category: Option<String>,
}

/// Writes `result` in `format`.
pub fn emit(
    format: OutputFormat,
    result: &CheckResult,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Full => full::emit(result, options, out),
        OutputFormat::Concise => concise::emit(result, out),
        OutputFormat::Json => json::emit(result, out),
        OutputFormat::Sarif => sarif::emit(result, options, out),
        OutputFormat::Github => github::emit(result, out),
        OutputFormat::JsonLines => json_lines::emit(result, out),
        OutputFormat::Junit => junit::emit(result, out),
        OutputFormat::Gitlab => gitlab::emit(result, out),
        OutputFormat::Azure => azure::emit(result, out),
        OutputFormat::Rdjson => rdjson::emit(result, out),
        OutputFormat::Checkstyle => checkstyle::emit(result, out),
        OutputFormat::Msbuild => msbuild::emit(result, out),
        OutputFormat::Sonarqube => sonarqube::emit(result, out),
    }
}

/// "12 findings (8 errors, 3 warnings, 1 note) in 5 files", plus unreadable files.
pub fn summary_line(result: &CheckResult) -> String {
    let total = result.finding_count();
    let mut line = if total == 0 {
        format!(
            "no findings in {}",
            plural(result.files_checked, "file", "files")
        )
    } else {
        let parts: Vec<String> = [
            (Severity::Error, "error", "errors"),
            (Severity::Warning, "warning", "warnings"),
            (Severity::Note, "note", "notes"),
        ]
        .into_iter()
        .filter_map(|(severity, one, many)| {
            let n = result.count(severity);
            (n > 0).then(|| plural(n, one, many))
        })
        .collect();
        format!(
            "{} ({}) in {}",
            plural(total, "finding", "findings"),
            parts.join(", "),
            plural(result.reports.len(), "file", "files")
        )
    };
    if !result.errors.is_empty() {
        line.push_str(&format!(
            "; {} could not be checked",
            plural(result.errors.len(), "path", "paths")
        ));
    }
    if let Some(baseline) = result.baseline {
        line.push_str(&format!(
            "; {} in the baseline",
            plural(baseline.matched, "more finding", "more findings")
        ));
        if baseline.gone > 0 {
            line.push_str(&format!(
                ", {} gone (rewrite it with --write-baseline)",
                plural(baseline.gone, "baseline entry", "baseline entries")
            ));
        }
    }
    line
}

/// `1 finding`, `2 findings`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
