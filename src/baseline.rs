//! Baselines: adopt tlslint on a large code base without fixing everything first.
//!
//! `--write-baseline FILE` records every current finding by a key that survives unrelated
//! edits ([`crate::fingerprint::finding_key`]: rule, path, the line's content without
//! whitespace, and the occurrence of that combination in the file). `--baseline FILE` then
//! reports only findings whose key is not recorded, and counts the recorded entries of the
//! linted files that no longer match (fixed, or their line changed), so the baseline can be
//! rewritten as it shrinks.
//!
//! Paths in the file (and in the keys) are relative to the baseline file's folder, so the same
//! baseline works whatever folder tlslint is started from.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Finding;
use crate::fingerprint::finding_keys;
use crate::source::SourceFile;

/// The file format's version; a baseline of another version is refused rather than misread.
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    /// Informational: who wrote it.
    tool: String,
    findings: Vec<Entry>,
}

/// One recorded finding. Only `key` is matched; the rest helps a reviewer read the file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub line: u32,
    pub rule: String,
    pub message: String,
    pub key: String,
}

/// A loaded baseline.
#[derive(Debug)]
pub struct Baseline {
    /// The folder paths are relative to.
    folder: PathBuf,
    /// Keys by path.
    keys: HashMap<String, BTreeSet<String>>,
}

/// How a baseline matched a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Matched {
    /// Findings left out because the baseline has them.
    pub matched: usize,
    /// Entries for linted files that matched no finding.
    pub gone: usize,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_slice(&bytes)
            .map_err(|e| format!("{}: not a tlslint baseline: {e}", path.display()))?;
        if file.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (this tlslint writes version {VERSION})",
                path.display(),
                file.version
            ));
        }
        let mut keys: HashMap<String, BTreeSet<String>> = HashMap::new();
        for entry in file.findings {
            keys.entry(entry.path).or_default().insert(entry.key);
        }
        Ok(Baseline {
            folder: folder_of(path),
            keys,
        })
    }

    /// How many entries the baseline has for the file at `path` (all of them are gone when the
    /// file was linted and had no finding).
    pub fn recorded(&self, path: &Path) -> usize {
        self.keys
            .get(&relative_name(&self.folder, path))
            .map_or(0, BTreeSet::len)
    }

    /// Removes the findings of one linted file that the baseline records. Returns how many
    /// were removed and how many of the file's entries matched nothing.
    pub fn filter(&self, path: &Path, source: &SourceFile, findings: &mut Vec<Finding>) -> Matched {
        let name = relative_name(&self.folder, path);
        let Some(recorded) = self.keys.get(&name) else {
            return Matched::default();
        };
        let keys = finding_keys(&name, source, findings);
        let mut used = BTreeSet::new();
        let mut keys = keys.into_iter();
        findings.retain(|_| {
            let key = keys.next().unwrap_or_default();
            if recorded.contains(&key) {
                used.insert(key);
                false
            } else {
                true
            }
        });
        Matched {
            matched: used.len(),
            gone: recorded.len() - used.len(),
        }
    }
}

/// Writes a baseline of `files` (path as walked, source, findings) to `path`, atomically.
pub fn write<'a>(
    path: &Path,
    files: impl Iterator<Item = (&'a Path, &'a SourceFile, &'a [Finding])>,
) -> std::io::Result<usize> {
    let folder = folder_of(path);
    let mut findings = Vec::new();
    for (file, source, file_findings) in files {
        let name = relative_name(&folder, file);
        let keys = finding_keys(&name, source, file_findings);
        for (finding, key) in file_findings.iter().zip(keys) {
            findings.push(Entry {
                path: name.clone(),
                line: source.position(finding.span.start).line,
                rule: finding.rule.id.to_owned(),
                message: finding.message.clone(),
                key,
            });
        }
    }
    findings.sort();
    let count = findings.len();
    let file = BaselineFile {
        version: VERSION,
        tool: format!("tlslint {}", env!("CARGO_PKG_VERSION")),
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    text.push('\n');
    crate::report_file::write(path, text.as_bytes())?;
    Ok(count)
}

/// The folder a baseline file's paths are relative to (absolute, so that any working folder
/// gives the same names).
fn folder_of(path: &Path) -> PathBuf {
    let absolute = absolute(path);
    match absolute.parent() {
        Some(parent) => parent.to_path_buf(),
        None => absolute,
    }
}

/// `path` relative to `folder`, `/`-separated; the absolute path when it is not below it.
fn relative_name(folder: &Path, path: &Path) -> String {
    let absolute = absolute(path);
    let name = match absolute.strip_prefix(folder) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => absolute,
    };
    if name.is_absolute() {
        return name.to_string_lossy().replace('\\', "/");
    }
    name.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` made absolute with `.` and `..` resolved lexically (`src/../baseline.json` and
/// `baseline.json` must name the same folder; symbolic links are not followed anyway).
fn absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
