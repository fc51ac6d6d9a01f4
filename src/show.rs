//! `tlslint check --show-settings PATH` and `tlslint check --show-files`: what a run would do,
//! without doing it. Both answer the questions a newcomer asks when a finding does (or does not)
//! appear: which configuration applies to this file, where each rule's severity comes from,
//! and which files are checked or skipped, and why.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::config::{ConfigError, FailOn, Settings};
use crate::editorconfig::EditorConfigs;
use crate::engine::{CheckError, CheckOptions, ConfigChoice, display_path};
use crate::lang::FileKind;
use crate::rules::RULES;
use crate::walk::{self, Root};

/// The settings that apply to the file at `path`, and for each rule where its severity comes
/// from, lowest precedence first (default, `.editorconfig`, `tlslint.toml`, `[[overrides]]`,
/// command line), then what applies.
pub fn settings(path: &Path, options: &CheckOptions) -> Result<String, ConfigError> {
    let mut settings = resolve(path, options)?;
    let file_enabled: BTreeSet<&'static str> = settings.enabled.clone();
    settings.apply(&options.overrides)?;
    let editorconfigs =
        (!matches!(options.config, ConfigChoice::Defaults)).then(EditorConfigs::new);
    let shown = |p: &Path| display_path(p, &options.cwd);
    let mut out = String::new();
    let _ = writeln!(out, "file: {}", shown(path));
    let _ = writeln!(
        out,
        "kind: {}",
        FileKind::from_path(path).map_or("not a file kind tlslint reads", FileKind::name)
    );
    let _ = writeln!(
        out,
        "configuration: {}",
        match (&settings.file, &options.config) {
            (Some(file), _) => shown(file),
            (None, ConfigChoice::Defaults) =>
                "none (--no-config: defaults, no .editorconfig)".to_owned(),
            (None, _) => "none found (defaults)".to_owned(),
        }
    );
    let _ = writeln!(out, "target-framework: {}", settings.target_framework);
    let _ = writeln!(
        out,
        "fail-on: {}",
        match settings.fail_on {
            FailOn::At(severity) => severity.as_str(),
            FailOn::Never => "never",
        }
    );
    let _ = writeln!(out, "rules:");
    for rule in RULES {
        let effective = settings.rule_severity(rule, path, editorconfigs.as_ref());
        let _ = writeln!(
            out,
            "  {} {}: {}",
            rule.id,
            rule.name,
            effective.map_or("off", |s| s.as_str())
        );
        for step in
            settings.severity_steps(&file_enabled, rule, path, editorconfigs.as_ref(), &shown)
        {
            let _ = writeln!(
                out,
                "    {}: {}",
                step.source,
                step.severity.map_or("off", |s| s.as_str())
            );
        }
    }
    for (file, message) in editorconfigs.iter().flat_map(EditorConfigs::take_warnings) {
        let _ = writeln!(out, "warning: {}: {message}", shown(&file));
    }
    Ok(out)
}

fn resolve(path: &Path, options: &CheckOptions) -> Result<Settings, ConfigError> {
    match &options.config {
        ConfigChoice::Discover => Settings::discover(path),
        ConfigChoice::File(file) => Settings::load(file),
        ConfigChoice::Defaults => Ok(Settings::defaults(options.cwd.clone())),
    }
}

/// The files a check of `options.paths` reads and reports on, one per line, and the files and
/// folders it skips with the reason (`path/  (skipped: why)`), sorted by path. Paths that cannot
/// be walked are listed with the error. Files of kinds tlslint does not read are left out.
pub fn files(options: &CheckOptions) -> Result<String, CheckError> {
    let mut roots = Vec::new();
    for path in &options.paths {
        let mut settings = resolve(path, options).map_err(CheckError::Config)?;
        settings
            .apply(&options.overrides)
            .map_err(CheckError::Config)?;
        let (config_excludes, cli_excludes) = settings
            .exclude_matcher(&options.overrides.exclude, &options.cwd)
            .map_err(CheckError::Config)?;
        roots.push(Root {
            path: path.clone(),
            settings: 0,
            config_excludes,
            cli_excludes,
        });
    }
    let (listed, errors) = walk::listing(&roots, &options.walk);
    let mut lines: Vec<(String, String)> = listed
        .into_iter()
        .map(|listed| {
            let mut shown = display_path(&listed.path, &options.cwd);
            if listed.is_dir {
                shown.push('/');
            }
            let line = match &listed.skipped {
                None => shown.clone(),
                Some(reason) => format!("{shown}  (skipped: {reason})"),
            };
            (shown, line)
        })
        .collect();
    for error in errors {
        let shown = display_path(&error.path, &options.cwd);
        let line = format!("{shown}  (error: {})", error.message);
        lines.push((shown, line));
    }
    lines.sort();
    Ok(lines.into_iter().map(|(_, line)| line + "\n").collect())
}
