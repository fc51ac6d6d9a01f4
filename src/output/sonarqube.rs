//! `--format sonarqube`: SonarQube's generic issue import format (SonarQube Server 10.3 and
//! later, SonarQube Cloud), for `sonar.externalIssuesReportPaths`: the `rules` that raised
//! issues, then the `issues` with their `primaryLocation`.
//!
//! Sonar takes an issue's severity from its rule, so a rule's impact is the highest severity
//! of its findings in this run (error `HIGH`, warning `MEDIUM`, note `LOW`, on `SECURITY`); the
//! deprecated `type`/`severity` pair is written too, for instances in Standard Experience mode.
//! `textRange` lines are 1-based and columns 0-based, counted in UTF-16 code units as Sonar
//! counts them; an empty range keeps only its lines, which Sonar would otherwise refuse.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::sarif::what_it_does;
use crate::diagnostic::Severity;
use crate::engine::CheckResult;
use crate::path_name;
use crate::rules::RuleMeta;

/// The engine id Sonar shows next to imported issues.
const ENGINE: &str = "tlslint";

#[derive(Serialize)]
struct Report<'a> {
    rules: Vec<Rule>,
    issues: Vec<Issue<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    description: String,
    engine_id: &'static str,
    clean_code_attribute: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    severity: &'static str,
    impacts: Vec<Impact>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Impact {
    software_quality: &'static str,
    severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Issue<'a> {
    rule_id: &'static str,
    primary_location: Location<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    message: &'a str,
    file_path: std::borrow::Cow<'a, str>,
    text_range: TextRange,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TextRange {
    start_line: u32,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

fn rule(meta: &'static RuleMeta, severity: Severity) -> Rule {
    let (impact, legacy) = match severity {
        Severity::Error => ("HIGH", "CRITICAL"),
        Severity::Warning => ("MEDIUM", "MAJOR"),
        Severity::Note => ("LOW", "INFO"),
    };
    Rule {
        id: meta.id,
        name: format!("{} {}", meta.id, meta.name),
        description: what_it_does(meta),
        engine_id: ENGINE,
        // "Trustworthy": the code keeps its promises about security (Sonar's responsibility
        // attributes); deprecated protocols are a vulnerability.
        clean_code_attribute: "TRUSTWORTHY",
        kind: "VULNERABILITY",
        severity: legacy,
        impacts: vec![Impact {
            software_quality: "SECURITY",
            severity: impact,
        }],
    }
}

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let mut rules: BTreeMap<&'static str, (&'static RuleMeta, Severity)> = BTreeMap::new();
    let mut issues = Vec::new();
    for (report, finding) in result.findings() {
        let entry = rules
            .entry(finding.rule.id)
            .or_insert((finding.rule, finding.severity));
        entry.1 = entry.1.max(finding.severity);
        let start = report.source.position(finding.span.start);
        let end = report.source.position(finding.span.end);
        let empty = (start.line, start.utf16_column) >= (end.line, end.utf16_column);
        issues.push(Issue {
            rule_id: finding.rule.id,
            primary_location: Location {
                message: &finding.message,
                file_path: path_name::lossy(report.display()),
                text_range: TextRange {
                    start_line: start.line,
                    end_line: end.line.max(start.line),
                    start_column: (!empty).then(|| start.utf16_column - 1),
                    end_column: (!empty).then(|| end.utf16_column - 1),
                },
            },
        });
    }
    let report = Report {
        rules: rules
            .into_values()
            .map(|(meta, severity)| rule(meta, severity))
            .collect(),
        issues,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
