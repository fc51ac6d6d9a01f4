//! Updating a kept [`Scan`] after one file changed: the file is analysed again as
//! [`super::scan`] would analyse it now, and its new outcome replaces the old one. A change that
//! could alter which files the scan holds, or how another file is analysed, is refused
//! ([`Refused`]): the caller then scans the workspace again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::CheckOptions;
use super::analyze::analyze_file;
use super::discover::{Scan, unsaved_candidates};
use super::entry::walked_entry;
use super::lint::Outcome;
use crate::facts::MsBuildStep;
use crate::lang::FileKind;
use crate::project::model_path_in;

/// Where a file of the scan is, by its key (absolute, lexically normalised path).
pub struct Index {
    slots: HashMap<PathBuf, Slot>,
    /// Files the scan holds only as an editor's buffer: nothing was on disk at their path.
    unsaved: HashSet<PathBuf>,
}

/// Where a file sits in the scan. Walk positions do not change when a file moves between the
/// entries and the clean files, so the index stays valid through updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// A walked (or named) file, by its walk position: an entry or a clean file.
    Walked(usize),
    /// A file read for context, by its index among the context entries.
    Context(usize),
    /// Two paths of the scan have this key (a folder named twice in two spellings).
    Ambiguous,
}

/// Why a change cannot be applied to the kept scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The scan does not hold the file (new, ignored, not a kind tlslint reads, a folder, a
    /// configuration or ignore file), or holds it twice.
    Unknown,
    /// The file is gone from disk, became something else than a file, or was saved for the
    /// first time: the walk decides whether it is in.
    OnDisk,
    /// The `global using` aliases the file declares changed: other files see them.
    Aliases,
    /// The imports of an MSBuild file changed: they decide which files are read for context.
    Imports,
}

impl Index {
    /// The index of a scan made with `options` (whose overlays tell the unsaved files).
    pub fn of(scan: &Scan, options: &CheckOptions) -> Index {
        let mut slots = HashMap::with_capacity(scan.entries.len() + scan.clean.len());
        let mut add = |key: PathBuf, slot: Slot| {
            slots
                .entry(key)
                .and_modify(|known| *known = Slot::Ambiguous)
                .or_insert(slot);
        };
        let walked = scan.positions.len();
        for (entry, &position) in scan.entries.iter().zip(&scan.positions) {
            add(entry.model_path.clone(), Slot::Walked(position));
        }
        for (j, entry) in scan.entries[walked..].iter().enumerate() {
            add(entry.model_path.clone(), Slot::Context(j));
        }
        for (position, candidate) in &scan.clean {
            add(
                model_path_in(&candidate.path, &options.cwd),
                Slot::Walked(*position),
            );
        }
        let unsaved = options
            .overlays
            .keys()
            .filter(|key| slots.contains_key(*key) && !is_file_on_disk(key))
            .cloned()
            .collect();
        Index { slots, unsaved }
    }
}

/// Whether a regular file is at `path` (not following a symbolic link: the walk does not).
fn is_file_on_disk(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Where a file is now: an entry (by index) or a clean file (by index in `scan.clean`).
enum Place {
    Entry(usize),
    Clean(usize),
}

/// Analyses the file of `key` again and puts its new outcome in the scan, or refuses (the scan
/// is then left in an unspecified state and must be replaced). `on_disk`: the file changed on
/// disk (or may have); otherwise only its editor buffer did. Call it on a worker of the pool:
/// the analysers need the workers' deep stacks.
pub fn update(
    scan: &mut Scan,
    index: &Index,
    key: &Path,
    on_disk: bool,
    options: &CheckOptions,
) -> Result<(), Refused> {
    let Some(&slot) = index.slots.get(key) else {
        return if on_disk {
            Err(Refused::Unknown)
        } else {
            unknown_buffer(scan, key, options)
        };
    };
    let buffered = options.overlays.contains_key(key);
    let readable = if index.unsaved.contains(key) {
        buffered && !is_file_on_disk(key)
    } else {
        is_file_on_disk(key)
    };
    if !readable {
        return Err(Refused::OnDisk);
    }
    let place = match slot {
        Slot::Ambiguous => return Err(Refused::Unknown),
        Slot::Context(j) => Place::Entry(scan.positions.len() + j),
        Slot::Walked(position) => match scan.positions.binary_search(&position) {
            Ok(i) => Place::Entry(i),
            Err(_) => scan
                .clean
                .binary_search_by_key(&position, |(p, _)| *p)
                .map(Place::Clean)
                .map_err(|_| Refused::Unknown)?,
        },
    };
    match place {
        Place::Entry(i) => update_entry(scan, i, key, options),
        Place::Clean(j) => update_clean(scan, j, key, options),
    }
}

/// A buffer of a file the scan does not hold changes nothing (buffers are read only for the
/// scan's files; configuration and ignore files are read from disk), unless it is a new file
/// that the walk would find once saved.
fn unknown_buffer(scan: &Scan, key: &Path, options: &CheckOptions) -> Result<(), Refused> {
    if options.overlays.contains_key(key)
        && !unsaved_candidates(&scan.roots, key, options).is_empty()
    {
        return Err(Refused::Unknown);
    }
    Ok(())
}

/// What analysing a file again gave: its outcome, and whether the scan keeps it as an entry
/// (a walked source file with nothing in it is only counted, as `discover` does).
struct Analysed {
    outcome: Outcome,
    is_entry: bool,
}

/// Analyses a file as `scan` would: first without aliases (`discover`, `add_context`), then,
/// when its project has `global using` aliases, with them in scope (`global_usings::apply`).
fn analyse(
    scan: &Scan,
    path: &Path,
    kind: FileKind,
    display: &dyn Fn() -> String,
    key: &Path,
    options: &CheckOptions,
) -> Result<Analysed, Refused> {
    let first = analyze_file(path, kind, display, &[], options);
    let declared = match &first {
        Outcome::Facts { global_usings, .. } => global_usings.as_slice(),
        _ => &[],
    };
    if declared != scan.aliases.declared_by(key) {
        return Err(Refused::Aliases);
    }
    let first_is_clean = matches!(first, Outcome::Clean);
    let globals = scan.aliases.in_scope(kind, key);
    if globals.is_empty() {
        return Ok(Analysed {
            outcome: first,
            is_entry: !(first_is_clean && kind.is_source_code()),
        });
    }
    let outcome = analyze_file(path, kind, display, &globals, options);
    // A file that mattered before the aliases stays an entry whatever they make of it.
    let is_entry = !(first_is_clean && matches!(outcome, Outcome::Clean));
    Ok(Analysed { outcome, is_entry })
}

/// The unconditional imports of an MSBuild file's outcome: what `add_context` follows.
fn imports(outcome: &Outcome) -> Vec<&str> {
    let Some(msbuild) = outcome.facts().and_then(|f| f.msbuild.as_ref()) else {
        return Vec::new();
    };
    msbuild
        .steps
        .iter()
        .filter_map(|step| match step {
            MsBuildStep::Import {
                project,
                conditional: false,
            } => Some(project.as_str()),
            _ => None,
        })
        .collect()
}

/// Updates entry `i`: its outcome is replaced, or a walked source file that became clean moves
/// to the clean files at its walk position.
fn update_entry(
    scan: &mut Scan,
    i: usize,
    key: &Path,
    options: &CheckOptions,
) -> Result<(), Refused> {
    let entry = &scan.entries[i];
    let analysed = analyse(
        scan,
        &entry.path,
        entry.kind,
        &|| entry.display.clone(),
        key,
        options,
    )?;
    if imports(&scan.outcomes[i]) != imports(&analysed.outcome) {
        return Err(Refused::Imports);
    }
    if analysed.is_entry || i >= scan.positions.len() {
        scan.outcomes[i] = analysed.outcome;
        return Ok(());
    }
    let entry = scan.entries.remove(i);
    scan.outcomes.remove(i);
    let position = scan.positions.remove(i);
    let at = scan.clean.partition_point(|(p, _)| *p < position);
    scan.clean.insert(at, (position, entry.into_candidate()));
    Ok(())
}

/// Updates clean file `j`: one that now matters joins the entries at its walk position.
fn update_clean(
    scan: &mut Scan,
    j: usize,
    key: &Path,
    options: &CheckOptions,
) -> Result<(), Refused> {
    let (position, candidate) = &scan.clean[j];
    let (position, candidate) = (*position, candidate.clone());
    let entry = walked_entry(candidate, &options.cwd);
    let analysed = analyse(
        scan,
        &entry.path,
        entry.kind,
        &|| entry.display.clone(),
        key,
        options,
    )?;
    if !analysed.is_entry {
        return Ok(());
    }
    if !imports(&analysed.outcome).is_empty() {
        return Err(Refused::Imports);
    }
    scan.clean.remove(j);
    let at = scan.positions.partition_point(|p| *p < position);
    scan.entries.insert(at, entry);
    scan.outcomes.insert(at, analysed.outcome);
    scan.positions.insert(at, position);
    Ok(())
}
