//! `--format rdjson`: reviewdog's Diagnostic Format (`DiagnosticResult` as JSON), for
//! `reviewdog -f=rdjson` on any CI: pull-request comments and, from `suggestions`, suggested
//! changes.
//!
//! Positions are 1-based with columns in bytes of UTF-8, as the format defines them; the end is
//! exclusive. A fix becomes suggestions (one per edit, a range and its replacement text) only
//! when all its edits are in the finding's file: a suggestion has no file of its own, and part
//! of a fix would be a wrong one. The rule's page is `code.url`.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::escape::utf8_column;
use super::sarif::{REPOSITORY, help_uri};
use crate::diagnostic::{Finding, Severity};
use crate::engine::{CheckResult, FileReport};
use crate::fix::EditFile;
use crate::path_name;

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: &'a str,
    location: Location<'a>,
    severity: &'static str,
    code: Code,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: Cow<'a, str>,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct Code {
    value: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: Range,
    text: &'a str,
}

fn position(report: &FileReport, offset: usize) -> Position {
    Position {
        line: report.source.position(offset).line,
        column: utf8_column(&report.source, offset),
    }
}

fn suggestions<'a>(report: &FileReport, finding: &'a Finding) -> Vec<Suggestion<'a>> {
    let Some(fix) = &finding.fix else {
        return Vec::new();
    };
    if fix.edits.iter().any(|e| !matches!(e.file, EditFile::Same)) {
        return Vec::new();
    }
    fix.edits
        .iter()
        .map(|edit| Suggestion {
            range: Range {
                start: position(report, edit.span.start),
                end: position(report, edit.span.end),
            },
            text: &edit.content,
        })
        .collect()
}

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics = result
        .findings()
        .map(|(report, finding)| Diagnostic {
            message: &finding.message,
            location: Location {
                path: path_name::lossy(report.display()),
                range: Range {
                    start: position(report, finding.span.start),
                    end: position(report, finding.span.end),
                },
            },
            severity: match finding.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Note => "INFO",
            },
            code: Code {
                value: finding.rule.id,
                url: help_uri(finding.rule),
            },
            suggestions: suggestions(report, finding),
        })
        .collect();
    let document = DiagnosticResult {
        source: Source {
            name: "tlslint",
            url: REPOSITORY,
        },
        diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
