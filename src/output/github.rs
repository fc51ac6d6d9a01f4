//! `--format github`: GitHub Actions workflow commands, so that findings appear as annotations
//! on the pull request, plus a Markdown summary appended to `$GITHUB_STEP_SUMMARY` when it is set.
//!
//! GitHub shows only the first 10 errors and 10 warnings of a step inline, so errors come
//! first; a closing notice says how many were not shown. SARIF is the system of record.

use std::io::{self, Write};

use crate::diagnostic::{Finding, Severity};
use crate::engine::{CheckResult, ScanError};

/// How many annotations of one level GitHub shows per step.
const SHOWN_PER_LEVEL: usize = 10;

/// Escapes a workflow-command message (`%`, CR, LF), as `@actions/core` does.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value (also `:` and `,`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

fn annotation(path: &str, finding: &Finding, report: &crate::engine::FileReport) -> String {
    let start = report.source.position(finding.span.start);
    let end = report.source.position(finding.span.end);
    // Columns are only meaningful (and only rendered right) on a single line.
    let columns = if start.line == end.line {
        format!(",col={},endColumn={}", start.column, end.column)
    } else {
        String::new()
    };
    let title = format!("{} {}", finding.rule.id, finding.rule.name);
    format!(
        "::{} file={},line={},endLine={}{columns},title={}::{}",
        command(finding.severity),
        escape_property(path),
        start.line,
        end.line,
        escape_property(&title),
        escape_data(&format!(
            "{path}:{}:{}: {}",
            start.line, start.column, finding.message
        )),
    )
}

/// A path that could not be checked (unreadable, oversized, binary, broken JSON, too deep…):
/// an annotation on that file, so that a pull request shows which file went unchecked, not only
/// the log. A path argument that does not exist fails the run (exit code 2): an error.
fn file_problem(problem: &ScanError) -> String {
    let level = if problem.fatal { "error" } else { "warning" };
    format!(
        "::{level} file={},title={}::{}",
        escape_property(&problem.path),
        escape_property("tlslint: not checked"),
        escape_data(&format!("{}: {}", problem.path, problem.message)),
    )
}

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let mut findings: Vec<_> = result.findings().collect();
    // Errors first (GitHub caps inline annotations per level), then path order.
    findings.sort_by_key(|(_, finding)| std::cmp::Reverse(finding.severity));
    // Within a level, file problems come before findings: a file that was not checked may hide
    // any number of findings, so its annotation must not be the one GitHub leaves out.
    let (fatal, problems): (Vec<&ScanError>, Vec<&ScanError>) =
        result.errors.iter().partition(|e| e.fatal);
    let mut shown = [0usize; 3];
    for problem in &fatal {
        shown[Severity::Error as usize] += 1;
        writeln!(out, "{}", file_problem(problem))?;
    }
    let mut problems = problems.into_iter().peekable();
    for (report, finding) in &findings {
        if finding.severity < Severity::Error {
            for problem in problems.by_ref() {
                shown[Severity::Warning as usize] += 1;
                writeln!(out, "{}", file_problem(problem))?;
            }
        }
        shown[finding.severity as usize] += 1;
        writeln!(out, "{}", annotation(report.display(), finding, report))?;
    }
    for problem in problems {
        shown[Severity::Warning as usize] += 1;
        writeln!(out, "{}", file_problem(problem))?;
    }
    let hidden: usize = shown
        .iter()
        .map(|n| n.saturating_sub(SHOWN_PER_LEVEL))
        .sum();
    if hidden > 0 {
        writeln!(
            out,
            "::notice title=tlslint::{}",
            escape_data(&format!(
                "{hidden} more {} not shown (GitHub shows {SHOWN_PER_LEVEL} per level); upload SARIF or see the log for all of them",
                if hidden == 1 {
                    "annotation is"
                } else {
                    "annotations are"
                }
            ))
        )?;
    }
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        let summary = step_summary(result);
        // The summary is a convenience: failing to write it must not fail the check.
        let _ = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .and_then(|mut file| file.write_all(summary.as_bytes()));
    }
    Ok(())
}

/// The Markdown table appended to `$GITHUB_STEP_SUMMARY`.
pub fn step_summary(result: &CheckResult) -> String {
    let mut text = String::from("## tlslint\n\n");
    text.push_str(&super::summary_line(result));
    text.push_str("\n\n");
    let by_rule = result.by_rule();
    if !by_rule.is_empty() {
        text.push_str("| rule | findings |\n|---|---:|\n");
        for (rule, count) in &by_rule {
            let name = crate::rules::lookup(rule).map_or("", |r| r.name);
            text.push_str(&format!("| {rule} {name} | {count} |\n"));
        }
        text.push('\n');
    }
    if !result.projects.is_empty() {
        text.push_str("| project | kind | targets | verdict |\n|---|---|---|---|\n");
        for project in &result.projects {
            text.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                project.path,
                project.kind.as_str(),
                project.targets.join(", "),
                project.verdict.as_str()
            ));
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    fn emitted(result: &CheckResult) -> String {
        let mut out = Vec::new();
        emit(result, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn file_problems_are_annotations_escaped_like_findings() {
        let result = CheckResult {
            errors: vec![
                ScanError {
                    path: "a,b:c%.runtimeconfig.json".to_owned(),
                    message: "invalid JSON: expected `,` or `}`\nat line 1".to_owned(),
                    fatal: false,
                },
                ScanError {
                    path: "missing".to_owned(),
                    message: "no such file or directory".to_owned(),
                    fatal: true,
                },
            ],
            ..CheckResult::default()
        };
        assert_eq!(
            emitted(&result),
            "::error file=missing,title=tlslint%3A not checked::missing: no such file or directory\n\
             ::warning file=a%2Cb%3Ac%25.runtimeconfig.json,title=tlslint%3A not checked::\
             a,b:c%25.runtimeconfig.json: invalid JSON: expected `,` or `}`%0Aat line 1\n"
        );
        assert_eq!(emitted(&CheckResult::default()), "");
    }

    /// GitHub shows ten annotations per level: a file that was not checked comes before the
    /// findings of its level, and what is left out is counted.
    #[test]
    fn file_problems_come_first_in_their_level() {
        let problems = (0..12)
            .map(|i| ScanError {
                path: format!("big{i:02}.cs"),
                message: "file is larger than --max-filesize".to_owned(),
                fatal: false,
            })
            .collect();
        let text = emitted(&CheckResult {
            errors: problems,
            ..CheckResult::default()
        });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 13, "{text}");
        assert!(lines[0].starts_with("::warning file=big00.cs,"), "{text}");
        assert_eq!(
            lines[12],
            "::notice title=tlslint::2 more annotations are not shown (GitHub shows 10 per level); \
             upload SARIF or see the log for all of them"
        );
    }
}
