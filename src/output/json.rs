//! `--format json`: the stable, versioned document described in the README.
//!
//! Positions are 1-based; columns count Unicode scalar values; the end is exclusive. Findings
//! are sorted by path, line, column and rule.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Finding;
use crate::engine::{CheckResult, FileReport};
use crate::fix::EditFile;
use crate::offers::Offers;
use crate::path_name;

/// Bumped whenever a field changes meaning or disappears (adding fields does not bump it).
/// 2: a project's `verdict` judges the protocol set its findings offer (`offers`): deprecated
/// versions next to TLS 1.2 make it `at-risk`, no longer `breaks`.
pub const JSON_VERSION: u32 = 2;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
    projects: Vec<JsonProject<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonProject<'a> {
    path: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<&'a str>,
    kind: &'static str,
    targets: &'a [String],
    opt_in: bool,
    verdict: &'static str,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
pub(super) struct JsonFinding<'a> {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    /// The path as UTF-8 (U+FFFD for bytes that are not).
    path: Cow<'a, str>,
    /// Only for a path that is not UTF-8: its bytes, `\` as `\\` and the others as `\xNN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<&'a str>,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    /// The protocol set the finding judged, `null` when it is not about one.
    offers: Option<Offers>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    /// Only for edits in another file than the finding's.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<&'a str>,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    content: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<&'a str>,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    by_rule: BTreeMap<&'static str, usize>,
    /// Only with `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineSummary>,
}

#[derive(Serialize)]
struct BaselineSummary {
    /// Findings left out because the baseline records them.
    matched: usize,
    /// Baseline entries of linted files that matched no finding (fixed, or their line changed).
    gone: usize,
}

/// One finding as the `json` document shows it (also one line of `json-lines`).
pub(super) fn finding<'a>(report: &'a FileReport, finding: &'a Finding) -> JsonFinding<'a> {
    let start = report.source.position(finding.span.start);
    let end = report.source.position(finding.span.end);
    JsonFinding {
        rule: finding.rule.id,
        name: finding.rule.name,
        severity: finding.severity.as_str(),
        path: path_name::lossy(report.display()),
        path_bytes: path_name::escaped_if_not_utf8(report.display()),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message: &finding.message,
        offers: finding.offers,
        fix: finding.fix.as_ref().map(|fix| JsonFix {
            applicability: fix.applicability.as_str(),
            description: &fix.description,
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let origin = crate::source::Position {
                        line: 1,
                        column: 1,
                        utf16_column: 1,
                    };
                    let (start, end) = (edit.start.unwrap_or(origin), edit.end.unwrap_or(origin));
                    let other = match &edit.file {
                        EditFile::Same => None,
                        EditFile::Other { display, .. } => Some(display.as_str()),
                    };
                    JsonEdit {
                        path: other.map(path_name::lossy),
                        path_bytes: other.and_then(path_name::escaped_if_not_utf8),
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        content: &edit.content,
                    }
                })
                .collect(),
        }),
    }
}

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let findings = result
        .findings()
        .map(|(report, f)| finding(report, f))
        .collect();
    let document = Document {
        version: JSON_VERSION,
        tool: Tool {
            name: "tlslint",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings,
        errors: result
            .errors
            .iter()
            .map(|e| JsonError {
                path: path_name::lossy(&e.path),
                path_bytes: path_name::escaped_if_not_utf8(&e.path),
                message: &e.message,
            })
            .collect(),
        projects: result
            .projects
            .iter()
            .map(|p| JsonProject {
                path: path_name::lossy(&p.path),
                path_bytes: path_name::escaped_if_not_utf8(&p.path),
                kind: p.kind.as_str(),
                targets: &p.targets,
                opt_in: p.opt_in,
                verdict: p.verdict.as_str(),
            })
            .collect(),
        summary: Summary {
            files: result.files_checked,
            findings: result.finding_count(),
            by_rule: result.by_rule(),
            baseline: result.baseline.map(|b| BaselineSummary {
                matched: b.matched,
                gone: b.gone,
            }),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
