//! Code actions on a document: each finding's fix (`quickfix`), "suppress on this line", and
//! `source.fixAll.tlslint` (every safe fix of the document, as `tlslint check --fix` would apply
//! them in one pass).

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, WorkspaceEdit};

use super::diagnostics::diagnostic;
use super::edits::{EditContext, of_fix, of_plan, of_text};
use super::suppression;
use crate::apply::{self, FixOptions};
use crate::diagnostic::Finding;
use crate::engine::{CheckResult, FileReport};
use crate::fix::Applicability;

/// The kind of the "fix all" action, which editors run on save when asked to.
pub const FIX_ALL: &str = "source.fixAll.tlslint";

/// The actions for the findings of `report` that touch bytes `start..=end`, restricted to the
/// kinds in `only` (a kind covers the kinds below it: `source` covers `source.fixAll.tlslint`).
pub fn actions(
    report: &FileReport,
    (start, end): (usize, usize),
    only: Option<&[CodeActionKind]>,
    context: &EditContext<'_>,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|wanted| {
                kind.as_str() == wanted.as_str()
                    || kind
                        .as_str()
                        .strip_prefix(wanted.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };
    let mut out = Vec::new();
    let touched: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|finding| finding.span.start <= end && finding.span.end >= start)
        .collect();
    if wants(&CodeActionKind::QUICKFIX) {
        for finding in &touched {
            out.extend(quick_fix(report, finding, context));
        }
        let mut suppressed: Vec<(usize, &str)> = Vec::new();
        for finding in &touched {
            let line = report.source.lines.line_of(finding.span.start);
            if suppressed.contains(&(line, finding.rule.id)) {
                continue;
            }
            suppressed.push((line, finding.rule.id));
            out.extend(suppress(report, finding, context));
        }
    }
    if wants(&CodeActionKind::new(FIX_ALL)) {
        out.extend(fix_all(report, context));
    }
    out.into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// The finding's own fix, offered when `--fix` would apply it (the fixed files still parse).
fn quick_fix(
    report: &FileReport,
    finding: &Finding,
    context: &EditContext<'_>,
) -> Option<CodeAction> {
    let fix = finding.fix.as_ref()?;
    let alone = only(report, vec![finding.clone()]);
    let plan = apply::plan(&alone, FixOptions { unsafe_fixes: true });
    if plan.fixed == 0 {
        return None;
    }
    let safe = fix.applicability == Applicability::Safe;
    let mut title = format!("{}: {}", finding.rule.id, fix.description);
    if !safe {
        title.push_str(" (unsafe)");
    }
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(report, finding, context.encoding)]),
        edit: Some(of_fix(report, fix, context)?),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// A `tlslint:ignore` comment for the finding's rule above its line.
fn suppress(
    report: &FileReport,
    finding: &Finding,
    context: &EditContext<'_>,
) -> Option<CodeAction> {
    let (at, line) = suppression::insertion(
        report.kind,
        &report.source.text,
        &report.source.lines,
        finding.span.start,
        finding.rule.id,
    )?;
    let edit: WorkspaceEdit = of_text(report, (at, at), line, context)?;
    Some(CodeAction {
        title: format!("Suppress {} on this line", finding.rule.id),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(report, finding, context.encoding)]),
        edit: Some(edit),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

/// Every safe fix of the document's findings (and the other files they edit), as one pass of
/// `--fix` plans them: overlapping fixes wait for the next request.
fn fix_all(report: &FileReport, context: &EditContext<'_>) -> Option<CodeAction> {
    let plan = apply::plan(
        &only(report, report.findings.clone()),
        FixOptions::default(),
    );
    if plan.changes.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: "Fix all safe tlslint findings".to_owned(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(of_plan(&plan, context)?),
        ..CodeAction::default()
    })
}

/// A check result holding only `findings` of `report`'s file.
fn only(report: &FileReport, findings: Vec<Finding>) -> CheckResult {
    CheckResult {
        reports: vec![FileReport {
            path: report.path.clone(),
            kind: report.kind,
            source: report.source.clone(),
            findings,
            test_code: report.test_code,
        }],
        ..CheckResult::default()
    }
}
