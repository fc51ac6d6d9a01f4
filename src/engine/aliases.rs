//! The `global using` aliases of a scan's projects: a C# file's `global using` reaches every
//! file of its project (its compilation).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::entry::Entry;
use super::lint::Outcome;
use crate::lang::{FileKind, csharp};

/// The `global using` aliases of a scan: what each file declares (in its analysis without
/// aliases in scope, as `discover` made it), and what the C# files
/// of each project see. A session analysing one file again gives it the aliases a full check
/// would, and knows that a change of what a file declares needs a full check.
#[derive(Default)]
pub struct Aliases {
    /// By project folder (see [`project_folder`]).
    by_project: BTreeMap<PathBuf, Vec<csharp::GlobalAlias>>,
    /// By the model path of the file that declares them.
    declared: BTreeMap<PathBuf, Vec<csharp::GlobalAlias>>,
}

impl Aliases {
    /// The aliases the files of the scan declare.
    pub(super) fn of(entries: &[Entry], outcomes: &[Outcome]) -> Aliases {
        let mut aliases = Aliases::default();
        for (entry, outcome) in entries.iter().zip(outcomes) {
            if let Outcome::Facts { global_usings, .. } = outcome
                && !global_usings.is_empty()
            {
                aliases
                    .by_project
                    .entry(project_folder(&entry.model_path))
                    .or_default()
                    .extend(global_usings.iter().cloned());
                aliases
                    .declared
                    .entry(entry.model_path.clone())
                    .or_default()
                    .extend(global_usings.iter().cloned());
            }
        }
        aliases
    }

    /// Whether no file declares any.
    pub fn is_empty(&self) -> bool {
        self.by_project.is_empty()
    }

    /// The aliases in scope in a file of this kind at `model_path`: those of its project for a
    /// C# file, none for any other.
    pub fn in_scope(&self, kind: FileKind, model_path: &Path) -> Vec<csharp::GlobalAlias> {
        if kind != FileKind::CSharp {
            return Vec::new();
        }
        self.by_project
            .iter()
            .filter(|(folder, _)| model_path.starts_with(folder))
            .flat_map(|(_, g)| g.iter().cloned())
            .collect()
    }

    /// The aliases the file at `model_path` declares.
    pub fn declared_by(&self, model_path: &Path) -> &[csharp::GlobalAlias] {
        self.declared.get(model_path).map_or(&[], Vec::as_slice)
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
