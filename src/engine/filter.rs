//! The stage that decides which findings are reported: suppressions written in the files, then
//! each file's configuration (selection and severity, `tlslint.toml` and `.editorconfig`).

use rayon::prelude::*;

use super::discover::Scan;
use super::lint::Outcome;
use super::{CheckOptions, ConfigChoice, ScanError, display_path};
use crate::diagnostic::Finding;
use crate::editorconfig::EditorConfigs;
use crate::project::ProjectModel;
use crate::suppress::{self, GlobalSuppression};

/// Applies suppressions and configuration to `found` (one list per entry of the scan) and sorts
/// each file's findings. Returns the problems met in `.editorconfig` files, which are reported
/// like files that could not be read.
pub fn filter(
    scan: &Scan,
    model: &ProjectModel,
    found: &mut [Vec<Finding>],
    pool: &rayon::ThreadPool,
    options: &CheckOptions,
) -> Vec<ScanError> {
    apply_suppressions(scan, model, found, pool, options);
    apply_configuration(scan, found, options)
}

/// Suppressions written in the files (in parallel: `[SuppressMessage]` needs a parse). Global
/// suppressions (`[assembly: SuppressMessage]`) reach every file of their projects.
fn apply_suppressions(
    scan: &Scan,
    model: &ProjectModel,
    found: &mut [Vec<Finding>],
    pool: &rayon::ThreadPool,
    options: &CheckOptions,
) {
    let mut project_suppressions: Vec<Vec<&GlobalSuppression>> =
        vec![Vec::new(); model.projects.len()];
    for (i, outcome) in scan.outcomes.iter().enumerate() {
        if let Outcome::Facts { suppressions, .. } = outcome {
            for &project in &model.owners[i] {
                project_suppressions[project].extend(suppressions);
            }
        }
    }
    pool.install(|| {
        scan.entries
            .par_iter()
            .zip(scan.outcomes.par_iter())
            .zip(found.par_iter_mut())
            .enumerate()
            .for_each(|(i, ((entry, outcome), findings))| {
                if let Outcome::Facts { source, .. } = outcome
                    && entry.reported
                {
                    let global: Vec<&GlobalSuppression> = model.owners[i]
                        .iter()
                        .flat_map(|&project| project_suppressions[project].iter().copied())
                        .collect();
                    *findings = suppress::apply(
                        &source.text,
                        entry.kind,
                        std::mem::take(findings),
                        options.report_unused_suppressions,
                        &global,
                    );
                }
            })
    });
}

/// Selection and severity per file, from its configuration and the `.editorconfig` files above
/// it; returns the `.editorconfig` problems met.
fn apply_configuration(
    scan: &Scan,
    found: &mut [Vec<Finding>],
    options: &CheckOptions,
) -> Vec<ScanError> {
    // `--no-config` means the defaults: no `.editorconfig` either.
    let editorconfigs =
        (!matches!(options.config, ConfigChoice::Defaults)).then(EditorConfigs::new);
    for (entry, findings) in scan.entries.iter().zip(found.iter_mut()) {
        let settings = &scan.settings[entry.settings];
        findings.retain_mut(|finding| {
            match settings.rule_severity(finding.rule, &entry.path, editorconfigs.as_ref()) {
                Some(severity) => {
                    finding.severity = severity;
                    true
                }
                None => false,
            }
        });
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    // An `.editorconfig` that could not be read, or a setting of ours in it that means nothing.
    editorconfigs
        .iter()
        .flat_map(EditorConfigs::take_warnings)
        .map(|(path, message)| ScanError {
            path: display_path(&path, &options.cwd),
            message,
            fatal: false,
        })
        .collect()
}
