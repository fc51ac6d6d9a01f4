//! `tlslint check`: walk, and on the walker's threads read → prefilter → decode → analyse;
//! sort by path → project model → rules → configuration (selection, severity) → sorted reports.

pub mod context;
pub mod inherited;
pub mod lint;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use self::lint::{Outcome, lint_file, lint_text};
use crate::baseline::{self, Baseline};
use crate::config::{CliOverrides, ConfigError, FailOn, Settings};
use crate::diagnostic::{Finding, Severity};
use crate::editorconfig::EditorConfigs;
use crate::facts::FileFacts;
use crate::lang::{FileKind, csharp};
use crate::project::{ModelFile, ProjectKind, ProjectModel, model_path_in};
use crate::rules::{self, FileContext, ProjectContext};
use crate::source::SourceFile;
use crate::suppress;
use crate::target::{FrameworkVersion, Target};
use crate::verdict;
use crate::walk::{self, Candidate, Root, WalkOptions};

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
    /// Paths are shown relative to this folder. Relative `paths` must be relative to it too
    /// (it is the process's working directory, or `paths` are absolute).
    pub cwd: PathBuf,
    /// Report suppressions that suppress nothing or give no reason (TLS100).
    pub report_unused_suppressions: bool,
    /// Leave out the findings this baseline records.
    pub baseline: Option<Arc<Baseline>>,
    /// Lint on this pool instead of a new one of `threads` workers: a sweep shares one pool
    /// between the repositories it checks at once, so that every core stays busy while one
    /// repository is in a serial step.
    pub pool: Option<Arc<rayon::ThreadPool>>,
    /// Counts the files the walk hands over, for a progress display (`check` on a terminal).
    pub progress: Option<Arc<std::sync::atomic::AtomicUsize>>,
    /// Lint this text instead of walking `paths` (`--stdin-filename`): `paths` is then just
    /// its path, which gives it its kind, its configuration and its project on disk.
    pub stdin: Option<Arc<StdinText>>,
    /// Text to analyse instead of what is on disk, by [`model_path_in`] (absolute, lexically
    /// normalised): the editor's unsaved buffers (`tlslint server`). Any kind of file, project
    /// files and configs included; a file must still exist on disk to be walked.
    pub overlays: BTreeMap<PathBuf, Arc<[u8]>>,
}

impl CheckOptions {
    /// The options of `tlslint check PATHS` run in `cwd` with no other option.
    pub fn new(paths: Vec<PathBuf>, cwd: PathBuf) -> CheckOptions {
        CheckOptions {
            paths,
            config: ConfigChoice::Discover,
            overrides: CliOverrides::default(),
            walk: WalkOptions::default(),
            threads: 0,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            cwd,
            report_unused_suppressions: false,
            baseline: None,
            pool: None,
            progress: None,
            stdin: None,
            overlays: BTreeMap::new(),
        }
    }
}

/// Text read from standard input, to be linted as if it were the file at `path`.
#[derive(Clone, Debug)]
pub struct StdinText {
    /// The file it stands for (`--stdin-filename`), which need not exist.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// `Some(limit)`: the text went past `--max-filesize` and only its start was read.
    pub oversized: Option<u64>,
}

impl StdinText {
    /// Reads `input` up to `max_size` bytes (one more shows that it is larger).
    pub fn read(
        path: PathBuf,
        input: impl std::io::Read,
        max_size: u64,
    ) -> std::io::Result<StdinText> {
        use std::io::Read as _;
        let mut bytes = Vec::new();
        input
            .take(max_size.saturating_add(1))
            .read_to_end(&mut bytes)?;
        let oversized = (bytes.len() as u64 > max_size).then_some(max_size);
        Ok(StdinText {
            path,
            bytes,
            oversized,
        })
    }

    fn lint(
        &self,
        kind: FileKind,
        display: &dyn Fn() -> String,
        globals: &[csharp::GlobalAlias],
        options: &CheckOptions,
    ) -> Outcome {
        lint_text(
            &self.path,
            kind,
            display,
            globals,
            &self.bytes,
            self.oversized,
            options.report_unused_suppressions,
        )
    }
}

/// Stack size of the worker threads: the analysers recurse over syntax trees up to
/// `lang::tree::MAX_DEPTH` levels deep, which the default 2 MiB would not hold in every build.
/// Unused stack costs no memory.
pub const WORKER_STACK_SIZE: usize = 64 * 1024 * 1024;

/// A pool of `threads` workers (0: one per core) with stacks for deep syntax trees.
pub fn worker_pool(threads: usize) -> Result<rayon::ThreadPool, CheckError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK_SIZE)
        .build()
        .map_err(|e| CheckError::Threads(e.to_string()))
}

/// The most worker threads `--threads` (and a sweep's `--jobs`) may start, per core. Reading
/// and walking wait on the disk, so a few more threads than cores can help; thousands only
/// cost the time to start them and address space for their stacks (5,000 took minutes before
/// the first file was read).
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The most worker threads worth starting on this machine.
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_mul(MAX_THREADS_PER_CORE)
}

/// Default `--max-filesize`: far above any hand-written source, below what would hurt a sweep.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The findings in one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as walked (for writing fixes).
    pub path: PathBuf,
    pub kind: FileKind,
    pub source: Arc<SourceFile>,
    /// Sorted by position, then rule.
    pub findings: Vec<Finding>,
    /// Test code: a test-like path, or a file of a test project. Its findings never break.
    pub test_code: bool,
}

/// A file that could not be linted, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ScanError {
    pub path: String,
    pub message: String,
    /// A usage error (a path argument that does not exist): the run exits 2 and says `error:`.
    /// Every other problem is a warning and the scan goes on.
    pub fatal: bool,
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
    /// The projects whose project file (or web site `web.config`) was checked, sorted by path.
    pub projects: Vec<ProjectSummary>,
    /// With a baseline: how many findings it hid, and how many of its entries are gone.
    pub baseline: Option<baseline::Matched>,
}

pub use crate::verdict::Verdict;

/// A project as the model understood it, with its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectSummary {
    /// The project file (or the `web.config` of a web site), as displayed.
    pub path: String,
    pub kind: ProjectKind,
    /// The effective targets as written: `net45`, `v4.5`, `4.5.2 (httpRuntime)`.
    pub targets: Vec<String>,
    /// Whether the project has an effective TLS 1.2 opt-in.
    pub opt_in: bool,
    pub verdict: Verdict,
    /// The lowest effective target (`Unknown` when none is known).
    pub lowest_target: Target,
    /// Findings that count for this project, by rule (before a finding reached through several
    /// projects, in a shared `Directory.Build.props`, is reported once).
    pub by_rule: BTreeMap<&'static str, usize>,
    /// The findings that count for this project, sorted by path and position: what a report
    /// lists under the project. A finding in a file several projects own counts for each.
    pub findings: Vec<FindingRef>,
}

/// Which finding of which file, for [`ProjectSummary::findings`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingRef {
    /// The file, as displayed ([`FileReport::display`]).
    pub path: String,
    /// The finding's span and rule, which tell it from the file's other findings.
    pub start: usize,
    pub end: usize,
    pub rule: &'static str,
}

impl FileReport {
    /// The path as shown: relative to the working directory, `/`-separated.
    pub fn display(&self) -> &str {
        &self.source.name
    }
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

/// A file in the scan: reported (walked or named) or read for context only.
struct Entry {
    path: PathBuf,
    /// Absolute and lexically normalised, for the project model.
    model_path: PathBuf,
    kind: FileKind,
    display: String,
    settings: usize,
    reported: bool,
}

/// What the walk's visitor made of a file.
enum Walked {
    /// A file for the later steps (boxed: most files are clean, and cheap to move).
    Kept(Box<(Entry, Outcome)>),
    /// A source file with nothing for the rules or the project model: only counted.
    Clean(Candidate),
}

impl walk::Visited for Walked {
    fn path(&self) -> &Path {
        match self {
            Walked::Kept(kept) => &kept.0.path,
            Walked::Clean(candidate) => &candidate.path,
        }
    }
    fn settings(&self) -> usize {
        match self {
            Walked::Kept(kept) => kept.0.settings,
            Walked::Clean(candidate) => candidate.settings,
        }
    }
}

/// Runs a check.
pub fn check(options: &CheckOptions) -> Result<CheckResult, CheckError> {
    let (settings, roots) = resolve_roots(options).map_err(CheckError::Config)?;
    let pool = match &options.pool {
        Some(pool) => pool.clone(),
        None => Arc::new(worker_pool(options.threads)?),
    };
    // Files are read, prefiltered and analysed by the walker's threads as they are found;
    // the results are sorted by path afterwards.
    let visit = |candidate: Candidate| {
        if let Some(progress) = &options.progress {
            progress.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let display = || display_path(&candidate.path, &options.cwd);
        let outcome = analyze_file(&candidate.path, candidate.kind, &display, &[], options);
        if matches!(outcome, Outcome::Clean) && candidate.kind.is_source_code() {
            return Walked::Clean(candidate);
        }
        let entry = walked_entry(candidate, &options.cwd);
        Walked::Kept(Box::new((entry, outcome)))
    };
    let (visited, walk_errors) = match &options.stdin {
        // Standard input is the one file: nothing is walked, and its path need not exist.
        Some(stdin) => (
            walk::stdin_candidate(&stdin.path, roots.first(), &options.walk)
                .into_iter()
                .map(visit)
                .collect(),
            Vec::new(),
        ),
        None => pool.install(|| walk::walk_with(&roots, &options.walk, &visit)),
    };

    let mut result = CheckResult {
        baseline: options
            .baseline
            .as_ref()
            .map(|_| baseline::Matched::default()),
        ..CheckResult::default()
    };
    for error in walk_errors {
        if error.missing_argument {
            result.usage_errors += 1;
        }
        result.errors.push(ScanError {
            path: display_path(&error.path, &options.cwd),
            message: error.message,
            fatal: error.missing_argument,
        });
    }

    // Source files with nothing in them (nearly all of a large tree) are counted and go no
    // further: without facts they change nothing in the project model.
    // `positions`: where each kept entry, and each clean file, stood in walk order.
    let (mut entries, mut outcomes, mut positions) = (Vec::new(), Vec::new(), Vec::new());
    let mut clean: Vec<(usize, Candidate)> = Vec::new();
    for (position, visited) in visited.into_iter().enumerate() {
        match visited {
            Walked::Kept(kept) => {
                let (entry, outcome) = *kept;
                entries.push(entry);
                outcomes.push(outcome);
                positions.push(position);
            }
            Walked::Clean(candidate) => clean.push((position, candidate)),
        }
    }
    let clean_paths = clean.iter().map(|(_, c)| c.path.as_path()).collect();
    let mut known = context::Known::new(clean_paths, &options.cwd);
    for entry in &entries {
        known.insert(entry.model_path.clone());
    }
    let first = entries.len();
    let stdin_path = options.stdin.as_ref().map(|stdin| stdin.path.as_path());
    for file in context::enclosing_projects(&roots, &options.walk, &known, stdin_path) {
        entries.push(entry(file.path, file.kind, 0, false, &options.cwd));
    }
    let context_outcomes = lint_all(&pool, &entries[first..], &[], options);
    outcomes.extend(context_outcomes);
    for entry in &entries[first..] {
        known.insert(entry.model_path.clone());
    }
    // Directory.Build.props and imports of every project, until nothing new turns up; each
    // round looks at the files the one before added.
    let mut from = 0;
    loop {
        let msbuild = entries[from..]
            .iter()
            .zip(&outcomes[from..])
            .filter_map(|(e, o)| {
                let steps = &o.facts()?.msbuild.as_ref()?.steps;
                Some((e.path.as_path(), steps.as_slice()))
            });
        let more = context::msbuild_imports(msbuild, &known);
        from = entries.len();
        if more.is_empty() {
            break;
        }
        for file in more {
            entries.push(entry(file.path, file.kind, 0, false, &options.cwd));
        }
        for entry in &entries[from..] {
            known.insert(entry.model_path.clone());
        }
        let new_outcomes = lint_all(&pool, &entries[from..], &[], options);
        outcomes.extend(new_outcomes);
    }
    drop(known);
    let clean = rerun_with_global_usings(
        &pool,
        &mut entries,
        &mut outcomes,
        &positions,
        clean,
        options,
    );
    result.files_checked += clean.len();
    if let (Some(baseline), Some(matched)) = (&options.baseline, &mut result.baseline) {
        for candidate in &clean {
            matched.gone += baseline.recorded(&candidate.path);
        }
    }
    drop(clean);

    // The project model sees every file; rules report only on the files the user named.
    let empty = FileFacts::default();
    let model_files: Vec<ModelFile> = entries
        .iter()
        .zip(&outcomes)
        .map(|(e, o)| ModelFile {
            path: &e.model_path,
            kind: e.kind,
            facts: o.facts().unwrap_or(&empty),
        })
        .collect();
    let model = ProjectModel::build(&model_files);
    let sources: Vec<Option<Arc<SourceFile>>> = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Facts { source, .. } => Some(source.clone()),
            _ => None,
        })
        .collect();
    let displays: Vec<String> = entries.iter().map(|e| e.display.clone()).collect();
    let fix_targets: Vec<FrameworkVersion> = entries
        .iter()
        .map(|e| settings[e.settings].target_framework)
        .collect();
    let mut found: Vec<Vec<Finding>> = pool.install(|| {
        entries
            .par_iter()
            .zip(outcomes.par_iter())
            .enumerate()
            .map(|(i, (entry, outcome))| match outcome {
                // MSBuild files read for context too: what they set may decide a checked
                // project (see `inherited`).
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
    });
    let project_context = ProjectContext {
        files: &model_files,
        model: &model,
        sources: &sources,
        displays: &displays,
        fix_targets: &fix_targets,
    };
    for (file, finding) in rules::check_projects(&project_context) {
        found[file].push(finding);
    }
    let reported: Vec<bool> = entries.iter().map(|e| e.reported).collect();
    for file in (0..entries.len()).filter(|&i| !reported[i]) {
        let context_findings = std::mem::take(&mut found[file]);
        if context_findings.is_empty() {
            continue;
        }
        for moved in inherited::relocate(&project_context, &reported, file, &context_findings) {
            found[moved.project_file].push(moved.finding);
        }
    }
    drop(model_files);

    // Suppressions written in the files (in parallel: `[SuppressMessage]` needs a parse),
    // then configuration: selection and severity per file.
    // Global suppressions (`[assembly: SuppressMessage]`) reach every file of their projects.
    let mut project_suppressions: Vec<Vec<&suppress::GlobalSuppression>> =
        vec![Vec::new(); model.projects.len()];
    for (i, outcome) in outcomes.iter().enumerate() {
        if let Outcome::Facts { suppressions, .. } = outcome {
            for &project in &model.owners[i] {
                project_suppressions[project].extend(suppressions);
            }
        }
    }
    pool.install(|| {
        entries
            .par_iter()
            .zip(outcomes.par_iter())
            .zip(found.par_iter_mut())
            .enumerate()
            .for_each(|(i, ((entry, outcome), findings))| {
                if let Outcome::Facts { source, .. } = outcome
                    && entry.reported
                {
                    let global: Vec<&suppress::GlobalSuppression> = model.owners[i]
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
    // `--no-config` means the defaults: no `.editorconfig` either.
    let editorconfigs =
        (!matches!(options.config, ConfigChoice::Defaults)).then(EditorConfigs::new);
    for (entry, findings) in entries.iter().zip(found.iter_mut()) {
        let settings = &settings[entry.settings];
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
    // An `.editorconfig` that could not be read, or a setting of ours in it that means nothing,
    // is reported like a file that could not be read.
    for (path, message) in editorconfigs.iter().flat_map(EditorConfigs::take_warnings) {
        result.errors.push(ScanError {
            path: display_path(&path, &options.cwd),
            message,
            fatal: false,
        });
    }
    // Verdicts see every project's findings before the same finding reached through several
    // projects (a shared Directory.Build.props) is reported once.
    result.projects = project_summaries(&model, &entries, &found);
    for findings in &mut found {
        findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    }

    for (index, ((entry, outcome), mut findings)) in
        entries.into_iter().zip(outcomes).zip(found).enumerate()
    {
        if !entry.reported {
            continue;
        }
        let source = match outcome {
            Outcome::Clean => {
                result.files_checked += 1;
                if let (Some(baseline), Some(matched)) = (&options.baseline, &mut result.baseline) {
                    matched.gone += baseline.recorded(&entry.path);
                }
                continue;
            }
            Outcome::Binary => continue,
            Outcome::Error(message) => {
                result.errors.push(ScanError {
                    path: entry.display,
                    message,
                    fatal: false,
                });
                continue;
            }
            Outcome::Facts { source, .. } => source,
        };
        result.files_checked += 1;
        if let (Some(baseline), Some(matched)) = (&options.baseline, &mut result.baseline) {
            let file = baseline.filter(&entry.path, &source, &mut findings);
            matched.matched += file.matched;
            matched.gone += file.gone;
        }
        if findings.is_empty() {
            continue;
        }
        let fail_on = settings[entry.settings].fail_on;
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
        let test_code = verdict::is_test_path(&entry.display)
            || model
                .project_of(index)
                .is_some_and(|p| p.kind == ProjectKind::Test);
        result.reports.push(FileReport {
            path: entry.path,
            kind: entry.kind,
            source,
            findings,
            test_code,
        });
    }
    result
        .reports
        .sort_by(|a, b| a.source.name.cmp(&b.source.name));
    result.errors.sort();
    Ok(result)
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

/// The entry of a walked (or named) file: reported.
fn walked_entry(candidate: Candidate, cwd: &Path) -> Entry {
    entry(
        candidate.path,
        candidate.kind,
        candidate.settings,
        true,
        cwd,
    )
}

fn entry(path: PathBuf, kind: FileKind, settings: usize, reported: bool, cwd: &Path) -> Entry {
    let model_path = model_path_in(&path, cwd);
    Entry {
        model_path,
        display: display_path(&path, cwd),
        path,
        kind,
        settings,
        reported,
    }
}

/// Lints files in parallel, keeping their order.
fn lint_all(
    pool: &rayon::ThreadPool,
    entries: &[Entry],
    globals: &[csharp::GlobalAlias],
    options: &CheckOptions,
) -> Vec<Outcome> {
    pool.install(|| {
        entries
            .par_iter()
            .map(|e| lint_one(e, globals, options))
            .collect()
    })
}

fn lint_one(entry: &Entry, globals: &[csharp::GlobalAlias], options: &CheckOptions) -> Outcome {
    analyze_file(
        &entry.path,
        entry.kind,
        &|| entry.display.clone(),
        globals,
        options,
    )
}

/// Analyses one file: reads it (or takes its text from standard input or an editor's buffer),
/// decodes, prefilters, parses, and returns its facts and suppressions. Pure: the outcome
/// depends only on the text, the kind and the `global using` aliases in scope.
pub fn analyze_file(
    path: &Path,
    kind: FileKind,
    display: &dyn Fn() -> String,
    globals: &[csharp::GlobalAlias],
    options: &CheckOptions,
) -> Outcome {
    if let Some(stdin) = &options.stdin
        && stdin.path == path
    {
        return stdin.lint(kind, display, globals, options);
    }
    if !options.overlays.is_empty()
        && let Some(text) = options.overlays.get(&model_path_in(path, &options.cwd))
    {
        return lint_text(
            path,
            kind,
            display,
            globals,
            text,
            None,
            options.report_unused_suppressions,
        );
    }
    lint_file(
        path,
        kind,
        display,
        globals,
        options.max_file_size,
        options.report_unused_suppressions,
    )
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

/// `global using` directives apply to every file of the same project: files there are linted
/// again with those names in scope, the walk's clean C# files too (a global alias can make
/// one matter); those that now matter join `entries` in walk order (`positions` are the walk
/// positions of its walked part). Rare, so it costs nothing in the common case. Returns the
/// files that stay clean.
fn rerun_with_global_usings(
    pool: &rayon::ThreadPool,
    entries: &mut Vec<Entry>,
    outcomes: &mut Vec<Outcome>,
    positions: &[usize],
    clean: Vec<(usize, Candidate)>,
    options: &CheckOptions,
) -> Vec<Candidate> {
    let mut by_project: BTreeMap<PathBuf, Vec<csharp::GlobalAlias>> = BTreeMap::new();
    for (entry, outcome) in entries.iter().zip(outcomes.iter()) {
        if let Outcome::Facts { global_usings, .. } = outcome
            && !global_usings.is_empty()
        {
            by_project
                .entry(project_folder(&entry.model_path))
                .or_default()
                .extend(global_usings.iter().cloned());
        }
    }
    if by_project.is_empty() {
        return clean.into_iter().map(|(_, candidate)| candidate).collect();
    }
    let globals_of = |kind: FileKind, model_path: &Path| -> Vec<csharp::GlobalAlias> {
        if kind != FileKind::CSharp {
            return Vec::new();
        }
        by_project
            .iter()
            .filter(|(folder, _)| model_path.starts_with(folder))
            .flat_map(|(_, g)| g.iter().cloned())
            .collect()
    };
    let rerun: Vec<(usize, Vec<csharp::GlobalAlias>)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (i, globals_of(e.kind, &e.model_path)))
        .filter(|(_, globals)| !globals.is_empty())
        .collect();
    let redone: Vec<(usize, Outcome)> = pool.install(|| {
        rerun
            .par_iter()
            .map(|(i, globals)| (*i, lint_one(&entries[*i], globals, options)))
            .collect()
    });
    for (i, outcome) in redone {
        outcomes[i] = outcome;
    }

    // A clean file outside those projects needs only its model path to tell.
    let revisited: Vec<Result<(usize, Entry, Outcome), Candidate>> = pool.install(|| {
        clean
            .into_par_iter()
            .map(|(position, candidate)| {
                let model_path = model_path_in(&candidate.path, &options.cwd);
                let globals = globals_of(candidate.kind, &model_path);
                if globals.is_empty() {
                    return Err(candidate);
                }
                let entry = walked_entry(candidate, &options.cwd);
                let outcome = lint_one(&entry, &globals, options);
                Ok((position, entry, outcome))
            })
            .collect()
    });
    let mut still_clean = Vec::new();
    let context_entries = entries.split_off(positions.len());
    let context_outcomes = outcomes.split_off(positions.len());
    let mut walked: Vec<(usize, Entry, Outcome)> = positions
        .iter()
        .copied()
        .zip(entries.drain(..))
        .zip(outcomes.drain(..))
        .map(|((position, entry), outcome)| (position, entry, outcome))
        .collect();
    for revisited in revisited {
        match revisited {
            Err(candidate) => still_clean.push(candidate),
            Ok((_, entry, Outcome::Clean)) => still_clean.push(Candidate {
                path: entry.path,
                kind: entry.kind,
                settings: entry.settings,
            }),
            Ok(kept) => walked.push(kept),
        }
    }
    walked.sort_by_key(|(position, _, _)| *position);
    for (_, entry, outcome) in walked {
        entries.push(entry);
        outcomes.push(outcome);
    }
    entries.extend(context_entries);
    outcomes.extend(context_outcomes);
    still_clean
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
    // Most paths are already written that way (walked paths are joined with `/`).
    if !cfg!(windows)
        && let Some(text) = relative.to_str()
        && !text.is_empty()
        && !text.contains('\\')
        && crate::project::evaluate::is_plain(text.as_bytes(), true)
    {
        return text.to_owned();
    }
    joined_components(relative)
}

/// `path`'s components joined with `/`, without `.` components (`.` when nothing is left).
/// Names are escaped (`crate::path_name`): one that is not UTF-8 is shown without loss.
fn joined_components(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_string_lossy().into_owned())
            }
            Component::ParentDir => parts.push("..".to_owned()),
            Component::Normal(part) => {
                let mut name = String::new();
                crate::path_name::push_escaped(&mut name, part.as_encoded_bytes());
                parts.push(name);
            }
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name that is not UTF-8 is shown escaped, so that it converts back to its bytes.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_shown_escaped() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"src/caf\xe9.cs"));
        let display = display_path(path, Path::new("/nowhere"));
        assert_eq!(display, "src/caf\\xE9.cs");
        assert_eq!(
            crate::path_name::bytes(&display).as_ref(),
            b"src/caf\xe9.cs"
        );
        assert_eq!(
            display_path(Path::new("a\\b.cs"), Path::new("/")),
            "a\\\\b.cs"
        );
    }

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
        // The shortcut for paths already written as shown gives what joining components gives.
        for path in [
            "src/a.cs",
            "./a.cs",
            "a//b.cs",
            "a/./b.cs",
            "a/b/",
            "a/.",
            ".",
            "",
            "..",
            "../a",
            "a/../b",
            "/x/y",
            "//x",
            "/",
            "a b/ü.cs",
            "a/.hidden",
            ".a/b",
            "a./b",
            "a\\b.cs",
        ] {
            assert_eq!(
                display_path(Path::new(path), Path::new("/nowhere")),
                joined_components(Path::new(path)),
                "{path}"
            );
        }
    }
}
