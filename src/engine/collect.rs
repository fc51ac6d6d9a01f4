//! The last stage: project verdicts, the baseline, and the sorted reports of a check.

use std::collections::BTreeMap;

use super::discover::Scan;
use super::entry::Entry;
use super::lint::Outcome;
use super::{
    CheckOptions, CheckResult, FileReport, FindingRef, ProjectSummary, ScanError, Verdict,
};
use crate::baseline;
use crate::config::FailOn;
use crate::diagnostic::Finding;
use crate::project::{ProjectKind, ProjectModel};
use crate::target::Target;
use crate::verdict;

/// Turns the filtered findings (one list per entry of the scan) into the check's result:
/// project verdicts, baseline, counts, and the reports of the files with findings, sorted.
/// `warnings`: problems met on the way that are reported like unreadable files.
pub fn collect(
    scan: &Scan,
    model: &ProjectModel,
    mut found: Vec<Vec<Finding>>,
    warnings: Vec<ScanError>,
    options: &CheckOptions,
) -> CheckResult {
    let mut result = CheckResult {
        baseline: options
            .baseline
            .as_ref()
            .map(|_| baseline::Matched::default()),
        usage_errors: scan.usage_errors,
        ..CheckResult::default()
    };
    result.errors = scan.errors.clone();
    result.errors.extend(warnings);
    result.files_checked += scan.clean.len();
    if let (Some(baseline), Some(matched)) = (&options.baseline, &mut result.baseline) {
        for (_, candidate) in &scan.clean {
            matched.gone += baseline.recorded(&candidate.path);
        }
    }
    // Verdicts see every project's findings before the same finding reached through several
    // projects (a shared Directory.Build.props) is reported once.
    result.projects = project_summaries(model, &scan.entries, &found);
    for findings in &mut found {
        findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    }
    for (index, ((entry, outcome), findings)) in scan
        .entries
        .iter()
        .zip(&scan.outcomes)
        .zip(found)
        .enumerate()
    {
        if !entry.reported {
            continue;
        }
        let in_test_project = model
            .project_of(index)
            .is_some_and(|p| p.kind == ProjectKind::Test);
        let fail_on = scan.settings[entry.settings].fail_on;
        report(
            &mut result,
            entry,
            outcome,
            findings,
            in_test_project,
            fail_on,
            options,
        );
    }
    result
        .reports
        .sort_by(|a, b| a.source.name.cmp(&b.source.name));
    result.errors.sort();
    result
}

/// Adds one reported file to `result`: counted, its baseline applied, and its report when
/// findings remain. The scan is only borrowed (a session keeps it for the next check): the
/// report copies the path and shares the source text.
fn report(
    result: &mut CheckResult,
    entry: &Entry,
    outcome: &Outcome,
    mut findings: Vec<Finding>,
    in_test_project: bool,
    fail_on: FailOn,
    options: &CheckOptions,
) {
    let source = match outcome {
        Outcome::Clean => {
            result.files_checked += 1;
            if let (Some(baseline), Some(matched)) = (&options.baseline, &mut result.baseline) {
                matched.gone += baseline.recorded(&entry.path);
            }
            return;
        }
        Outcome::Binary => return,
        Outcome::Error(message) => {
            result.errors.push(ScanError {
                path: entry.display.clone(),
                message: message.clone(),
                fatal: false,
            });
            return;
        }
        Outcome::Facts { source, .. } => source.clone(),
    };
    result.files_checked += 1;
    if let (Some(baseline), Some(matched)) = (&options.baseline, &mut result.baseline) {
        let file = baseline.filter(&entry.path, &source, &mut findings);
        matched.matched += file.matched;
        matched.gone += file.gone;
    }
    if findings.is_empty() {
        return;
    }
    result.failing += findings
        .iter()
        .filter(|f| matches!(fail_on, FailOn::At(threshold) if f.severity >= threshold))
        .count();
    for finding in &mut findings {
        // A file with invalid UTF-8 cannot be written back byte for byte: no fixes there.
        if !source.encoding.is_lossless() {
            finding.fix = None;
        }
        if let Some(fix) = &mut finding.fix {
            fix.locate(&source);
        }
    }
    let test_code = in_test_project || verdict::is_test_path(&entry.display);
    result.reports.push(FileReport {
        path: entry.path.clone(),
        kind: entry.kind,
        source,
        findings,
        test_code,
    });
}

/// Kind, targets and verdict of every project whose project file (or web site `web.config`)
/// is among the reported files.
fn project_summaries(
    model: &ProjectModel,
    entries: &[Entry],
    found: &[Vec<Finding>],
) -> Vec<ProjectSummary> {
    let mut verdicts = vec![Verdict::Ready; model.projects.len()];
    let mut counts: Vec<BTreeMap<&'static str, usize>> =
        vec![BTreeMap::new(); model.projects.len()];
    let mut refs: Vec<Vec<FindingRef>> = vec![Vec::new(); model.projects.len()];
    for (i, findings) in found.iter().enumerate() {
        if findings.is_empty() {
            continue;
        }
        let in_test_path = verdict::is_test_path(&entries[i].display);
        for finding in findings {
            // A project rule's finding is about its project; a file's findings count in every
            // project that owns the file (compiles it, or shares its folder's config).
            let owners: &[usize] = match &finding.project {
                Some(project) => std::slice::from_ref(project),
                None => &model.owners[i],
            };
            for &project in owners {
                let in_test = in_test_path || model.projects[project].kind == ProjectKind::Test;
                let verdict = verdict::verdict_of(finding, in_test);
                verdicts[project] = verdicts[project].max(verdict);
                *counts[project].entry(finding.rule.id).or_insert(0) += 1;
                refs[project].push(FindingRef {
                    path: entries[i].display.clone(),
                    start: finding.span.start,
                    end: finding.span.end,
                    rule: finding.rule.id,
                });
            }
        }
    }
    let mut summaries: Vec<ProjectSummary> = model
        .projects
        .iter()
        .zip(verdicts)
        .zip(counts)
        .zip(refs)
        .filter_map(|(((project, verdict), by_rule), mut findings)| {
            findings.sort();
            findings.dedup();
            let anchor = project.file.or(project.web_config)?;
            entries[anchor].reported.then(|| ProjectSummary {
                path: entries[anchor].display.clone(),
                kind: project.kind,
                targets: project.targets.iter().map(|t| t.label.clone()).collect(),
                opt_in: !project.opt_ins.is_empty(),
                verdict,
                lowest_target: project.targets.iter().fold(Target::Unknown, |lowest, t| {
                    lowest.lowest(t.inventory_target())
                }),
                by_rule,
                findings,
            })
        })
        .collect();
    summaries.sort_by(|a, b| a.path.cmp(&b.path));
    summaries
}
