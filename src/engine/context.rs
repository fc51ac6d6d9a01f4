//! Files read for context only: the project around an explicitly named file (pre-commit passes
//! files one by one), the `Directory.Build.props` files above every project, and files a project
//! imports. Their facts feed the project model; their findings are never reported.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::facts::MsBuildStep;
use crate::lang::FileKind;
use crate::project::evaluate::import_path;
use crate::project::{model_path, model_path_in};
use crate::walk::{self, Root, WalkOptions};

/// The files already in the scan, by model path (absolute and normalised), for the steps that
/// add context files. Clean source files (see `check`) are looked up only when the path asked
/// about is a source file's (a project walked for a named project file): their model paths are
/// made only then.
pub struct Known<'a> {
    paths: HashSet<PathBuf>,
    clean: Vec<&'a Path>,
    cwd: &'a Path,
    clean_paths: std::cell::OnceCell<HashSet<PathBuf>>,
}

impl<'a> Known<'a> {
    /// `clean`: the clean source files' paths as walked, relative to `cwd` or absolute.
    pub fn new(clean: Vec<&'a Path>, cwd: &'a Path) -> Known<'a> {
        Known {
            paths: HashSet::new(),
            clean,
            cwd,
            clean_paths: std::cell::OnceCell::new(),
        }
    }

    pub fn insert(&mut self, model_path: PathBuf) {
        self.paths.insert(model_path);
    }

    fn contains(&self, model_path: &Path) -> bool {
        self.paths.contains(model_path)
            || (FileKind::from_path(model_path).is_some_and(FileKind::is_source_code)
                && self
                    .clean_paths
                    .get_or_init(|| {
                        self.clean
                            .iter()
                            .map(|path| model_path_in(path, self.cwd))
                            .collect()
                    })
                    .contains(model_path))
    }
}

/// A file to read for context.
pub struct ContextFile {
    pub path: PathBuf,
    pub kind: FileKind,
}

/// Whether `folder` holds a project file.
fn has_project_file(folder: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    entries
        .flatten()
        .any(|entry| FileKind::is_project_file(&entry.path()) && entry.path().is_file())
}

/// The project files and config files directly in `folder`, and the file where Visual Studio
/// keeps the project's global suppressions (`GlobalSuppressions.cs`/`.vb`: its
/// `[assembly: SuppressMessage]` attributes reach every file of the project).
fn project_metadata(folder: &Path) -> Vec<ContextFile> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<ContextFile> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter_map(|path| {
            let kind = FileKind::from_path(&path)?;
            let suppressions = path
                .file_stem()
                .is_some_and(|stem| stem.eq_ignore_ascii_case("GlobalSuppressions"))
                && matches!(kind, FileKind::CSharp | FileKind::VisualBasic);
            (suppressions || matches!(kind, FileKind::MsBuild | FileKind::Config))
                .then_some(ContextFile { path, kind })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The files around the path arguments that the walk did not reach: for a file, or a folder
/// inside a project, the enclosing project's project file and configs; for a project file or a
/// config beside it, the whole project (its code holds the opt-ins). `stdin`: the path that
/// standard input stands for, a file whether or not it exists.
pub fn enclosing_projects(
    roots: &[Root],
    options: &WalkOptions,
    known: &Known,
    stdin: Option<&Path>,
) -> Vec<ContextFile> {
    let mut out = Vec::new();
    let mut added: HashSet<PathBuf> = HashSet::new();
    let mut seen = |path: PathBuf| !known.contains(&path) && added.insert(path);
    let mut walked_folders: HashSet<PathBuf> = HashSet::new();
    for root in roots {
        let is_file = match std::fs::metadata(&root.path) {
            _ if stdin == Some(root.path.as_path()) => true,
            Ok(metadata) => !metadata.is_dir(),
            Err(_) => continue,
        };
        let absolute = model_path(&root.path);
        let Some(folder) = absolute.ancestors().skip(1).find(|f| has_project_file(f)) else {
            continue;
        };
        for file in project_metadata(folder) {
            if seen(model_path(&file.path)) {
                out.push(file);
            }
        }
        let beside_project = is_file
            && absolute.parent() == Some(folder)
            && matches!(
                FileKind::from_path(&root.path),
                Some(FileKind::MsBuild | FileKind::Config)
            );
        if beside_project && walked_folders.insert(model_path(folder)) {
            let project_root = Root {
                path: folder.to_path_buf(),
                settings: root.settings,
                config_excludes: root.config_excludes.clone(),
                cli_excludes: root.cli_excludes.clone(),
            };
            let (files, _) = walk::walk(std::slice::from_ref(&project_root), options);
            for candidate in files {
                if seen(model_path(&candidate.path)) {
                    out.push(ContextFile {
                        path: candidate.path,
                        kind: candidate.kind,
                    });
                }
            }
        }
    }
    out
}

/// MSBuild files the project model needs that are not read yet: `Directory.Build.props` above
/// each project file, and files imported with a path known without MSBuild.
pub fn msbuild_imports<'a>(
    msbuild_files: impl Iterator<Item = (&'a Path, &'a [MsBuildStep])>,
    known: &Known,
) -> Vec<ContextFile> {
    let mut out = Vec::new();
    let mut added: HashSet<PathBuf> = HashSet::new();
    for (path, steps) in msbuild_files {
        let mut wanted: Vec<PathBuf> = Vec::new();
        if FileKind::is_project_file(path) {
            for folder in model_path(path).ancestors().skip(1) {
                wanted.push(folder.join("Directory.Build.props"));
            }
        }
        for step in steps {
            if let MsBuildStep::Import {
                project,
                conditional: false,
            } = step
            {
                wanted.extend(import_path(project, &model_path(path)));
            }
        }
        for candidate in wanted {
            let normalized = model_path(&candidate);
            if !known.contains(&normalized) && !added.contains(&normalized) && normalized.is_file()
            {
                added.insert(normalized.clone());
                out.push(ContextFile {
                    path: normalized,
                    kind: FileKind::MsBuild,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn clean_source_files_are_known_and_looked_up_only_for_source_paths() {
        let cwd = Path::new("/work/repo");
        let mut known = Known::new(
            vec![Path::new("src/Program.cs"), Path::new("/abs/Other.cs")],
            cwd,
        );
        known.insert(PathBuf::from("/work/repo/App.csproj"));
        assert!(known.contains(Path::new("/work/repo/App.csproj")));
        assert!(!known.contains(Path::new("/work/repo/Directory.Build.props")));
        assert!(
            known.clean_paths.get().is_none(),
            "a project file's path never needs them"
        );
        assert!(known.contains(Path::new("/work/repo/src/Program.cs")));
        assert!(known.contains(Path::new("/abs/Other.cs")));
        assert!(!known.contains(Path::new("/work/repo/src/Other.cs")));
    }
}
