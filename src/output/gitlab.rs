//! `--format gitlab`: a GitLab Code Quality report (the subset of the Code Climate issue format
//! that GitLab reads): `description`, `check_name`, `fingerprint`, `severity` and
//! `location.path` / `location.lines.begin` / `end`.
//!
//! The fingerprint is tlslint's stable key ([`crate::fingerprint::finding_keys`], SARIF's
//! `tlslint/v1`), so GitLab matches a finding across commits when lines move. Severities:
//! error `critical`, warning `major`, note `info`. Paths are relative to the working directory,
//! which must be the repository root for GitLab to link them.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::engine::CheckResult;
use crate::fingerprint::finding_keys;
use crate::path_name;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: Cow<'a, str>,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Note => "info",
    }
}

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let mut issues = Vec::new();
    for report in &result.reports {
        let keys = finding_keys(report.display(), &report.source, &report.findings);
        for (finding, key) in report.findings.iter().zip(keys) {
            let start = report.source.position(finding.span.start);
            let end = report.source.position(finding.span.end);
            issues.push(Issue {
                description: format!(
                    "{} {}: {}",
                    finding.rule.id, finding.rule.name, finding.message
                ),
                check_name: finding.rule.id,
                fingerprint: key,
                severity: severity(finding.severity),
                location: Location {
                    path: path_name::lossy(report.display()),
                    lines: Lines {
                        begin: start.line,
                        end: end.line.max(start.line),
                    },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
