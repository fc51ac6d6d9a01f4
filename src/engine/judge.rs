//! The stages that judge: [`build_model`] (projects from the facts of every file), then
//! [`file_rules`] (each file's facts in its project's context) and [`project_rules`] (rules that
//! need the whole model).

use std::sync::Arc;

use rayon::prelude::*;

use super::discover::Scan;
use super::inherited;
use super::lint::Outcome;
use crate::diagnostic::Finding;
use crate::lang::FileKind;
use crate::project::{ModelFile, ProjectModel};
use crate::rules::{self, FileContext, ProjectContext};
use crate::source::SourceFile;
use crate::target::{FrameworkVersion, Target};

/// Every file of the scan as the project model sees it (reported or read for context).
fn model_files(scan: &Scan) -> Vec<ModelFile<'_>> {
    scan.entries
        .iter()
        .zip(&scan.outcomes)
        .map(|(e, o)| ModelFile {
            path: &e.model_path,
            kind: e.kind,
            facts: o.facts().unwrap_or(&scan.no_facts),
        })
        .collect()
}

/// The .NET Framework version fixes retarget to, for each file (from its configuration).
fn fix_targets(scan: &Scan) -> Vec<FrameworkVersion> {
    scan.entries
        .iter()
        .map(|e| scan.settings[e.settings].target_framework)
        .collect()
}

/// The project model: which projects there are, what they target and opt in to, and which
/// files each owns. It sees every file; rules report only on the files the user named.
pub fn build_model(scan: &Scan) -> ProjectModel {
    ProjectModel::build(&model_files(scan))
}

/// Runs the file rules on every reported file, and on MSBuild files read for context (what they
/// set may decide a checked project: see `inherited`). One list of findings per entry.
pub fn file_rules(
    scan: &Scan,
    model: &ProjectModel,
    pool: &rayon::ThreadPool,
) -> Vec<Vec<Finding>> {
    let fix_targets = fix_targets(scan);
    pool.install(|| {
        scan.entries
            .par_iter()
            .zip(scan.outcomes.par_iter())
            .enumerate()
            .map(|(i, (entry, outcome))| match outcome {
                Outcome::Facts { source, facts, .. }
                    if entry.reported || entry.kind == FileKind::MsBuild =>
                {
                    let project = model.project_of(i);
                    // Scripts run in PowerShell's process, not in the project's: no target.
                    let target = match entry.kind {
                        FileKind::PowerShell => Target::Unknown,
                        _ => project.map_or(Target::Unknown, |p| p.check_target),
                    };
                    let ctx = FileContext {
                        text: &source.text,
                        kind: entry.kind,
                        target,
                        project,
                        fix_target: fix_targets[i],
                    };
                    rules::check_file(&ctx, facts)
                }
                _ => Vec::new(),
            })
            .collect()
    })
}

/// Runs the project rules, and moves the findings of files read only for context onto the
/// checked project files they decide (a `Directory.Build.props` above the checked folder).
pub fn project_rules(scan: &Scan, model: &ProjectModel, found: &mut [Vec<Finding>]) {
    let files = model_files(scan);
    let sources: Vec<Option<Arc<SourceFile>>> = scan
        .outcomes
        .iter()
        .map(|o| match o {
            Outcome::Facts { source, .. } => Some(source.clone()),
            _ => None,
        })
        .collect();
    let displays: Vec<String> = scan.entries.iter().map(|e| e.display.clone()).collect();
    let fix_targets = fix_targets(scan);
    let context = ProjectContext {
        files: &files,
        model,
        sources: &sources,
        displays: &displays,
        fix_targets: &fix_targets,
    };
    for (file, finding) in rules::check_projects(&context) {
        found[file].push(finding);
    }
    let reported: Vec<bool> = scan.entries.iter().map(|e| e.reported).collect();
    for file in (0..scan.entries.len()).filter(|&i| !reported[i]) {
        let context_findings = std::mem::take(&mut found[file]);
        if context_findings.is_empty() {
            continue;
        }
        for moved in inherited::relocate(&context, &reported, file, &context_findings) {
            found[moved.project_file].push(moved.finding);
        }
    }
}
