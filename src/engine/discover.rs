//! The first stages: find the files ([`discover`]: configuration, walk, and each file analysed
//! as the walker finds it) and the files read for context around them ([`add_context`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::aliases::Aliases;
use super::analyze::{analyze_file, lint_all};
use super::entry::{Entry, entry, walked_entry};
use super::lint::Outcome;
use super::{CheckError, CheckOptions, ConfigChoice, ScanError, context, display_path};
use crate::config::{ConfigError, Settings};
use crate::facts::FileFacts;
use crate::project::model_path_in;
use crate::walk::{self, Candidate, Root};

/// What the first stages found: the files kept for the later stages and their analyses, the
/// clean files (only counted), and the files that could not be walked.
pub struct Scan {
    /// The configurations of the path arguments (entries point into it).
    pub(super) settings: Vec<Settings>,
    pub(super) roots: Vec<Root>,
    /// The walked (or named) files in walk order, then the files read for context.
    pub(super) entries: Vec<Entry>,
    /// The analysis of each entry.
    pub(super) outcomes: Vec<Outcome>,
    /// Where each walked entry stood in walk order (for the `global using` stage).
    pub(super) positions: Vec<usize>,
    /// Source files with nothing for the rules or the model, with their walk positions.
    pub(super) clean: Vec<(usize, Candidate)>,
    pub(super) errors: Vec<ScanError>,
    pub(super) usage_errors: usize,
    /// What the model sees of a file that has no facts.
    pub(super) no_facts: FileFacts,
    /// The `global using` aliases of the scan's projects (set by [`super::global_usings::apply`]).
    pub(super) aliases: Aliases,
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

/// Resolves the configuration, walks the paths and analyses each file as the walker finds it
/// (on the pool's threads). Source files with nothing in them (nearly all of a large tree) are
/// only counted: without facts they change nothing in the project model.
pub fn discover(options: &CheckOptions, pool: &rayon::ThreadPool) -> Result<Scan, CheckError> {
    let (settings, roots) = resolve_roots(options).map_err(CheckError::Config)?;
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
    let (mut visited, walk_errors) = match &options.stdin {
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
    if options.stdin.is_none() && !options.overlays.is_empty() {
        let unsaved = unsaved_files(&roots, options);
        let more = pool.install(|| unsaved.into_par_iter().map(visit).collect());
        walk::merge_visited(&mut visited, more);
    }

    let (mut errors, mut usage_errors) = (Vec::new(), 0);
    for error in walk_errors {
        if error.missing_argument {
            usage_errors += 1;
        }
        errors.push(ScanError {
            path: display_path(&error.path, &options.cwd),
            message: error.message,
            fatal: error.missing_argument,
        });
    }

    let mut scan = Scan {
        settings,
        roots,
        entries: Vec::new(),
        outcomes: Vec::new(),
        positions: Vec::new(),
        clean: Vec::new(),
        errors,
        usage_errors,
        no_facts: FileFacts::default(),
        aliases: Aliases::default(),
    };
    for (position, visited) in visited.into_iter().enumerate() {
        match visited {
            Walked::Kept(kept) => {
                let (entry, outcome) = *kept;
                scan.entries.push(entry);
                scan.outcomes.push(outcome);
                scan.positions.push(position);
            }
            Walked::Clean(candidate) => scan.clean.push((position, candidate)),
        }
    }
    Ok(scan)
}

/// Adds the files read for context: the projects around named files, then the
/// `Directory.Build.props` files and imports of every project, until nothing new turns up.
/// Their findings are never reported, but what they set may decide a checked project.
pub fn add_context(scan: &mut Scan, pool: &rayon::ThreadPool, options: &CheckOptions) {
    let Scan {
        roots,
        entries,
        outcomes,
        clean,
        ..
    } = scan;
    let clean_paths = clean.iter().map(|(_, c)| c.path.as_path()).collect();
    let mut known = context::Known::new(clean_paths, &options.cwd);
    for entry in entries.iter() {
        known.insert(entry.model_path.clone());
    }
    let first = entries.len();
    let stdin_path = options.stdin.as_ref().map(|stdin| stdin.path.as_path());
    for file in context::enclosing_projects(roots, &options.walk, &known, stdin_path) {
        entries.push(entry(file.path, file.kind, 0, false, &options.cwd));
    }
    let context_outcomes = lint_all(pool, &entries[first..], &[], options);
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
        let new_outcomes = lint_all(pool, &entries[from..], &[], options);
        outcomes.extend(new_outcomes);
    }
}

/// The editor's buffers of files not on disk yet (new, never saved) inside a folder among the
/// paths, as the walk would find them once saved: the server shows their findings as it does
/// those of saved files, and `check` with the same overlays agrees.
fn unsaved_files(roots: &[Root], options: &CheckOptions) -> Vec<Candidate> {
    options
        .overlays
        .keys()
        .flat_map(|key| unsaved_candidates(roots, key, options))
        .collect()
}

/// What the walk of each folder among `roots` would find at `key` (absolute, normalised) if
/// the file were saved, when nothing is on disk there yet: nothing for a path that exists (the
/// walk decides), or that is outside the folders, hidden, excluded or ignored.
pub(super) fn unsaved_candidates(
    roots: &[Root],
    key: &Path,
    options: &CheckOptions,
) -> Vec<Candidate> {
    let missing = matches!(std::fs::symlink_metadata(key),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    if !missing {
        return Vec::new();
    }
    roots
        .iter()
        .filter_map(|root| {
            let folder = model_path_in(&root.path, &options.cwd);
            let relative = key.strip_prefix(&folder).ok()?;
            if !root.path.is_dir() {
                return None;
            }
            walk::unsaved_candidate(root, relative, &options.walk)
        })
        .collect()
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
