//! A static, partial MSBuild evaluation: property definitions in document order, with
//! `$(Name)` references resolved from earlier definitions (the project file, imported
//! `Directory.Build.props` and explicitly imported files), each piece of text remembering where
//! it was written and under which condition. `Condition`s are evaluated the way a Windows build
//! of some configuration sees them ([`super::condition`]): a definition that every build sees
//! replaces the value; one that only some builds see (`'$(Configuration)' == 'Debug'`) adds a
//! value those builds have; one for some targets only (`'$(TargetFramework)' == 'net45'`) never
//! sets a target property; one that needs MSBuild leaves its value unknown. Property functions
//! and anything else that would need MSBuild are left unresolved, and unresolved values are
//! never findings (DESIGN.md §1).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::ModelFile;
use super::condition::{self, Truth};
use crate::facts::MsBuildStep;
use crate::lang::msbuild::TARGET_PROPERTIES;

/// Where a piece of a property value was written: a file and a byte range.
pub type Origin = (usize, Range<usize>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    text: String,
    /// File and byte offset of `text` (literal text only).
    origin: Option<(usize, usize)>,
    resolved: bool,
    /// The conditions of the definition that wrote it, as messages name them.
    condition: Option<String>,
}

/// One item of an evaluated list property (`TargetFrameworks`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListItem {
    pub text: String,
    /// Where the item is written, when it comes from one literal run.
    pub origin: Option<Origin>,
    /// False when part of it could not be resolved.
    pub resolved: bool,
    /// The conditions it was written under (`` `'$(OS)' == 'Windows_NT'` ``), if any.
    pub condition: Option<String>,
}

/// What one property holds across the builds of a project.
#[derive(Debug, Default)]
struct Property {
    /// The value every build sees, when one does.
    definite: Option<Vec<Piece>>,
    /// Values that only some builds see, set after `definite`, in document order.
    variants: Vec<Vec<Piece>>,
    /// Set under a condition that cannot be decided (or for some targets only, for a target
    /// property) since the last value every build sees.
    undecided: bool,
}

impl Property {
    /// Every value some build sees: the definite one first.
    fn values(&self) -> impl Iterator<Item = &Vec<Piece>> {
        self.definite.iter().chain(&self.variants)
    }
}

/// The evaluated properties of one project.
#[derive(Debug, Default)]
pub struct Evaluation {
    properties: HashMap<String, Property>,
}

/// Imports may nest; real projects stay far below this.
const MAX_IMPORT_DEPTH: usize = 16;

impl Evaluation {
    /// Evaluates `project` after the `Directory.Build.props` chain (outermost first).
    pub fn run(
        files: &[ModelFile],
        by_path: &HashMap<&Path, usize>,
        implicit: &[usize],
        project: usize,
    ) -> Evaluation {
        let mut evaluation = Evaluation::default();
        let mut visited = HashSet::new();
        for &file in implicit {
            evaluation.apply(files, by_path, file, &mut visited, 0);
        }
        evaluation.apply(files, by_path, project, &mut visited, 0);
        evaluation
    }

    fn apply(
        &mut self,
        files: &[ModelFile],
        by_path: &HashMap<&Path, usize>,
        file: usize,
        visited: &mut HashSet<usize>,
        depth: usize,
    ) {
        if depth > MAX_IMPORT_DEPTH || !visited.insert(file) {
            return;
        }
        let Some(msbuild) = &files[file].facts.msbuild else {
            return;
        };
        for step in &msbuild.steps {
            match step {
                MsBuildStep::Property(property) => {
                    let truth =
                        condition::guards_truth(&property.conditions, &|name| self.known(name));
                    let is_target = TARGET_PROPERTIES.contains(&property.name.as_str());
                    let condition = property
                        .is_conditional()
                        .then(|| condition::describe(&property.conditions));
                    let origin = property.value_span.as_ref().map(|span| (file, span.start));
                    match truth {
                        Truth::False => {}
                        Truth::True => {
                            let value = self.substitute(&property.value, origin, condition);
                            self.properties.insert(
                                property.name.clone(),
                                Property {
                                    definite: Some(value),
                                    ..Property::default()
                                },
                            );
                        }
                        // The inner build of some target sees it: a value like any other,
                        // except for the properties that say which targets there are.
                        Truth::SomeBuild | Truth::PerTarget
                            if truth == Truth::SomeBuild || !is_target =>
                        {
                            let value = self.substitute(&property.value, origin, condition);
                            self.entry(&property.name).variants.push(value);
                        }
                        Truth::SomeBuild | Truth::PerTarget | Truth::Unknown => {
                            self.entry(&property.name).undecided = true;
                        }
                    }
                }
                MsBuildStep::Import {
                    project,
                    conditional: false,
                } => {
                    if let Some(target) = import_path(project, files[file].path)
                        && let Some(&imported) = by_path.get(target.as_path())
                    {
                        self.apply(files, by_path, imported, visited, depth + 1);
                    }
                }
                MsBuildStep::Import { .. } => {}
            }
        }
    }

    fn entry(&mut self, name: &str) -> &mut Property {
        self.properties.entry(name.to_owned()).or_default()
    }

    /// A property's value when every build sees the same, fully resolved one (what a
    /// condition may compare).
    fn known(&self, name: &str) -> Option<String> {
        let property = self.properties.get(name)?;
        if !property.variants.is_empty() || property.undecided {
            return None;
        }
        let pieces = property.definite.as_ref()?;
        pieces
            .iter()
            .all(|p| p.resolved)
            .then(|| pieces.iter().map(|p| p.text.as_str()).collect())
    }

    /// Splits `raw` into literal runs and `$(Name)` references, replacing references to known
    /// properties with their (already evaluated) pieces: the value every build sees, else the
    /// first that some build sees.
    fn substitute(
        &self,
        raw: &str,
        origin: Option<(usize, usize)>,
        condition: Option<String>,
    ) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let literal = |pieces: &mut Vec<Piece>, from: usize, to: usize| {
            if to > from {
                pieces.push(Piece {
                    text: raw[from..to].to_owned(),
                    origin: origin.map(|(file, offset)| (file, offset + from)),
                    resolved: true,
                    condition: condition.clone(),
                });
            }
        };
        let mut at = 0;
        while let Some(found) = raw[at..].find("$(") {
            let start = at + found;
            literal(&mut pieces, at, start);
            let Some(end) = closing_paren(raw, start + 1) else {
                pieces.push(unresolved(&raw[start..]));
                return pieces;
            };
            let name = &raw[start + 2..end];
            let simple = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            let value = self
                .properties
                .get(&name.to_ascii_lowercase())
                .and_then(|p| p.values().next());
            match value {
                Some(value) if simple => pieces.extend(value.iter().cloned()),
                _ => pieces.push(unresolved(&raw[start..=end])),
            }
            at = end + 1;
        }
        literal(&mut pieces, at, raw.len());
        pieces
    }

    /// Whether some build defines a property.
    pub fn is_defined(&self, name: &str) -> bool {
        self.properties
            .get(name)
            .is_some_and(|p| p.values().next().is_some())
    }

    /// Whether every build defines a property.
    pub fn is_definite(&self, name: &str) -> bool {
        self.properties
            .get(name)
            .is_some_and(|p| p.definite.is_some())
    }

    /// Whether a property is set under a condition that cannot be decided.
    pub fn is_undecided(&self, name: &str) -> bool {
        self.properties.get(name).is_some_and(|p| p.undecided)
    }

    /// A property's value, if it is fully resolved: the one every build sees, else the first
    /// one some build sees (domain.md §4.1: "take the unconditional value, else the first one").
    pub fn text(&self, name: &str) -> Option<String> {
        let pieces = self.properties.get(name)?.values().next()?;
        pieces
            .iter()
            .all(|p| p.resolved)
            .then(|| pieces.iter().map(|p| p.text.as_str()).collect())
    }

    /// A list property split on `;`, each item with where it is written: the value every build
    /// sees, else the first one some build sees.
    pub fn list(&self, name: &str) -> Vec<ListItem> {
        self.properties
            .get(name)
            .and_then(|p| p.values().next())
            .map(|pieces| split_pieces(pieces))
            .unwrap_or_default()
    }

    /// The items of every value some build sees, in order (the same item may repeat).
    pub fn all_lists(&self, name: &str) -> Vec<ListItem> {
        self.properties
            .get(name)
            .map(|p| p.values().flat_map(|pieces| split_pieces(pieces)).collect())
            .unwrap_or_default()
    }
}

/// Splits evaluated pieces on `;`.
fn split_pieces(pieces: &[Piece]) -> Vec<ListItem> {
    let mut items = Vec::new();
    let mut current = ListBuilder::default();
    for piece in pieces {
        if !piece.resolved {
            current.push_unresolved(&piece.text);
            continue;
        }
        let mut offset = 0;
        for (i, part) in piece.text.split(';').enumerate() {
            if i > 0 {
                items.extend(std::mem::take(&mut current).finish());
            }
            current.push(
                part,
                piece.origin.map(|(file, start)| (file, start + offset)),
                piece.condition.as_deref(),
            );
            offset += part.len() + 1;
        }
    }
    items.extend(current.finish());
    items
}

#[derive(Default)]
struct ListBuilder {
    text: String,
    /// Origins of the non-blank parts.
    origins: Vec<Option<Origin>>,
    resolved: bool,
    touched: bool,
    condition: Option<String>,
}

impl ListBuilder {
    fn push(&mut self, part: &str, origin: Option<(usize, usize)>, condition: Option<&str>) {
        if self.condition.is_none() && !part.trim().is_empty() {
            self.condition = condition.map(str::to_owned);
        }
        if !self.touched {
            self.resolved = true;
            self.touched = true;
        }
        let leading = part.len() - part.trim_start().len();
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            self.origins.push(
                origin
                    .map(|(file, start)| (file, start + leading..start + leading + trimmed.len())),
            );
        }
        self.text.push_str(part);
    }

    fn push_unresolved(&mut self, text: &str) {
        self.touched = true;
        self.resolved = false;
        self.text.push_str(text);
        self.origins.push(None);
    }

    fn finish(self) -> Option<ListItem> {
        let text = self.text.trim().to_owned();
        if text.is_empty() {
            return None;
        }
        let origin = match self.origins.as_slice() {
            [Some(origin)] => Some(origin.clone()),
            _ => None,
        };
        Some(ListItem {
            text,
            origin,
            resolved: self.resolved,
            condition: self.condition,
        })
    }
}

fn unresolved(text: &str) -> Piece {
    Piece {
        text: text.to_owned(),
        origin: None,
        resolved: false,
        condition: None,
    }
}

/// The `)` that closes the `(` at `open` (property functions nest parentheses).
fn closing_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The file an `<Import Project="…">` names, when it can be known without MSBuild: a relative
/// path, optionally starting with `$(MSBuildThisFileDirectory)` or `$(MSBuildProjectDirectory)`.
pub fn import_path(project: &str, importing_file: &Path) -> Option<PathBuf> {
    let folder = importing_file.parent()?;
    let mut path = project.trim().to_owned();
    for known in ["$(MSBuildThisFileDirectory)", "$(MSBuildProjectDirectory)"] {
        if let Some(rest) = path.strip_prefix(known) {
            path = rest.trim_start_matches(['\\', '/']).to_owned();
        }
    }
    if path.contains('$')
        || path.contains('*')
        || path.contains('@')
        || path.contains('%')
        || path.is_empty()
    {
        return None;
    }
    let relative: PathBuf = path.split(['\\', '/']).collect();
    Some(normalize(&folder.join(relative)))
}

/// Lexically resolves `.` and `..` (no filesystem access, no symlinks).
pub fn normalize(path: &Path) -> PathBuf {
    // Walked paths are nearly always normal already: copy them instead of rebuilding them.
    if !cfg!(windows) && is_normal(path.as_os_str().as_encoded_bytes()) {
        return path.to_path_buf();
    }
    rebuild(path)
}

/// `path` rebuilt component by component, `.` dropped and `..` applied.
fn rebuild(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether a `/`-separated path has no `.` or `..` component, no doubled separator and no
/// trailing one: what [`normalize`] leaves as it is.
pub(crate) fn is_normal(path: &[u8]) -> bool {
    is_plain(path, false)
}

/// Whether a `/`-separated path has no `.` component (nor `..`, unless `parents`), no doubled
/// separator and no trailing one: what splitting it into components and joining them again
/// with `/` leaves as it is.
pub(crate) fn is_plain(path: &[u8], parents: bool) -> bool {
    path.split(|&b| b == b'/')
        .enumerate()
        .all(|(i, part)| match part {
            b"" => i == 0,
            b"." => false,
            b".." => parents,
            _ => true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for normal paths gives what rebuilding them gives.
    #[test]
    fn normal_paths_are_copied_as_they_are() {
        for path in [
            "/repo/src/a.cs",
            "repo/a.cs",
            "",
            "/",
            "//x",
            "/a//b",
            "/a/./b",
            "/a/../b",
            "a/",
            "./a",
            "../a",
            "a/..",
            "a/.",
            ".",
            "..",
            "/a/.b/c..d/...",
            "/ü/ß",
        ] {
            let shortcut = is_normal(path.as_bytes());
            let rebuilt = rebuild(Path::new(path));
            if shortcut {
                assert_eq!(Path::new(path), rebuilt, "{path}");
            }
            assert_eq!(normalize(Path::new(path)), rebuilt, "{path}");
        }
    }

    #[test]
    fn import_paths_without_msbuild() {
        let file = Path::new("/repo/src/App/App.csproj");
        assert_eq!(
            import_path("..\\Common.props", file),
            Some(PathBuf::from("/repo/src/Common.props"))
        );
        assert_eq!(
            import_path("$(MSBuildThisFileDirectory)build/Shared.props", file),
            Some(PathBuf::from("/repo/src/App/build/Shared.props"))
        );
        assert_eq!(
            import_path("$(MSBuildToolsPath)\\Microsoft.CSharp.targets", file),
            None
        );
        assert_eq!(
            import_path(
                "$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))",
                file
            ),
            None
        );
    }

    #[test]
    fn closing_parens_nest() {
        assert_eq!(closing_paren("$(a)", 1), Some(3));
        assert_eq!(closing_paren("$([x]::F(1))", 1), Some(11));
        assert_eq!(closing_paren("$(unclosed", 1), None);
    }
}
