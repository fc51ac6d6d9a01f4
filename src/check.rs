//! `tlslint check`: walk → read and decode → prefilter → analyse (in parallel, order kept) →
//! rules → configuration (selection, severity) → sorted reports.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{CliOverrides, ConfigError, FailOn, Settings};
use crate::diagnostic::{Finding, Severity};
use crate::facts::FileFacts;
use crate::lang::{FileKind, csharp};
use crate::rules::{self, FileContext};
use crate::source::{SourceFile, decode};
use crate::target::Target;
use crate::walk::{self, Candidate, Root, WalkOptions, io_message};

/// Which configuration to use.
#[derive(Clone, Debug, Default)]
pub enum ConfigChoice {
    /// Look for `tlslint.toml`/`.tlslint.toml` from each path upwards.
    #[default]
    Discover,
    /// Use this file for every path.
    File(PathBuf),
    /// Use the defaults.
    Defaults,
}

/// Everything `check` needs to know.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub config: ConfigChoice,
    pub overrides: CliOverrides,
    pub walk: WalkOptions,
    /// Worker threads for linting (0: one per core).
    pub threads: usize,
    /// Files larger than this are reported and skipped.
    pub max_file_size: u64,
    /// Paths are shown relative to this folder.
    pub cwd: PathBuf,
}

/// Default `--max-filesize`: far above any hand-written source, below what would hurt a sweep.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The findings in one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as shown: relative to the working directory, `/`-separated.
    pub path: String,
    pub source: Arc<SourceFile>,
    /// Sorted by position, then rule.
    pub findings: Vec<Finding>,
}

/// A file that could not be linted, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ScanError {
    pub path: String,
    pub message: String,
}

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct CheckResult {
    /// Files with findings, sorted by path.
    pub reports: Vec<FileReport>,
    /// Files that could not be linted, sorted by path.
    pub errors: Vec<ScanError>,
    /// Files that were read and linted.
    pub files_checked: usize,
    /// Findings at or above the `fail-on` threshold of their configuration.
    pub failing: usize,
    /// A path given on the command line does not exist.
    pub usage_errors: usize,
}

impl CheckResult {
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Finding)> {
        self.reports
            .iter()
            .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
    }

    pub fn finding_count(&self) -> usize {
        self.reports.iter().map(|r| r.findings.len()).sum()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings()
            .filter(|(_, f)| f.severity == severity)
            .count()
    }

    pub fn by_rule(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for (_, finding) in self.findings() {
            *out.entry(finding.rule.id).or_insert(0) += 1;
        }
        out
    }
}

/// A failure of the run itself (exit code 2).
#[derive(Debug)]
pub enum CheckError {
    Config(ConfigError),
    Threads(String),
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::Config(e) => e.fmt(f),
            CheckError::Threads(e) => write!(f, "cannot start worker threads: {e}"),
        }
    }
}

/// What linting one file produced.
enum Outcome {
    /// Nothing to report (not interesting, or no facts).
    Clean,
    /// Facts to run the rules on.
    Facts {
        source: Arc<SourceFile>,
        facts: FileFacts,
        global_usings: Vec<csharp::GlobalAlias>,
    },
    /// Binary data: skipped quietly.
    Binary,
    Error(String),
}

/// Runs a check.
pub fn check(options: &CheckOptions) -> Result<CheckResult, CheckError> {
    let (settings, roots) = resolve_roots(options).map_err(CheckError::Config)?;
    let (candidates, walk_errors) = walk::walk(&roots, &options.walk);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| CheckError::Threads(e.to_string()))?;

    let mut result = CheckResult::default();
    for error in walk_errors {
        if error.missing_argument {
            result.usage_errors += 1;
        }
        result.errors.push(ScanError {
            path: display_path(&error.path, &options.cwd),
            message: error.message,
        });
    }

    let displays: Vec<String> = candidates
        .iter()
        .map(|c| display_path(&c.path, &options.cwd))
        .collect();
    let mut outcomes: Vec<Outcome> = pool.install(|| {
        candidates
            .par_iter()
            .zip(displays.par_iter())
            .map(|(candidate, display)| lint_file(candidate, display, &[], options.max_file_size))
            .collect()
    });
    rerun_with_global_usings(
        &pool,
        &candidates,
        &displays,
        &mut outcomes,
        options.max_file_size,
    );

    for ((candidate, display), outcome) in candidates.iter().zip(displays).zip(outcomes) {
        match outcome {
            Outcome::Clean => result.files_checked += 1,
            Outcome::Binary => {}
            Outcome::Error(message) => result.errors.push(ScanError {
                path: display,
                message,
            }),
            Outcome::Facts { source, facts, .. } => {
                result.files_checked += 1;
                let settings = &settings[candidate.settings];
                let ctx = FileContext {
                    text: &source.text,
                    target: Target::Unknown,
                };
                let mut findings: Vec<Finding> = rules::check_file(&ctx, &facts)
                    .into_iter()
                    .filter_map(|mut finding| {
                        finding.severity = settings.rule_severity(finding.rule, &candidate.path)?;
                        Some(finding)
                    })
                    .collect();
                if findings.is_empty() {
                    continue;
                }
                findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
                result.failing += findings
                    .iter()
                    .filter(|f| matches!(settings.fail_on, FailOn::At(threshold) if f.severity >= threshold))
                    .count();
                result.reports.push(FileReport {
                    path: display,
                    source,
                    findings,
                });
            }
        }
    }
    result.reports.sort_by(|a, b| a.path.cmp(&b.path));
    result.errors.sort();
    Ok(result)
}

/// Resolves the configuration of every path argument.
fn resolve_roots(options: &CheckOptions) -> Result<(Vec<Settings>, Vec<Root>), ConfigError> {
    let mut settings = Vec::new();
    let mut roots = Vec::new();
    let mut by_file: BTreeMap<Option<PathBuf>, usize> = BTreeMap::new();
    for path in &options.paths {
        let mut resolved = match &options.config {
            ConfigChoice::Discover => Settings::discover(path)?,
            ConfigChoice::File(file) => Settings::load(file)?,
            ConfigChoice::Defaults => Settings::defaults(options.cwd.clone()),
        };
        resolved.apply(&options.overrides)?;
        let (config_excludes, cli_excludes) =
            resolved.exclude_matcher(&options.overrides.exclude, &options.cwd)?;
        let index = match by_file.get(&resolved.file) {
            Some(&index) => index,
            None => {
                by_file.insert(resolved.file.clone(), settings.len());
                settings.push(resolved);
                settings.len() - 1
            }
        };
        roots.push(Root {
            path: path.clone(),
            settings: index,
            config_excludes,
            cli_excludes,
        });
    }
    Ok((settings, roots))
}

/// Reads, decodes and analyses one file.
fn lint_file(
    candidate: &Candidate,
    display: &str,
    globals: &[csharp::GlobalAlias],
    max_size: u64,
) -> Outcome {
    match std::fs::metadata(&candidate.path) {
        Ok(metadata) if metadata.len() > max_size => {
            return Outcome::Error(format!(
                "file is larger than the {} limit ({}); raise it with --max-filesize",
                human_size(max_size),
                human_size(metadata.len())
            ));
        }
        Ok(_) => {}
        Err(e) => return Outcome::Error(format!("cannot read: {}", io_message(&e))),
    }
    let bytes = match std::fs::read(&candidate.path) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Error(format!("cannot read: {}", io_message(&e))),
    };
    let (text, encoding) = match decode(&bytes) {
        Ok(decoded) => decoded,
        Err(_) => return Outcome::Binary,
    };
    drop(bytes);
    match candidate.kind {
        FileKind::CSharp => {
            if !csharp_may_matter(&text, globals) {
                return Outcome::Clean;
            }
            match csharp::analyze(&text, globals) {
                Ok(analysis) => {
                    let facts = analysis.facts;
                    if facts.writes.is_empty()
                        && facts.switches.is_empty()
                        && analysis.global_usings.is_empty()
                    {
                        return Outcome::Clean;
                    }
                    Outcome::Facts {
                        source: SourceFile::new(display.to_owned(), text, encoding),
                        facts,
                        global_usings: analysis.global_usings,
                    }
                }
                Err(_) => Outcome::Error("the C# parser gave up on this file".to_owned()),
            }
        }
    }
}

/// The prefilter: a C# file can only matter if it mentions one of the interesting tokens (or a
/// name a global using made available).
fn csharp_may_matter(text: &str, globals: &[csharp::GlobalAlias]) -> bool {
    static FINDER: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(csharp::INTERESTING_TOKENS)
                .expect("static patterns compile")
        });
    if FINDER.is_match(text) {
        return true;
    }
    globals.iter().any(|global| match &global.alias {
        Some(alias) => text.contains(alias.as_str()),
        // `global using static System.Net.SecurityProtocolType;`: bare member names.
        None => text.contains("Tls") || text.contains("Ssl"),
    })
}

/// `global using` directives apply to every file of the same project: files there are linted
/// again with those names in scope. Rare, so it costs nothing in the common case.
fn rerun_with_global_usings(
    pool: &rayon::ThreadPool,
    candidates: &[Candidate],
    displays: &[String],
    outcomes: &mut [Outcome],
    max_size: u64,
) {
    let mut by_project: BTreeMap<PathBuf, Vec<csharp::GlobalAlias>> = BTreeMap::new();
    for (candidate, outcome) in candidates.iter().zip(outcomes.iter()) {
        if let Outcome::Facts { global_usings, .. } = outcome
            && !global_usings.is_empty()
        {
            by_project
                .entry(project_folder(&candidate.path))
                .or_default()
                .extend(global_usings.iter().cloned());
        }
    }
    if by_project.is_empty() {
        return;
    }
    let rerun: Vec<(usize, Vec<csharp::GlobalAlias>)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == FileKind::CSharp)
        .filter_map(|(i, c)| {
            let globals: Vec<csharp::GlobalAlias> = by_project
                .iter()
                .filter(|(folder, _)| c.path.starts_with(folder))
                .flat_map(|(_, g)| g.iter().cloned())
                .collect();
            (!globals.is_empty()).then_some((i, globals))
        })
        .collect();
    let redone: Vec<(usize, Outcome)> = pool.install(|| {
        rerun
            .par_iter()
            .map(|(i, globals)| {
                (
                    *i,
                    lint_file(&candidates[*i], &displays[*i], globals, max_size),
                )
            })
            .collect()
    });
    for (i, outcome) in redone {
        outcomes[i] = outcome;
    }
}

/// The folder of the nearest project file above `path` (its compilation), or its own folder.
fn project_folder(path: &Path) -> PathBuf {
    let parent = path.parent().unwrap_or(Path::new(""));
    for folder in parent.ancestors() {
        let Ok(entries) = std::fs::read_dir(if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        }) else {
            continue;
        };
        let has_project = entries.flatten().any(|entry| {
            entry
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("csproj"))
        });
        if has_project {
            return folder.to_path_buf();
        }
    }
    parent.to_path_buf()
}

/// A path as users see it: relative to the working directory when it is inside it, `/`
/// separators, no leading `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let relative = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let mut parts: Vec<String> = Vec::new();
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_string_lossy().into_owned())
            }
            Component::ParentDir => parts.push("..".to_owned()),
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative_and_slashed() {
        let cwd = Path::new("/work/repo");
        assert_eq!(display_path(Path::new("./src/a.cs"), cwd), "src/a.cs");
        assert_eq!(
            display_path(Path::new("/work/repo/src/a.cs"), cwd),
            "src/a.cs"
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/a.cs"), cwd),
            "/elsewhere/a.cs"
        );
        assert_eq!(display_path(Path::new("../x/a.cs"), cwd), "../x/a.cs");
    }
}
