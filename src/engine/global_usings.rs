//! `global using` aliases reach every file of their project, so a file that names a legacy
//! value through one can only be analysed once the aliases of its project are known.

use std::path::Path;

use rayon::prelude::*;

use super::CheckOptions;
use super::aliases::Aliases;
use super::analyze::lint_one;
use super::discover::Scan;
use super::entry::{Entry, walked_entry};
use super::lint::Outcome;
use crate::lang::{FileKind, csharp};
use crate::project::model_path_in;
use crate::walk::Candidate;

/// A walked file that matters, with its walk position.
type Walked = (usize, Entry, Outcome);

/// Analyses again, with their project's `global using` aliases in scope, the C# files of every
/// project that has some (the clean ones too); those that now matter join the scan's entries.
/// The aliases are kept in the scan, for a session that analyses a file again.
pub fn apply(scan: &mut Scan, pool: &rayon::ThreadPool, options: &CheckOptions) {
    let aliases = Aliases::of(&scan.entries, &scan.outcomes);
    let clean = std::mem::take(&mut scan.clean);
    scan.clean = rerun_with_global_usings(
        pool,
        &aliases,
        &mut scan.entries,
        &mut scan.outcomes,
        &mut scan.positions,
        clean,
        options,
    );
    scan.aliases = aliases;
}

/// `global using` directives apply to every file of the same project: files there are linted
/// again with those names in scope, the walk's clean C# files too (a global alias can make
/// one matter); those that now matter join `entries` in walk order (`positions` are the walk
/// positions of its walked part). Rare, so it costs nothing in the common case. Returns the
/// files that stay clean.
fn rerun_with_global_usings(
    pool: &rayon::ThreadPool,
    aliases: &Aliases,
    entries: &mut Vec<Entry>,
    outcomes: &mut Vec<Outcome>,
    positions: &mut Vec<usize>,
    clean: Vec<(usize, Candidate)>,
    options: &CheckOptions,
) -> Vec<(usize, Candidate)> {
    if aliases.is_empty() {
        return clean;
    }
    let globals_of = |kind: FileKind, model_path: &Path| aliases.in_scope(kind, model_path);
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
    let revisited: Vec<Result<Walked, (usize, Candidate)>> = pool.install(|| {
        clean
            .into_par_iter()
            .map(|(position, candidate)| {
                let model_path = model_path_in(&candidate.path, &options.cwd);
                let globals = globals_of(candidate.kind, &model_path);
                if globals.is_empty() {
                    return Err((position, candidate));
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
    let mut walked: Vec<Walked> = positions
        .iter()
        .copied()
        .zip(entries.drain(..))
        .zip(outcomes.drain(..))
        .map(|((position, entry), outcome)| (position, entry, outcome))
        .collect();
    for revisited in revisited {
        match revisited {
            Err(clean) => still_clean.push(clean),
            Ok((position, entry, Outcome::Clean)) => {
                still_clean.push((position, entry.into_candidate()))
            }
            Ok(kept) => walked.push(kept),
        }
    }
    walked.sort_by_key(|(position, _, _)| *position);
    positions.clear();
    for (position, entry, outcome) in walked {
        positions.push(position);
        entries.push(entry);
        outcomes.push(outcome);
    }
    entries.extend(context_entries);
    outcomes.extend(context_outcomes);
    still_clean
}
