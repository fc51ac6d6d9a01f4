//! Configuration files: `tlslint.toml` or `.tlslint.toml`, found from each scanned path upwards.
//!
//! ```toml
//! select = ["ALL"]                 # rule ids or names, or "ALL"
//! ignore = ["TLS003"]
//! exclude = ["tests/fixtures/", "**/Generated/*.cs"]   # gitignore syntax, relative to this file
//! target-framework = "4.8"         # what fixes retarget to
//! fail-on = "warning"              # error | warning | note | never
//!
//! [severity]
//! TLS003 = "warning"
//!
//! [[overrides]]
//! paths = ["tests/**"]
//! ignore = ["TLS001"]
//! severity = { TLS002 = "note" }
//! ```
//!
//! Unknown keys, unknown rule ids and invalid values are errors that name the file and the key:
//! a typo must not silently turn a rule off.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::editorconfig::{EditorConfigs, Setting};
use crate::rules::{self, RULES};
use crate::target::FrameworkVersion;

/// The names a configuration file may have, in the order they are looked for in a folder.
pub const CONFIG_NAMES: [&str; 2] = ["tlslint.toml", ".tlslint.toml"];

/// The severity threshold at which findings make the exit code 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "error" => Ok(FailOn::At(Severity::Error)),
            "warning" => Ok(FailOn::At(Severity::Warning)),
            "note" => Ok(FailOn::At(Severity::Note)),
            "never" => Ok(FailOn::Never),
            other => Err(format!(
                "invalid fail-on `{other}` (expected error, warning, note or never)"
            )),
        }
    }
}

/// An error in a configuration file (exit code 2).
#[derive(Debug)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    target_framework: Option<String>,
    fail_on: Option<String>,
    severity: Option<BTreeMap<String, String>>,
    overrides: Option<Vec<RawOverride>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Vec<String>,
    ignore: Option<Vec<String>>,
    severity: Option<BTreeMap<String, String>>,
}

/// Settings that differ for the files matched by some globs.
#[derive(Debug)]
pub struct Override {
    matcher: Gitignore,
    ignore: BTreeSet<&'static str>,
    severity: BTreeMap<&'static str, Severity>,
}

/// A resolved configuration: defaults, then the file, then the command line.
#[derive(Debug)]
pub struct Settings {
    /// The configuration file, if one was used.
    pub file: Option<PathBuf>,
    /// The folder relative globs are anchored at (the file's folder, else the scanned path).
    pub base: PathBuf,
    /// Enabled rule ids.
    pub enabled: BTreeSet<&'static str>,
    pub severity: BTreeMap<&'static str, Severity>,
    pub exclude: Vec<String>,
    pub fail_on: FailOn,
    pub target_framework: FrameworkVersion,
    pub overrides: Vec<Override>,
}

/// Command-line options that override configuration files.
#[derive(Clone, Debug, Default)]
pub struct CliOverrides {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub exclude: Vec<String>,
    pub fail_on: Option<FailOn>,
    pub target_framework: Option<FrameworkVersion>,
}

/// The default target that fixes retarget old projects to.
pub const DEFAULT_TARGET_FRAMEWORK: FrameworkVersion = FrameworkVersion::new(4, 8, 0);

impl Settings {
    /// Settings with no configuration file.
    pub fn defaults(base: PathBuf) -> Self {
        Settings {
            file: None,
            base,
            enabled: RULES.iter().map(|rule| rule.id).collect(),
            severity: BTreeMap::new(),
            exclude: Vec::new(),
            fail_on: FailOn::At(Severity::Warning),
            target_framework: DEFAULT_TARGET_FRAMEWORK,
            overrides: Vec::new(),
        }
    }

    /// Reads a configuration file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let error = |message: String| ConfigError {
            path: Some(path.to_owned()),
            message,
        };
        // Reading a FIFO would wait for a writer forever, and a folder cannot be read: both are
        // refused by name, like a file that is not valid TOML.
        let metadata = std::fs::metadata(path).map_err(|e| error(format!("cannot read: {e}")))?;
        if !metadata.is_file() {
            return Err(error(format!(
                "not a regular file ({})",
                crate::walk::file_type_name(&metadata)
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| error(format!("cannot read: {e}")))?;
        let (text, _) = crate::source::decode(&bytes).map_err(|e| error(e.to_string()))?;
        let raw: RawConfig =
            toml::from_str(&text).map_err(|e| error(e.to_string().trim_end().to_owned()))?;
        // Globs are anchored at the file's folder, absolute so that they mean the same whatever
        // the working directory (`--config ../tlslint.toml` included).
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let base = absolute
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let mut settings = Settings::defaults(base.clone());
        settings.file = Some(path.to_owned());
        if let Some(select) = &raw.select {
            settings.enabled =
                rules::resolve_selectors(select).map_err(|e| error(format!("select: {e}")))?;
        }
        if let Some(ignore) = &raw.ignore {
            for id in rules::resolve_selectors(ignore).map_err(|e| error(format!("ignore: {e}")))? {
                settings.enabled.remove(id);
            }
        }
        settings.exclude = raw.exclude.clone().unwrap_or_default();
        globs(&base, &settings.exclude).map_err(|e| error(format!("exclude: {e}")))?;
        if let Some(target) = &raw.target_framework {
            settings.target_framework = parse_framework_version(target)
                .map_err(|e| error(format!("target-framework: {e}")))?;
        }
        if let Some(fail_on) = &raw.fail_on {
            settings.fail_on = fail_on
                .parse()
                .map_err(|e: String| error(format!("fail-on: {e}")))?;
        }
        if let Some(severity) = &raw.severity {
            settings.severity =
                severities(severity).map_err(|e| error(format!("severity: {e}")))?;
        }
        for (i, raw_override) in raw.overrides.iter().flatten().enumerate() {
            let at = |e: String| error(format!("overrides[{i}]: {e}"));
            let matcher = globs(&base, &raw_override.paths).map_err(at)?;
            let ignore = match &raw_override.ignore {
                Some(ignore) => {
                    rules::resolve_selectors(ignore).map_err(|e| at(format!("ignore: {e}")))?
                }
                None => BTreeSet::new(),
            };
            let severity = match &raw_override.severity {
                Some(severity) => severities(severity).map_err(|e| at(format!("severity: {e}")))?,
                None => BTreeMap::new(),
            };
            settings.overrides.push(Override {
                matcher,
                ignore,
                severity,
            });
        }
        Ok(settings)
    }

    /// Finds the configuration for `path`: the first `tlslint.toml`/`.tlslint.toml` in its
    /// folder or any parent folder; defaults when there is none.
    pub fn discover(path: &Path) -> Result<Self, ConfigError> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let start = if absolute.is_dir() {
            absolute.clone()
        } else {
            absolute
                .parent()
                .map_or_else(|| absolute.clone(), Path::to_path_buf)
        };
        for folder in start.ancestors() {
            for name in CONFIG_NAMES {
                let candidate = folder.join(name);
                // Anything of that name counts: a folder or FIFO named `tlslint.toml` is an
                // error naming it (as invalid TOML is), not silently skipped for a parent
                // folder's configuration.
                match std::fs::metadata(&candidate) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {}
                    _ => return Settings::load(&candidate),
                }
            }
        }
        Ok(Settings::defaults(start))
    }

    /// Applies command-line options, which win over the file.
    pub fn apply(&mut self, cli: &CliOverrides) -> Result<(), ConfigError> {
        let error = |message: String| ConfigError {
            path: None,
            message,
        };
        if let Some(select) = &cli.select {
            self.enabled =
                rules::resolve_selectors(select).map_err(|e| error(format!("--select: {e}")))?;
        }
        for id in
            rules::resolve_selectors(&cli.ignore).map_err(|e| error(format!("--ignore: {e}")))?
        {
            self.enabled.remove(id);
        }
        if let Some(fail_on) = cli.fail_on {
            self.fail_on = fail_on;
        }
        if let Some(target) = cli.target_framework {
            self.target_framework = target;
        }
        Ok(())
    }

    /// The exclusion matcher for files under this configuration, anchored at `base`: the
    /// file's `exclude` globs plus the command line's.
    pub fn exclude_matcher(
        &self,
        cli_excludes: &[String],
        cwd: &Path,
    ) -> Result<(Gitignore, Gitignore), ConfigError> {
        let from_file = globs(&self.base, &self.exclude).map_err(|e| ConfigError {
            path: self.file.clone(),
            message: format!("exclude: {e}"),
        })?;
        let from_cli = globs(cwd, cli_excludes).map_err(|e| ConfigError {
            path: None,
            message: format!("--exclude: {e}"),
        })?;
        Ok((from_file, from_cli))
    }

    /// Whether `rule` is enabled for the file at `path` (absolute or relative to the cwd),
    /// and with which severity. `.editorconfig` settings (when given) come below this file's:
    /// they apply unless the file sets the rule's severity for that path.
    pub fn rule_severity(
        &self,
        rule: &'static rules::RuleMeta,
        path: &Path,
        editorconfig: Option<&EditorConfigs>,
    ) -> Option<Severity> {
        if !self.enabled.contains(rule.id) {
            return None;
        }
        let mut severity = self.severity.get(rule.id).copied();
        for o in &self.overrides {
            if !o.applies_to(path) {
                continue;
            }
            if o.ignore.contains(rule.id) {
                return None;
            }
            if let Some(s) = o.severity.get(rule.id) {
                severity = Some(*s);
            }
        }
        if severity.is_some() {
            return severity;
        }
        match editorconfig.and_then(|e| e.setting(rule.id, path)) {
            Some(Setting::Off) => None,
            Some(Setting::Severity(s)) => Some(s),
            Some(Setting::Default) | None => Some(rule.default_severity),
        }
    }
}

/// One step of how a rule's severity for a file came about (`--show-settings`): where it is
/// set, and what it sets there (`None`: off).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeverityStep {
    pub source: String,
    pub severity: Option<Severity>,
}

impl Override {
    /// Whether this override's `paths` cover the file at `path`.
    fn applies_to(&self, path: &Path) -> bool {
        // The globs are anchored at the configuration file's folder, which `discover` makes
        // absolute: a path relative to the working directory must be made absolute too, or
        // `tests/**` would only match when tlslint runs from that folder. A path outside the
        // folder matches no override (and must not reach the matcher, which asserts that).
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        absolute.starts_with(self.matcher.path())
            && self
                .matcher
                .matched_path_or_any_parents(&absolute, false)
                .is_ignore()
    }
}

impl Settings {
    /// Every setting that speaks about `rule` for the file at `path`, from the lowest
    /// precedence up: the default, `.editorconfig`, this configuration file (selection,
    /// `[severity]`), its `[[overrides]]`, the command line. `file_enabled`: the rules the
    /// configuration file enables, before the command line's `--select`/`--ignore`; `shown`
    /// names files as the output shows paths. What applies in the end is
    /// [`Settings::rule_severity`]'s answer.
    pub fn severity_steps(
        &self,
        file_enabled: &BTreeSet<&'static str>,
        rule: &'static rules::RuleMeta,
        path: &Path,
        editorconfig: Option<&EditorConfigs>,
        shown: &dyn Fn(&Path) -> String,
    ) -> Vec<SeverityStep> {
        let file = match &self.file {
            Some(file) => shown(file),
            None => "defaults".to_owned(),
        };
        let mut steps = vec![SeverityStep {
            source: "default".to_owned(),
            severity: Some(rule.default_severity),
        }];
        if let Some((setting, editorconfig, section)) =
            editorconfig.and_then(|e| e.setting_source(rule.id, path))
        {
            steps.push(SeverityStep {
                source: format!("{}:{section}", shown(&editorconfig)),
                severity: match setting {
                    Setting::Off => None,
                    Setting::Severity(severity) => Some(severity),
                    Setting::Default => Some(rule.default_severity),
                },
            });
        }
        if !file_enabled.contains(rule.id) {
            steps.push(SeverityStep {
                source: format!("{file}: select/ignore"),
                severity: None,
            });
        }
        if let Some(severity) = self.severity.get(rule.id) {
            steps.push(SeverityStep {
                source: format!("{file}: [severity]"),
                severity: Some(*severity),
            });
        }
        for (i, o) in self.overrides.iter().enumerate() {
            if !o.applies_to(path) {
                continue;
            }
            if o.ignore.contains(rule.id) {
                steps.push(SeverityStep {
                    source: format!("{file}: [[overrides]] {} ignore", i + 1),
                    severity: None,
                });
            }
            if let Some(severity) = o.severity.get(rule.id) {
                steps.push(SeverityStep {
                    source: format!("{file}: [[overrides]] {} severity", i + 1),
                    severity: Some(*severity),
                });
            }
        }
        match (
            file_enabled.contains(rule.id),
            self.enabled.contains(rule.id),
        ) {
            (true, false) => steps.push(SeverityStep {
                source: "command line: --select/--ignore".to_owned(),
                severity: None,
            }),
            (false, true) => steps.push(SeverityStep {
                source: "command line: --select (turns it on)".to_owned(),
                severity: Some(rule.default_severity),
            }),
            _ => {}
        }
        steps
    }
}

/// A gitignore-style matcher for `patterns`, anchored at `base`.
pub fn globs(base: &Path, patterns: &[String]) -> Result<Gitignore, String> {
    let mut builder = GitignoreBuilder::new(base);
    for pattern in patterns {
        builder.add_line(None, pattern).map_err(|e| e.to_string())?;
    }
    builder.build().map_err(|e| e.to_string())
}

fn severities(raw: &BTreeMap<String, String>) -> Result<BTreeMap<&'static str, Severity>, String> {
    let mut out = BTreeMap::new();
    for (rule, severity) in raw {
        let rule = rules::lookup(rule)
            .ok_or_else(|| format!("unknown rule `{rule}` (see `tlslint rules`)"))?;
        let severity = match severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "note" => Severity::Note,
            other => {
                return Err(format!(
                    "invalid severity `{other}` for {} (expected error, warning or note)",
                    rule.id
                ));
            }
        };
        out.insert(rule.id, severity);
    }
    Ok(out)
}

/// Parses a .NET Framework version as users write it: `4.8`, `4.7.2`, `v4.8`, `net48`, `net472`.
pub fn parse_framework_version(text: &str) -> Result<FrameworkVersion, String> {
    let trimmed = text.trim();
    let digits = trimmed
        .strip_prefix("net")
        .filter(|rest| rest.chars().all(|c| c.is_ascii_digit()))
        .map(|rest| rest.chars().map(String::from).collect::<Vec<_>>().join("."));
    let dotted = digits.unwrap_or_else(|| trimmed.trim_start_matches(['v', 'V']).to_owned());
    let parts: Vec<u32> = dotted
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{text}` is not a .NET Framework version such as 4.8 or 4.7.2"))?;
    match parts.as_slice() {
        [4, minor] if *minor <= 8 => Ok(FrameworkVersion::new(4, *minor, 0)),
        [4, minor, patch] if *minor <= 8 && *patch <= 9 => {
            Ok(FrameworkVersion::new(4, *minor, *patch))
        }
        _ => Err(format!(
            "`{text}` is not a .NET Framework 4.x version such as 4.8 or 4.7.2"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn reads_every_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "tlslint.toml",
            "select = [\"ALL\"]\nignore = [\"hardcoded-protocol-version\"]\nexclude = [\"gen/\"]\ntarget-framework = \"4.7.2\"\nfail-on = \"error\"\n[severity]\nTLS004 = \"warning\"\n[[overrides]]\npaths = [\"tests/**\"]\nignore = [\"TLS001\"]\n",
        );
        let settings = Settings::load(&path).unwrap();
        assert!(!settings.enabled.contains("TLS003"));
        assert_eq!(settings.fail_on, FailOn::At(Severity::Error));
        assert_eq!(settings.target_framework, FrameworkVersion::new(4, 7, 2));
        let tls001 = rules::lookup("TLS001").unwrap();
        let tls004 = rules::lookup("TLS004").unwrap();
        assert_eq!(
            settings.rule_severity(tls004, &dir.path().join("a.cs"), None),
            Some(Severity::Warning)
        );
        assert_eq!(
            settings.rule_severity(tls001, &dir.path().join("tests/x/a.cs"), None),
            None
        );
        assert_eq!(
            settings.rule_severity(tls001, &dir.path().join("src/a.cs"), None),
            Some(Severity::Error)
        );
    }

    /// A `tlslint.toml` that is a folder or a FIFO is an error naming it, found or named, and
    /// reading it never blocks.
    #[test]
    fn configurations_that_are_not_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("folder/tlslint.toml")).unwrap();
        let error = Settings::discover(&dir.path().join("folder"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("tlslint.toml") && error.contains("not a regular file (a folder)"),
            "{error}"
        );
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo");
            std::fs::create_dir_all(&fifo).unwrap();
            let status = std::process::Command::new("mkfifo")
                .arg(fifo.join("tlslint.toml"))
                .status();
            if status.is_ok_and(|s| s.success()) {
                for error in [
                    Settings::discover(&fifo).unwrap_err(),
                    Settings::load(&fifo.join("tlslint.toml")).unwrap_err(),
                ] {
                    assert!(error.to_string().contains("(a FIFO)"), "{error}");
                }
            }
        }
    }

    #[test]
    fn unknown_keys_and_rules_are_errors_naming_file_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "tlslint.toml", "selct = [\"TLS001\"]\n");
        let error = Settings::load(&path).unwrap_err().to_string();
        assert!(
            error.contains("tlslint.toml") && error.contains("selct"),
            "{error}"
        );
        let path = write(dir.path(), "tlslint.toml", "ignore = [\"TLS404\"]\n");
        let error = Settings::load(&path).unwrap_err().to_string();
        assert!(
            error.contains("ignore") && error.contains("TLS404"),
            "{error}"
        );
        let path = write(
            dir.path(),
            "tlslint.toml",
            "[severity]\nTLS001 = \"fatal\"\n",
        );
        let error = Settings::load(&path).unwrap_err().to_string();
        assert!(
            error.contains("severity") && error.contains("fatal"),
            "{error}"
        );
    }

    #[test]
    fn discovers_upwards() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), ".tlslint.toml", "ignore = [\"TLS003\"]\n");
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let settings = Settings::discover(&dir.path().join("a/b")).unwrap();
        assert!(settings.file.is_some());
        assert!(!settings.enabled.contains("TLS003"));
    }

    #[test]
    fn framework_versions() {
        assert_eq!(
            parse_framework_version("4.8"),
            Ok(FrameworkVersion::new(4, 8, 0))
        );
        assert_eq!(
            parse_framework_version("v4.7.2"),
            Ok(FrameworkVersion::new(4, 7, 2))
        );
        assert_eq!(
            parse_framework_version("net472"),
            Ok(FrameworkVersion::new(4, 7, 2))
        );
        assert!(parse_framework_version("net8.0").is_err());
        assert!(parse_framework_version("eight").is_err());
    }
}
