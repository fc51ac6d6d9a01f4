//! Which files belong to which project, as the compiler sees it.
//!
//! A project owns the source files it compiles: an SDK-style project everything below its
//! folder (minus nested project folders, `bin`/`obj` and `<Compile Remove>`), a legacy project
//! exactly its `<Compile Include>` items; both also the items they include from elsewhere
//! (`..\Shared\Net.cs`, `Link=` items, globs such as `..\**\*.cs`) and from shared projects'
//! `.projitems`. Other files (configs, scripts, `.reg`, C/C++, imported MSBuild files) belong to
//! every project of the nearest folder that has one: two project files in one folder each own
//! that folder's `App.config`. A file compiled by several projects belongs to each of them; a
//! source file that no project compiles belongs to none (its target is unknown).
//!
//! Item paths are matched against the files of the scan only, so nothing outside the scanned
//! tree is ever read, and nothing is evaluated: `$(MSBuildThisFileDirectory)` and
//! `$(MSBuildProjectDirectory)` are resolved, any other property leaves the item unknown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};

use super::ModelFile;
use super::evaluate::{import_path, normalize};
use crate::facts::{ItemDef, MsBuildStep};
use crate::lang::FileKind;

/// A project as membership needs it.
pub struct ProjectFile<'a> {
    /// The project file (index into the model's files).
    pub file: usize,
    pub folder: &'a Path,
}

/// A resolved `Include`/`Remove` value.
enum ItemPath {
    Exact(String),
    /// A wildcard pattern, with the literal folder it starts in (a prefix of every match).
    Glob {
        base: String,
        matcher: GlobMatcher,
    },
}

impl ItemPath {
    fn matches(&self, path: &str) -> bool {
        match self {
            ItemPath::Exact(exact) => exact == path,
            ItemPath::Glob { base, matcher } => path.starts_with(base) && matcher.is_match(path),
        }
    }
}

/// What one project's items say.
#[derive(Default)]
struct Items {
    includes: Vec<ItemPath>,
    removes: Vec<ItemPath>,
    /// The project lists `Compile` items at all (a legacy project without any compiles what
    /// MSBuild's old default gave it: its folder, as before items were read).
    lists_compile: bool,
}

/// Source files follow `Compile` items; everything else follows folders.
fn is_compiled(kind: FileKind) -> bool {
    matches!(kind, FileKind::CSharp | FileKind::VisualBasic)
}

/// How paths are compared: `/`-separated and lower case (Windows file names ignore case, and
/// projects written on Windows spell them as they like).
fn key(path: &Path) -> String {
    path.to_string_lossy()
        .replace('\\', "/")
        .to_ascii_lowercase()
}

/// For each file, the projects it belongs to, in project order.
pub fn assign(
    files: &[ModelFile],
    projects: &[ProjectFile],
    by_path: &HashMap<&Path, usize>,
) -> Vec<Vec<usize>> {
    let mut owners: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    let mut by_folder: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (index, project) in projects.iter().enumerate() {
        owners[project.file].push(index);
        by_folder.entry(project.folder).or_default().push(index);
    }
    let items: Vec<Items> = projects
        .iter()
        .map(|project| compile_items(files, project, by_path))
        .collect();
    let sdk: Vec<bool> = projects
        .iter()
        .map(|p| {
            files[p.file]
                .facts
                .msbuild
                .as_ref()
                .is_some_and(|m| m.sdk.is_some())
        })
        .collect();
    let keys: Vec<String> = files.iter().map(|f| key(f.path)).collect();

    // Folders: the nearest folder above a file that holds project files.
    let mut nearest: HashMap<&Path, Option<&Path>> = HashMap::new();
    for (i, file) in files.iter().enumerate() {
        if !owners[i].is_empty() {
            continue;
        }
        let Some(folder) = file.path.parent() else {
            continue;
        };
        let found = *nearest
            .entry(folder)
            .or_insert_with(|| folder.ancestors().find(|f| by_folder.contains_key(f)));
        let Some(candidates) = found.and_then(|f| by_folder.get(f)) else {
            continue;
        };
        if !is_compiled(file.kind) {
            owners[i].extend(candidates.iter().copied());
            continue;
        }
        for &p in candidates {
            let owns = if sdk[p] {
                !in_build_output(file.path, projects[p].folder)
                    && !items[p].removes.iter().any(|r| r.matches(&keys[i]))
            } else {
                !items[p].lists_compile
            };
            if owns {
                owners[i].push(p);
            }
        }
    }

    // Items: what each project compiles by name, wherever it is.
    let mut sorted: Vec<(&str, usize)> = keys
        .iter()
        .enumerate()
        .filter(|(i, _)| is_compiled(files[*i].kind))
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    sorted.sort_unstable();
    let exact: HashMap<&str, usize> = sorted.iter().copied().collect();
    for (p, project_items) in items.iter().enumerate() {
        for include in &project_items.includes {
            let matched: Vec<usize> = match include {
                ItemPath::Exact(path) => exact.get(path.as_str()).copied().into_iter().collect(),
                ItemPath::Glob { base, matcher } => {
                    let start = sorted.partition_point(|(k, _)| *k < base.as_str());
                    sorted[start..]
                        .iter()
                        .take_while(|(k, _)| k.starts_with(base.as_str()))
                        .filter(|(k, _)| matcher.is_match(k))
                        .map(|(_, i)| *i)
                        .collect()
                }
            };
            for i in matched {
                if !owners[i].contains(&p) {
                    owners[i].push(p);
                }
            }
        }
    }
    for list in &mut owners {
        list.sort_unstable();
    }
    owners
}

/// `bin/` and `obj/` right below the project folder: the SDK's default globs leave them out.
fn in_build_output(path: &Path, folder: &Path) -> bool {
    path.strip_prefix(folder)
        .ok()
        .and_then(|rest| rest.components().next())
        .is_some_and(|first| {
            let first = first.as_os_str();
            first.eq_ignore_ascii_case("bin") || first.eq_ignore_ascii_case("obj")
        })
}

/// The `Compile` items of a project file and of the shared projects (`.projitems`) it imports.
fn compile_items(
    files: &[ModelFile],
    project: &ProjectFile,
    by_path: &HashMap<&Path, usize>,
) -> Items {
    let mut items = Items::default();
    let Some(msbuild) = files[project.file].facts.msbuild.as_ref() else {
        return items;
    };
    add_items(&mut items, &msbuild.items, project.folder, project.folder);
    for step in &msbuild.steps {
        let MsBuildStep::Import {
            project: import, ..
        } = step
        else {
            continue;
        };
        let Some(path) = import_path(import, files[project.file].path) else {
            continue;
        };
        if !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("projitems"))
        {
            continue;
        }
        let Some(shared) = by_path
            .get(path.as_path())
            .and_then(|&i| files[i].facts.msbuild.as_ref())
        else {
            continue;
        };
        let shared_folder = path.parent().unwrap_or(project.folder);
        add_items(&mut items, &shared.items, shared_folder, project.folder);
    }
    items
}

fn add_items(items: &mut Items, defs: &[ItemDef], this_folder: &Path, project_folder: &Path) {
    for def in defs.iter().filter(|d| d.kind == "compile") {
        if let Some(include) = &def.include {
            items.lists_compile = true;
            items.includes.extend(
                include
                    .split(';')
                    .filter_map(|value| resolve(value, this_folder, project_folder)),
            );
        }
        if let Some(remove) = &def.remove {
            items.removes.extend(
                remove
                    .split(';')
                    .filter_map(|value| resolve(value, this_folder, project_folder)),
            );
        }
    }
}

/// An item value as a path of the scan, or `None` when it needs MSBuild to be known.
fn resolve(value: &str, this_folder: &Path, project_folder: &Path) -> Option<ItemPath> {
    let mut value = value.trim().to_owned();
    if value.is_empty() {
        return None;
    }
    let mut folder = project_folder;
    for (name, base) in [
        ("$(MSBuildThisFileDirectory)", this_folder),
        ("$(MSBuildProjectDirectory)", project_folder),
        ("$(ProjectDir)", project_folder),
    ] {
        if let Some(rest) = value.strip_prefix(name) {
            value = rest.trim_start_matches(['\\', '/']).to_owned();
            folder = base;
        }
    }
    if value.contains("$(") || value.contains("@(") || value.contains("%(") {
        return None;
    }
    let relative: PathBuf = value.split(['\\', '/']).collect();
    let path = key(&normalize(&folder.join(relative)));
    if !path.contains(['*', '?']) {
        return Some(ItemPath::Exact(path));
    }
    let base = match path.find(['*', '?']) {
        Some(wild) => path[..wild].rfind('/').map_or("", |slash| &path[..=slash]),
        None => "",
    }
    .to_owned();
    let matcher = GlobBuilder::new(&path)
        .literal_separator(true)
        .build()
        .ok()?
        .compile_matcher();
    Some(ItemPath::Glob { base, matcher })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_values_resolve_against_the_right_folder() {
        let project = Path::new("/r/App");
        let shared = Path::new("/r/Shared");
        let exact = |v: &str, this: &Path| match resolve(v, this, project) {
            Some(ItemPath::Exact(path)) => Some(path),
            _ => None,
        };
        assert_eq!(
            exact("Program.cs", project).as_deref(),
            Some("/r/app/program.cs")
        );
        assert_eq!(
            exact("..\\Shared\\Net.cs", project).as_deref(),
            Some("/r/shared/net.cs")
        );
        assert_eq!(
            exact("$(MSBuildThisFileDirectory)Net.cs", shared).as_deref(),
            Some("/r/shared/net.cs")
        );
        assert!(resolve("$(SharedDir)\\Net.cs", project, project).is_none());
        assert!(resolve("@(Generated)", project, project).is_none());
        let Some(glob) = resolve("..\\**\\*.cs", project, project) else {
            panic!("a glob resolves");
        };
        assert!(glob.matches("/r/lib/deep/x.cs"));
        assert!(!glob.matches("/other/x.cs"));
        let Some(flat) = resolve("Net\\*.cs", project, project) else {
            panic!("a glob resolves");
        };
        assert!(flat.matches("/r/app/net/a.cs"));
        assert!(
            !flat.matches("/r/app/net/deeper/a.cs"),
            "`*` stays in its folder"
        );
    }

    #[test]
    fn build_output_folders_are_only_those_of_the_project() {
        let folder = Path::new("/r/App");
        assert!(in_build_output(Path::new("/r/App/obj/Debug/A.cs"), folder));
        assert!(in_build_output(Path::new("/r/App/Bin/A.cs"), folder));
        assert!(!in_build_output(Path::new("/r/App/Src/obj/A.cs"), folder));
        assert!(!in_build_output(Path::new("/r/App/A.cs"), folder));
    }
}
