//! Languages and file kinds: which analyser reads which file.

pub mod csharp;

use std::path::Path;

/// The kinds of files tlslint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// C# source (`.cs`, `.csx`).
    CSharp,
}

impl FileKind {
    /// Classifies a path by its extension (case-insensitively); `None` for files tlslint does
    /// not read.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "cs" | "csx" => Some(FileKind::CSharp),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FileKind::CSharp => "C#",
        }
    }
}
