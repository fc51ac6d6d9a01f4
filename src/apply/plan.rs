//! Applying fixes: choose the applicable ones, group their edits by file, drop fixes whose
//! edits overlap an accepted one (a later pass picks them up), check that every changed file
//! still parses, and write each file atomically in its own encoding.
//!
//! A fix is applied whole or not at all, even when it edits several files (an application's
//! project file and its `App.config`). [`super::write`] puts the result on disk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::engine::CheckResult;
use crate::facts::Span;
use crate::fix::{Applicability, EditFile, Fix};
use crate::lang::{FileKind, cpp, csharp, powershell, vb, xml};
use crate::project::model_path;
use crate::source::SourceFile;

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixOptions {
    /// Also apply unsafe fixes.
    pub unsafe_fixes: bool,
}

/// The new contents of one file.
#[derive(Debug)]
pub struct FileChange {
    pub path: PathBuf,
    pub display: String,
    pub kind: Option<FileKind>,
    /// The file as it was read (`None`: the fix creates it).
    pub before: Option<Arc<SourceFile>>,
    pub after: String,
    /// The findings (numbered in report order) whose fixes edit this file. A finding counts
    /// as fixed only when every file its fix edits was written.
    pub findings: Vec<usize>,
}

/// What a pass of fixing would do.
#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<FileChange>,
    /// Findings whose fix is part of the plan.
    pub fixed: usize,
    /// Findings whose fix overlapped another one (left for the next pass).
    pub deferred: usize,
    /// Files whose fixes were dropped, and why.
    pub refused: Vec<(String, String)>,
}

/// A file the plan edits: where it is, how it was read, and the accepted edits with the
/// findings they fix.
struct Target {
    path: PathBuf,
    display: String,
    kind: Option<FileKind>,
    before: Option<Arc<SourceFile>>,
    edits: Vec<(Span, String, Vec<usize>)>,
}

/// Chooses the fixes to apply in `result` and computes the new file contents.
pub fn plan(result: &CheckResult, options: FixOptions) -> Plan {
    let mut targets: BTreeMap<PathBuf, Target> = BTreeMap::new();
    let mut plan = Plan::default();
    let mut finding_index = 0usize;
    let read = files_read(result);
    for report in &result.reports {
        for finding in &report.findings {
            finding_index += 1;
            let Some(fix) = &finding.fix else { continue };
            if fix.applicability == Applicability::Unsafe && !options.unsafe_fixes {
                continue;
            }
            if !report.source.encoding.is_lossless() {
                continue; // invalid UTF-8 cannot be written back byte for byte
            }
            let mut edits = resolve(fix, report);
            // An edit that writes what is already there changes nothing (another finding's
            // fix, applied in an earlier pass, did it): a fix made only of such edits is no fix.
            edits.retain(|(_, file, span, content)| {
                file.2
                    .as_ref()
                    .is_none_or(|before| before.text.get(span.clone()) != Some(content.as_str()))
            });
            if edits.is_empty() {
                continue;
            }
            // Identical edits (several findings fixed by the same rewrite) are applied once;
            // any other overlap defers the fix to the next pass. So does an edit made against
            // another version of its file than the plan's: creating a file that was read (or
            // that another fix edits as it is) would put a second document in front of it, and
            // the next pass sees the file and merges into it.
            let conflict = edits.iter().any(|(path, file, span, content)| {
                (file.2.is_none() && read.contains(path))
                    || targets.get(path).is_some_and(|t| {
                        !same_version(t.before.as_ref(), file.2.as_ref())
                            || t.edits
                                .iter()
                                .any(|(s, c, _)| overlaps(s, span) && !(s == span && c == content))
                    })
            });
            if conflict {
                plan.deferred += 1;
                continue;
            }
            for (path, file, span, content) in edits {
                let target = targets.entry(path.clone()).or_insert_with(|| Target {
                    path,
                    display: file.0,
                    kind: file.1,
                    before: file.2,
                    edits: Vec::new(),
                });
                match target
                    .edits
                    .iter_mut()
                    .find(|(s, c, _)| *s == span && *c == content)
                {
                    Some((_, _, findings)) => findings.push(finding_index),
                    None => target.edits.push((span, content, vec![finding_index])),
                }
            }
        }
    }
    // A file whose result would not parse is not written, and the fixes that touch it are not
    // applied anywhere else either: repeat until every remaining file builds.
    let mut targets: Vec<Target> = targets.into_values().collect();
    let mut built: Vec<Result<String, String>>;
    loop {
        built = targets.iter().map(build).collect();
        let mut dropped: Vec<usize> = Vec::new();
        for (target, result) in targets.iter().zip(&built) {
            if let Err(reason) = result {
                plan.refused.push((target.display.clone(), reason.clone()));
                dropped.extend(target.edits.iter().flat_map(|(_, _, f)| f.iter().copied()));
            }
        }
        if dropped.is_empty() {
            break;
        }
        for target in &mut targets {
            target
                .edits
                .retain(|(_, _, findings)| !findings.iter().any(|f| dropped.contains(f)));
        }
        targets.retain(|t| !t.edits.is_empty());
    }
    let mut fixed: Vec<usize> = targets
        .iter()
        .flat_map(|t| t.edits.iter().flat_map(|(_, _, f)| f.iter().copied()))
        .collect();
    fixed.sort_unstable();
    fixed.dedup();
    plan.fixed = fixed.len();
    for (target, after) in targets.into_iter().zip(built) {
        if let Ok(after) = after {
            let mut findings: Vec<usize> = target
                .edits
                .iter()
                .flat_map(|(_, _, f)| f.iter().copied())
                .collect();
            findings.sort_unstable();
            findings.dedup();
            plan.changes.push(FileChange {
                findings,
                path: target.path,
                display: target.display,
                kind: target.kind,
                before: target.before,
                after,
            });
        }
    }
    plan
}

/// The files the check read, by model path: a fix may edit them, never create them.
fn files_read(result: &CheckResult) -> BTreeSet<PathBuf> {
    let mut read: BTreeSet<PathBuf> = result
        .reports
        .iter()
        .map(|report| model_path(&report.path))
        .collect();
    for (_, finding) in result.findings() {
        let edits = finding.fix.iter().flat_map(|fix| &fix.edits);
        for edit in edits {
            if let EditFile::Other {
                path,
                source: Some(_),
                ..
            } = &edit.file
            {
                read.insert(model_path(path));
            }
        }
    }
    read
}

/// Whether two edits were made against the same contents of their file (both create it, or
/// both edit the same text).
fn same_version(a: Option<&Arc<SourceFile>>, b: Option<&Arc<SourceFile>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a.text == b.text,
        _ => false,
    }
}

type ResolvedEdit = (
    PathBuf,
    (String, Option<FileKind>, Option<Arc<SourceFile>>),
    Span,
    String,
);

/// The edits of a fix with the file each one changes. Files are keyed by their absolute,
/// normalised path, so that an edit from a finding in another file and the file's own fixes
/// land in the same plan.
fn resolve(fix: &Fix, report: &crate::engine::FileReport) -> Vec<ResolvedEdit> {
    fix.edits
        .iter()
        .map(|edit| match &edit.file {
            EditFile::Same => (
                model_path(&report.path),
                (
                    report.source.name.clone(),
                    Some(report.kind),
                    Some(report.source.clone()),
                ),
                edit.span.clone(),
                edit.content.clone(),
            ),
            EditFile::Other {
                path,
                display,
                source,
            } => (
                model_path(path),
                (display.clone(), FileKind::from_path(path), source.clone()),
                edit.span.clone(),
                edit.content.clone(),
            ),
        })
        .collect()
}

fn overlaps(a: &Span, b: &Span) -> bool {
    if a.is_empty() || b.is_empty() {
        // Two insertions at the same point, or an insertion inside a replaced range.
        return a.start == b.start
            || (a.start > b.start && a.start < b.end)
            || (b.start > a.start && b.start < a.end);
    }
    a.start < b.end && b.start < a.end
}

/// Applies the edits of one file and checks the result still parses.
fn build(target: &Target) -> Result<String, String> {
    let before = target.before.as_ref().map_or("", |s| s.text.as_str());
    let mut edits: Vec<&(Span, String, Vec<usize>)> = target.edits.iter().collect();
    edits.sort_by(|a, b| b.0.start.cmp(&a.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut after = before.to_owned();
    for (span, content, _) in edits {
        if span.end > after.len()
            || !after.is_char_boundary(span.start)
            || !after.is_char_boundary(span.end)
        {
            return Err("an edit falls outside the file".to_owned());
        }
        after.replace_range(span.clone(), content);
    }
    if errors(target.kind, &after) > errors(target.kind, before) {
        return Err("the fixed file would not parse; nothing was written".to_owned());
    }
    Ok(after)
}

/// How many syntax errors a file of `kind` has (0 for kinds without a grammar).
fn errors(kind: Option<FileKind>, text: &str) -> usize {
    match kind {
        Some(FileKind::CSharp) => csharp::error_count(text),
        Some(FileKind::PowerShell) => powershell::error_count(text),
        Some(FileKind::VisualBasic) => vb::error_count(text),
        Some(FileKind::Cpp) => cpp::error_count(text),
        Some(FileKind::MsBuild | FileKind::Config) => {
            usize::from(xml::Document::parse(text).has_errors)
        }
        Some(FileKind::RuntimeConfig) => {
            usize::from(serde_json::from_str::<serde_json::Value>(text).is_err())
        }
        _ => 0,
    }
}

/// A unified diff of every change, as `--diff` prints it.
pub fn diff(plan: &Plan) -> String {
    let mut out = String::new();
    for change in &plan.changes {
        let before = change.before.as_ref().map_or("", |s| s.text.as_str());
        let diff = similar::TextDiff::from_lines(before, change.after.as_str());
        let old_name = if change.before.is_some() {
            format!("a/{}", change.display)
        } else {
            "/dev/null".to_owned()
        };
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&old_name, &format!("b/{}", change.display))
                .to_string(),
        );
        // A file without a final line break leaves the diff's last line open.
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::engine::FileReport;
    use crate::fix::Edit;
    use crate::rules::{finding, lookup};
    use crate::source::Encoding;

    fn report(text: &str, fixes: Vec<Fix>) -> CheckResult {
        let source = SourceFile::new("A.cs".into(), text.into(), Encoding::Utf8);
        let rule = lookup("TLS001").unwrap();
        let findings = fixes
            .into_iter()
            .map(|fix| {
                let mut found = finding(rule, 0..1, "m".into(), "l".into(), None);
                found.fix = Some(fix);
                found
            })
            .collect();
        CheckResult {
            reports: vec![FileReport {
                path: PathBuf::from("A.cs"),
                kind: FileKind::CSharp,
                source,
                findings,
                test_code: false,
            }],
            ..CheckResult::default()
        }
    }

    #[test]
    fn a_fix_that_would_break_parsing_is_refused() {
        let text = "class A { void M() { } }\n";
        let result = report(
            text,
            vec![Fix::safe("drop a brace", vec![Edit::replace(23..24, "")])],
        );
        let plan = plan(&result, FixOptions::default());
        assert!(plan.changes.is_empty());
        assert_eq!(plan.fixed, 0);
        assert_eq!(plan.refused.len(), 1);
        assert!(plan.refused[0].1.contains("would not parse"));
    }

    #[test]
    fn c_and_cpp_fixes_must_keep_the_file_parsing() {
        let text = "void f(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT; }\n";
        let mut result = report(
            text,
            vec![
                Fix::safe("drop a brace", vec![Edit::replace(75..76, "")]),
                Fix::safe(
                    "rename",
                    vec![Edit::replace(54..73, "SP_PROT_TLS1_2_CLIENT")],
                ),
            ],
        );
        result.reports[0].kind = FileKind::Cpp;
        result.reports[0].path = PathBuf::from("a.cpp");
        let refused = plan(&result, FixOptions::default());
        assert_eq!(refused.fixed, 0, "one broken edit refuses the whole file");
        assert!(refused.refused[0].1.contains("would not parse"));
        let mut result = report(
            text,
            vec![Fix::safe(
                "rename",
                vec![Edit::replace(54..73, "SP_PROT_TLS1_2_CLIENT")],
            )],
        );
        result.reports[0].kind = FileKind::Cpp;
        let plan = plan(&result, FixOptions::default());
        assert_eq!(plan.fixed, 1);
        assert!(plan.changes[0].after.contains("= SP_PROT_TLS1_2_CLIENT; }"));
    }

    #[test]
    fn overlapping_fixes_wait_and_identical_edits_merge() {
        let text = "class A { int x = 1; }\n";
        let same = || Edit::replace(18..19, "2");
        let result = report(
            text,
            vec![
                Fix::safe("a", vec![same()]),
                Fix::safe("b", vec![same()]),
                Fix::safe("c", vec![Edit::replace(14..19, "y = 3")]),
                Fix::unsafe_("d", vec![Edit::replace(0..5, "struct")]),
            ],
        );
        let plan = plan(&result, FixOptions::default());
        assert_eq!(
            (plan.fixed, plan.deferred),
            (2, 1),
            "two identical edits, one overlapping, one unsafe"
        );
        assert_eq!(plan.changes[0].after, "class A { int x = 2; }\n");
    }

    fn app_config(source: Option<&str>, span: Span, content: &str) -> Fix {
        let file = EditFile::Other {
            path: PathBuf::from("shared/App.config"),
            display: "shared/App.config".to_owned(),
            source: source.map(|text| {
                SourceFile::new("shared/App.config".into(), text.into(), Encoding::Utf8)
            }),
        };
        Fix::unsafe_("opt in", vec![Edit::in_file(file, span, content)])
    }

    #[test]
    fn a_fix_never_creates_a_file_that_was_read() {
        let existing = "<configuration>\n</configuration>\n";
        let merge = || app_config(Some(existing), 16..16, "  <runtime />\n");
        let create = || app_config(None, 0..0, "<configuration><runtime /></configuration>\n");
        // Whichever comes first, the new document is never put in front of the existing one:
        // the creation waits for the next pass, which sees the file.
        for fixes in [vec![merge(), create()], vec![create(), merge()]] {
            let planned = plan(
                &report("class A { }\n", fixes),
                FixOptions { unsafe_fixes: true },
            );
            assert_eq!((planned.fixed, planned.deferred), (1, 1));
            assert!(planned.refused.is_empty());
            assert_eq!(
                planned.changes[0].after,
                "<configuration>\n  <runtime />\n</configuration>\n"
            );
        }
    }

    #[test]
    fn identical_creations_merge_and_edits_that_change_nothing_are_no_fix() {
        let create = || app_config(None, 0..0, "<configuration />\n");
        let merged = plan(
            &report("class A { }\n", vec![create(), create()]),
            FixOptions { unsafe_fixes: true },
        );
        assert_eq!(
            (merged.fixed, merged.deferred, merged.changes.len()),
            (2, 0, 1)
        );
        assert_eq!(merged.changes[0].after, "<configuration />\n");
        assert!(merged.changes[0].before.is_none());
        // Another finding's fix already wrote the same switches in an earlier pass.
        let existing = "<configuration><runtime /></configuration>\n";
        let same = app_config(Some(existing), 15..26, "<runtime />");
        let nothing = plan(
            &report("class A { }\n", vec![same]),
            FixOptions { unsafe_fixes: true },
        );
        assert_eq!(
            (nothing.fixed, nothing.deferred, nothing.changes.len()),
            (0, 0, 0)
        );
    }

    #[test]
    fn overlap_rules() {
        assert!(overlaps(&(0..5), &(4..6)));
        assert!(!overlaps(&(0..5), &(5..6)));
        assert!(overlaps(&(3..3), &(3..3)));
        assert!(overlaps(&(3..3), &(1..5)));
        assert!(!overlaps(&(5..5), &(1..5)));
    }
}
