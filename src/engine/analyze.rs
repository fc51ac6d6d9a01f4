//! The per-file stage: [`analyze_file`] turns one file's text into facts. It is pure (the
//! outcome depends only on the text, the kind and the `global using` aliases in scope), so the
//! stages around it may run it on any thread, again, or on an editor's buffer.

use std::path::Path;

use rayon::prelude::*;

use super::CheckOptions;
use super::entry::Entry;
use super::lint::{Outcome, lint_file, lint_text};
use crate::lang::{FileKind, csharp};
use crate::project::model_path_in;

/// Lints files in parallel, keeping their order.
pub(super) fn lint_all(
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

pub(super) fn lint_one(
    entry: &Entry,
    globals: &[csharp::GlobalAlias],
    options: &CheckOptions,
) -> Outcome {
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
