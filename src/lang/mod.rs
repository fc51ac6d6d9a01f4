//! Languages and file kinds: which analyser reads which file.

pub mod appconfig;
pub mod cpp;
pub mod csharp;
pub mod msbuild;
pub mod registry;
pub mod runtimeconfig;
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
    /// C and C++ source and headers (`.c .cc .cpp .cxx .h .hpp .hxx`), C++/CLI included.
    Cpp,
}

impl FileKind {
    /// Classifies a path by its name (case-insensitively); `None` for files tlslint does not
    /// read.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        let lower = name.to_ascii_lowercase();
        if runtimeconfig::is_runtimeconfig(&lower) {
            return Some(FileKind::RuntimeConfig);
        }
        let extension = lower.rsplit_once('.')?.1;
        match extension {
            "cs" | "csx" => Some(FileKind::CSharp),
            "csproj" | "vbproj" | "fsproj" | "props" | "targets" => Some(FileKind::MsBuild),
            // packages.config records what NuGet installed; it never decides runtime behaviour.
            "config" if lower != "packages.config" => Some(FileKind::Config),
            "reg" => Some(FileKind::Registry),
            "c" | "cc" | "cpp" | "cxx" | "h" | "hpp" | "hxx" => Some(FileKind::Cpp),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FileKind::CSharp => "C#",
            FileKind::MsBuild => "MSBuild",
            FileKind::Config => ".NET config",
            FileKind::Registry => "registry file",
            FileKind::RuntimeConfig => "runtimeconfig.json",
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
        FileKind::MsBuild => Ok(msbuild::analyze(text)),
        FileKind::Config => Ok(appconfig::analyze(text, file_name)),
        FileKind::Registry => Ok(registry::analyze(text)),
        FileKind::RuntimeConfig => runtimeconfig::analyze(text),
        FileKind::CSharp => Err("C# files are analysed by lang::csharp".to_owned()),
        FileKind::Cpp => Err("C/C++ files are analysed by lang::cpp".to_owned()),
    }
}
