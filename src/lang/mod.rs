//! Languages and file kinds: which analyser reads which file.

pub mod appconfig;
pub mod calls;
pub mod cpp;
pub mod csharp;
pub mod msbuild;
pub mod powershell;
pub mod query;
pub mod registry;
pub mod runtimeconfig;
pub mod tree;
pub mod vb;
pub mod xml;

use std::path::Path;

use crate::facts::FileFacts;

/// The kinds of files tlslint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// C# source (`.cs`, `.csx`).
    CSharp,
    /// MSBuild project or import (`.csproj`, `.vbproj`, `.fsproj`, `.props`, `.targets`).
    MsBuild,
    /// .NET configuration (`*.config`, except `packages.config`).
    Config,
    /// Registry export (`.reg`).
    Registry,
    /// `runtimeconfig.template.json`, `*.runtimeconfig.json`.
    RuntimeConfig,
    /// PowerShell scripts, modules and manifests (`.ps1`, `.psm1`, `.psd1`).
    PowerShell,
    /// VB.NET source (`.vb`).
    VisualBasic,
    /// C and C++ source and headers (`.c .cc .cpp .cxx .h .hpp .hxx`), C++/CLI included.
    Cpp,
}

impl FileKind {
    /// Source code (C#, VB.NET, PowerShell, C and C++): a file of these kinds without facts
    /// adds nothing to the project model, unlike project, config and registry files, whose
    /// mere presence can make or shape a project.
    pub fn is_source_code(self) -> bool {
        matches!(
            self,
            FileKind::CSharp | FileKind::VisualBasic | FileKind::PowerShell | FileKind::Cpp
        )
    }

    /// Classifies a path by its name (case-insensitively); `None` for files tlslint does not
    /// read.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        FileKind::from_file_name(path.file_name()?)
    }

    /// Classifies a file by its name (case-insensitively, without copying it: the walk asks
    /// for every file of the tree).
    pub fn from_file_name(name: &std::ffi::OsStr) -> Option<FileKind> {
        let name = name.to_str()?;
        if runtimeconfig::is_runtimeconfig(name) {
            return Some(FileKind::RuntimeConfig);
        }
        let extension = name.rsplit_once('.')?.1;
        let is = |candidates: &[&str]| candidates.iter().any(|c| extension.eq_ignore_ascii_case(c));
        if is(&["cs", "csx"]) {
            Some(FileKind::CSharp)
        } else if is(&[
            "csproj",
            "vbproj",
            "fsproj",
            "props",
            "targets",
            "projitems",
        ]) {
            Some(FileKind::MsBuild)
        } else if is(&["config"]) {
            // packages.config records what NuGet installed; it never decides runtime behaviour.
            (!name.eq_ignore_ascii_case("packages.config")).then_some(FileKind::Config)
        } else if is(&["reg"]) {
            Some(FileKind::Registry)
        } else if is(&["ps1", "psm1", "psd1"]) {
            Some(FileKind::PowerShell)
        } else if is(&["vb"]) {
            Some(FileKind::VisualBasic)
        } else if is(&["c", "cc", "cpp", "cxx", "h", "hpp", "hxx"]) {
            Some(FileKind::Cpp)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FileKind::CSharp => "C#",
            FileKind::MsBuild => "MSBuild",
            FileKind::Config => ".NET config",
            FileKind::Registry => "registry file",
            FileKind::RuntimeConfig => "runtimeconfig.json",
            FileKind::PowerShell => "PowerShell",
            FileKind::VisualBasic => "VB.NET",
            FileKind::Cpp => "C/C++",
        }
    }

    /// Whether the file is a project file (as opposed to an imported `.props`/`.targets`).
    pub fn is_project_file(path: &Path) -> bool {
        path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["csproj", "vbproj", "fsproj"]
                .iter()
                .any(|p| e.eq_ignore_ascii_case(p))
        })
    }
}

/// Analyses a non-C# file (C# has a prefilter and global usings: see `csharp::analyze`).
pub fn analyze_markup(kind: FileKind, text: &str, file_name: &str) -> Result<FileFacts, String> {
    match kind {
        FileKind::MsBuild => msbuild::analyze(text).map_err(|e| e.to_string()),
        FileKind::Config => appconfig::analyze(text, file_name).map_err(|e| e.to_string()),
        FileKind::Registry => Ok(registry::analyze(text)),
        FileKind::RuntimeConfig => runtimeconfig::analyze(text),
        FileKind::PowerShell => powershell::analyze(text).map_err(|e| e.to_string()),
        FileKind::VisualBasic => vb::analyze(text).map_err(|e| e.to_string()),
        FileKind::CSharp => Err("C# files are analysed by lang::csharp".to_owned()),
        FileKind::Cpp => Err("C/C++ files are analysed by lang::cpp".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::FileKind;

    /// Every `.scm` file under `queries/<language>/` is embedded and compiles against its
    /// grammar, so a grammar upgrade that breaks a query fails loudly.
    #[test]
    fn every_query_file_is_used_and_compiles() {
        type QueryFiles = &'static [(&'static str, &'static str)];
        let languages: [(&str, QueryFiles, tree_sitter::Language); 4] = [
            (
                "csharp",
                &super::csharp::QUERY_FILES,
                super::csharp::language(),
            ),
            ("xml", &super::xml::QUERY_FILES, super::xml::language()),
            ("cpp", &super::cpp::QUERY_FILES, super::cpp::language()),
            (
                "powershell",
                &super::powershell::QUERY_FILES,
                super::powershell::language(),
            ),
        ];
        for (folder, files, language) in languages {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("queries")
                .join(folder);
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".scm"))
                .collect();
            on_disk.sort();
            let mut used: Vec<String> = files.iter().map(|(name, _)| (*name).to_owned()).collect();
            used.sort();
            assert_eq!(on_disk, used, "queries/{folder}");
            for (name, source) in files {
                let on_disk = std::fs::read_to_string(dir.join(name)).unwrap();
                assert_eq!(
                    &on_disk, source,
                    "queries/{folder}/{name} is embedded as is"
                );
                tree_sitter::Query::new(&language, source)
                    .unwrap_or_else(|e| panic!("queries/{folder}/{name}: {e}"));
            }
        }
    }

    #[test]
    fn file_kinds_by_name_in_any_case() {
        let kind = |name: &str| FileKind::from_path(Path::new(name));
        assert_eq!(kind("src/Program.cs"), Some(FileKind::CSharp));
        assert_eq!(kind("LEGACY.CS"), Some(FileKind::CSharp));
        assert_eq!(kind("App.csProj"), Some(FileKind::MsBuild));
        assert_eq!(kind("Directory.Build.PROPS"), Some(FileKind::MsBuild));
        assert_eq!(kind("Web.Config"), Some(FileKind::Config));
        assert_eq!(kind("Packages.Config"), None);
        assert_eq!(kind("tls.REG"), Some(FileKind::Registry));
        assert_eq!(kind("Setup.PS1"), Some(FileKind::PowerShell));
        assert_eq!(kind("Module.vb"), Some(FileKind::VisualBasic));
        assert_eq!(kind("winhttp.HPP"), Some(FileKind::Cpp));
        assert_eq!(
            kind("App.RuntimeConfig.JSON"),
            Some(FileKind::RuntimeConfig)
        );
        assert_eq!(
            kind("runtimeconfig.template.json"),
            Some(FileKind::RuntimeConfig)
        );
        assert_eq!(kind("appsettings.json"), None);
        assert_eq!(kind("README"), None);
        assert_eq!(kind("ünïcödé.cs"), Some(FileKind::CSharp));
        assert_eq!(kind("x.ünï"), None);
    }
}
