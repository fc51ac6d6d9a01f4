//! `.editorconfig` severities: `dotnet_diagnostic.TLS001.severity = none|silent|suggestion|
//! warning|error|default` in `[*.cs]`-style sections, the way .NET teams already configure
//! analyzers. DESIGN.md §4 puts them below `tlslint.toml` and the command line.
//!
//! Files are found from the linted file's folder upwards until one says `root = true`; farther
//! files are read first, so nearer files and later sections win. Only sections that set one of
//! our rules are kept, and each `.editorconfig` is read once per run, so a tree full of
//! editorconfigs about indentation costs one small read per folder.
//!
//! Section globs follow the EditorConfig specification: a glob without `/` matches the file
//! name in any folder below the `.editorconfig`; with `/` it is matched against the path relative
//! to that folder; `*` stays within a folder, `**` crosses folders, `?`, `[abc]`, `[!abc]`,
//! `{a,b}` and `{1..10}` work as specified, `\` escapes.
//!
//! Peer analyzers' ids (`CA5364`) are deliberately not mapped here: a team that turns CA5364
//! off in `.editorconfig` has often done so because another tool (perhaps this one) covers it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use regex::Regex;

use crate::diagnostic::Severity;
use crate::rules;
use crate::walk::io_message;

/// What `.editorconfig` says about one rule for one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// `none` or `silent`: the rule is off for the file.
    Off,
    /// `suggestion` (note), `warning` or `error`.
    Severity(Severity),
    /// `default`: the rule's own severity (undoes a farther file's setting).
    Default,
}

/// One `[glob]` section that sets at least one of our rules.
#[derive(Debug)]
struct Section {
    glob: Regex,
    /// Whether the glob is matched against the path relative to the file's folder (it has a
    /// `/`) rather than against the file name.
    relative: bool,
    settings: Vec<(&'static str, Setting)>,
    /// `[glob]` as written, and its line (for `--show-settings`).
    header: String,
    line: usize,
}

/// One parsed `.editorconfig`.
#[derive(Debug)]
struct File {
    root: bool,
    sections: Vec<Section>,
}

/// The `.editorconfig` files met during a run, read once each.
#[derive(Debug, Default)]
pub struct EditorConfigs {
    /// By folder: the file there, if any.
    files: Mutex<HashMap<PathBuf, Option<Arc<File>>>>,
    /// Files that could not be read, or lines of ours that mean nothing: the file and why.
    warnings: Mutex<Vec<(PathBuf, String)>>,
}

impl EditorConfigs {
    pub fn new() -> Self {
        EditorConfigs::default()
    }

    /// What went wrong reading the files met so far (each once), sorted by file: a setting
    /// that is ignored must not be ignored silently.
    pub fn take_warnings(&self) -> Vec<(PathBuf, String)> {
        let mut warnings = match self.warnings.lock() {
            Ok(mut warnings) => std::mem::take(&mut *warnings),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        };
        warnings.sort();
        warnings.dedup();
        warnings
    }

    /// The setting for `rule` on the file at `path` (absolute or relative to the current
    /// folder), if any `.editorconfig` has one.
    pub fn setting(&self, rule: &str, path: &Path) -> Option<Setting> {
        self.setting_source(rule, path)
            .map(|(setting, _, _)| setting)
    }

    /// [`EditorConfigs::setting`], with where it is written: the `.editorconfig` file, and the
    /// line and header of the section (`3 [*.cs]`).
    pub fn setting_source(&self, rule: &str, path: &Path) -> Option<(Setting, PathBuf, String)> {
        let path = std::path::absolute(path).ok()?;
        let mut chain = Vec::new();
        for folder in path.ancestors().skip(1) {
            if let Some(file) = self.file_in(folder) {
                let root = file.root;
                chain.push((folder.to_path_buf(), file));
                if root {
                    break;
                }
            }
        }
        let mut found = None;
        for (folder, file) in chain.iter().rev() {
            let Ok(relative) = path.strip_prefix(folder) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            let name = relative.rsplit('/').next().unwrap_or(&relative);
            for section in &file.sections {
                let subject = if section.relative { &relative } else { name };
                if !section.glob.is_match(subject) {
                    continue;
                }
                for (id, setting) in &section.settings {
                    if *id == rule {
                        found = Some((
                            *setting,
                            folder.join(".editorconfig"),
                            format!("{} {}", section.line, section.header),
                        ));
                    }
                }
            }
        }
        found
    }

    fn file_in(&self, folder: &Path) -> Option<Arc<File>> {
        if let Ok(files) = self.files.lock()
            && let Some(known) = files.get(folder)
        {
            return known.clone();
        }
        // Read outside the lock: two workers may both read a file, which is harmless (its
        // warnings are deduplicated).
        let path = folder.join(".editorconfig");
        let (file, warnings) = read(&path);
        if !warnings.is_empty()
            && let Ok(mut all) = self.warnings.lock()
        {
            all.extend(warnings.into_iter().map(|w| (path.clone(), w)));
        }
        let file = file.map(Arc::new);
        if let Ok(mut files) = self.files.lock() {
            files.insert(folder.to_path_buf(), file.clone());
        }
        file
    }
}

/// Reads and parses one `.editorconfig`, if there is one, with what was wrong with it. A FIFO
/// is never opened (that would wait for a writer forever), nor is anything else that is not
/// a regular file.
fn read(path: &Path) -> (Option<File>, Vec<String>) {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return (None, Vec::new());
        }
        Err(e) => {
            return (
                None,
                vec![format!("cannot read: {}; ignored", io_message(&e))],
            );
        }
    };
    if !metadata.is_file() {
        return (
            None,
            vec![format!(
                "not a regular file ({}); ignored",
                crate::walk::file_type_name(&metadata)
            )],
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return (
                None,
                vec![format!("cannot read: {}; ignored", io_message(&e))],
            );
        }
    };
    match crate::source::decode(&bytes) {
        Ok((text, _)) => {
            let (file, warnings) = parse(&text);
            (Some(file), warnings)
        }
        Err(e) => (None, vec![format!("{e}; ignored")]),
    }
}

/// Parses an `.editorconfig`, keeping only what concerns tlslint. Malformed lines are skipped,
/// as every EditorConfig implementation does; those that concern tlslint (a section header
/// that is not closed, a setting of ours with an unknown rule or severity, a section of ours
/// whose glob is invalid) are also returned as warnings, with their line numbers, so that a
/// typo does not silently leave a rule at another severity.
fn parse(text: &str) -> (File, Vec<String>) {
    let mut file = File {
        root: false,
        sections: Vec::new(),
    };
    let mut warnings = Vec::new();
    // The section being read: its glob, the line of its header, and our settings in it.
    type Current = Option<(String, usize, Vec<(&'static str, Setting)>)>;
    let mut current: Current = None;
    let finish = |current: Current, sections: &mut Vec<Section>, warnings: &mut Vec<String>| {
        let Some((glob, line, settings)) = current else {
            return;
        };
        if settings.is_empty() {
            return;
        }
        match compile(&glob) {
            Some((regex, relative)) => sections.push(Section {
                glob: regex,
                relative,
                settings,
                header: format!("[{glob}]"),
                line,
            }),
            None => warnings.push(format!(
                "line {line}: section `[{glob}]` is not a valid glob; its settings are ignored"
            )),
        }
    };
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            finish(current.take(), &mut file.sections, &mut warnings);
            current = Some((header.to_owned(), number, Vec::new()));
            continue;
        }
        if line.starts_with('[') {
            warnings.push(format!(
                "line {number}: section header without `]`; ignored (the settings below it \
                 stay in the section before)"
            ));
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        match &mut current {
            None if key == "root" => file.root = value == "true",
            None => {}
            Some((_, _, settings)) => match diagnostic_setting(&key, &value) {
                Ok(Some(entry)) => settings.push(entry),
                Ok(None) => {}
                Err(problem) => warnings.push(format!("line {number}: {problem}; ignored")),
            },
        }
    }
    finish(current.take(), &mut file.sections, &mut warnings);
    (file, warnings)
}

/// `dotnet_diagnostic.tls001.severity = warning` → `("TLS001", Severity(Warning))`; `None`
/// for other keys (other analyzers' ids among them); an error for a key of ours (`TLS…`) with
/// an unknown rule or severity.
fn diagnostic_setting(key: &str, value: &str) -> Result<Option<(&'static str, Setting)>, String> {
    let Some(id) = key
        .strip_prefix("dotnet_diagnostic.")
        .and_then(|k| k.strip_suffix(".severity"))
    else {
        return Ok(None);
    };
    let Some(rule) = rules::RULES
        .iter()
        .find(|rule| rule.id.eq_ignore_ascii_case(id))
    else {
        return if id.starts_with("tls") {
            Err(format!(
                "unknown rule `{}` (see `tlslint rules`)",
                id.to_ascii_uppercase()
            ))
        } else {
            Ok(None)
        };
    };
    // Roslyn allows `severity = warning # comment`-free values only; take the first word.
    let word = value.split_whitespace().next().unwrap_or_default();
    let setting = match word {
        "none" | "silent" => Setting::Off,
        "suggestion" => Setting::Severity(Severity::Note),
        "warning" => Setting::Severity(Severity::Warning),
        "error" => Setting::Severity(Severity::Error),
        "default" => Setting::Default,
        _ => {
            return Err(format!(
                "`{word}` is not a severity for {} (none, silent, suggestion, warning, error or default)",
                rule.id
            ));
        }
    };
    Ok(Some((rule.id, setting)))
}

/// Compiles a section glob to an anchored regex, and whether it applies to the relative path
/// (it contains a `/`) rather than the file name.
fn compile(glob: &str) -> Option<(Regex, bool)> {
    let relative = glob.contains('/');
    let glob = glob.strip_prefix('/').unwrap_or(glob);
    let mut out = String::from("^");
    translate(glob, &mut out)?;
    out.push('$');
    Regex::new(&out).ok().map(|regex| (regex, relative))
}

/// Appends the regex for `glob` to `out`; `None` when the glob cannot be read (unbalanced
/// braces are taken literally, as the specification says; an overly large numeric range is
/// refused rather than expanded).
fn translate(glob: &str, out: &mut String) -> Option<()> {
    let chars: Vec<char> = glob.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                out.push_str(&regex::escape(&chars[i + 1].to_string()));
                i += 2;
                continue;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                out.push_str(".*");
                i += 2;
                continue;
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            '[' => {
                if let Some(end) = chars[i + 1..].iter().position(|&c| c == ']') {
                    let class: String = chars[i + 1..i + 1 + end].iter().collect();
                    if !class.is_empty() && !class.contains('/') {
                        let (negated, body) = match class.strip_prefix('!') {
                            Some(body) => (true, body),
                            None => (false, class.as_str()),
                        };
                        out.push('[');
                        if negated {
                            out.push('^');
                        }
                        for ch in body.chars() {
                            if matches!(ch, '\\' | '[' | ']' | '^' | '&' | '~') {
                                out.push('\\');
                            }
                            out.push(ch);
                        }
                        out.push(']');
                        i += end + 2;
                        continue;
                    }
                }
                out.push_str(r"\[");
            }
            '{' => {
                if let Some(end) = matching_brace(&chars, i) {
                    let inner: String = chars[i + 1..end].iter().collect();
                    if let Some(range) = numeric_range(&inner) {
                        out.push_str(&range?);
                        i = end + 1;
                        continue;
                    }
                    let alternatives = split_top_level(&inner);
                    if alternatives.len() > 1 {
                        out.push_str("(?:");
                        for (n, alternative) in alternatives.iter().enumerate() {
                            if n > 0 {
                                out.push('|');
                            }
                            translate(alternative, out)?;
                        }
                        out.push(')');
                        i = end + 1;
                        continue;
                    }
                }
                out.push_str(r"\{");
            }
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    Some(())
}

/// The index of the `}` closing the `{` at `open`, counting nesting and escapes.
fn matching_brace(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits `a,{b,c},d` at its top-level commas.
fn split_top_level(inner: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0;
    let mut escaped = false;
    for c in inner.chars() {
        let last = parts.last_mut().expect("never empty");
        if escaped {
            last.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                last.push(c);
            }
            '{' => {
                depth += 1;
                last.push(c);
            }
            '}' => {
                depth -= 1;
                last.push(c);
            }
            ',' if depth == 0 => parts.push(String::new()),
            _ => last.push(c),
        }
    }
    parts
}

/// `{1..10}`: `Some(Some(regex))` matching those integers, `Some(None)` for a range too large
/// to spell out, `None` when `inner` is not a numeric range.
fn numeric_range(inner: &str) -> Option<Option<String>> {
    let (low, high) = inner.split_once("..")?;
    let low: i64 = low.parse().ok()?;
    let high: i64 = high.parse().ok()?;
    let (low, high) = (low.min(high), low.max(high));
    if high - low > 10_000 {
        return Some(None);
    }
    let alternatives: Vec<String> = (low..=high).map(|n| n.to_string()).collect();
    Some(Some(format!("(?:{})", alternatives.join("|"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(glob: &str, subject: &str) -> bool {
        let (regex, _) = compile(glob).unwrap();
        regex.is_match(subject)
    }

    #[test]
    fn globs_follow_the_specification() {
        assert!(matches("*.cs", "Client.cs"));
        assert!(!matches("*.cs", "Client.csproj"));
        assert!(matches("*.{cs,vb}", "Module.vb"));
        assert!(matches("src/*.cs", "src/A.cs"));
        assert!(
            !matches("src/*.cs", "src/sub/A.cs"),
            "`*` stays in a folder"
        );
        assert!(matches("src/**.cs", "src/sub/A.cs"));
        assert!(matches("**/tests/**", "a/tests/b/c.cs"));
        assert!(matches("file?.cs", "file1.cs"));
        assert!(matches("[ab].cs", "a.cs"));
        assert!(!matches("[!ab].cs", "a.cs"));
        assert!(matches("v{1..3}.cs", "v2.cs"));
        assert!(!matches("v{1..3}.cs", "v4.cs"));
        assert!(matches("{a,{b,c}}.cs", "c.cs"));
        assert!(
            matches("{single}.cs", "{single}.cs"),
            "one alternative is literal"
        );
        assert!(matches(r"\*.cs", "*.cs"));
        assert!(!matches(r"\*.cs", "a.cs"));
        assert!(
            matches("a(b).cs", "a(b).cs"),
            "regex characters are literal"
        );
        assert!(matches("{unclosed.cs", "{unclosed.cs"));
    }

    #[test]
    fn parses_our_keys_only_in_sections() {
        let (file, warnings) = parse(
            "root = true\n# comment\n[*]\nindent_style = space\n\n[*.cs]\ndotnet_diagnostic.TLS001.severity = none\nDOTNET_DIAGNOSTIC.tls002.SEVERITY = Suggestion\ndotnet_diagnostic.CA5364.severity = none\ndotnet_diagnostic.TLS999.severity = none\ndotnet_diagnostic.TLS003.severity = bogus\n[*.vb]\ndotnet_diagnostic.TLS004.severity = default\n",
        );
        assert!(file.root);
        assert_eq!(file.sections.len(), 2, "the [*] section sets none of ours");
        assert_eq!(
            file.sections[0].settings,
            [
                ("TLS001", Setting::Off),
                ("TLS002", Setting::Severity(Severity::Note))
            ]
        );
        assert_eq!(file.sections[1].settings, [("TLS004", Setting::Default)]);
        assert_eq!(
            warnings,
            [
                "line 10: unknown rule `TLS999` (see `tlslint rules`); ignored",
                "line 11: `bogus` is not a severity for TLS003 (none, silent, suggestion, warning, error or default); ignored"
            ]
        );
    }

    /// Problems that concern tlslint are warnings naming the file; a FIFO is never opened.
    #[test]
    fn malformed_files_are_warnings() {
        let (_, warnings) = parse(
            "[*.cs\ndotnet_diagnostic.TLS001.severity = none\n[[\ndotnet_diagnostic.TLS002.severity = none\n[*]\nno equals sign\n",
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("line 1: section header without `]`"));
        assert!(warnings[1].starts_with("line 3: section header without `]`"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("folder/.editorconfig")).unwrap();
        std::fs::write(
            dir.path().join(".editorconfig"),
            "root = true\n[*]\ndotnet_diagnostic.TLS001.severity = eror\n",
        )
        .unwrap();
        let configs = EditorConfigs::new();
        assert_eq!(
            configs.setting("TLS001", &dir.path().join("folder/a.cs")),
            None
        );
        let mut expected = vec![
            (
                dir.path().join(".editorconfig"),
                "line 3: `eror` is not a severity for TLS001 (none, silent, suggestion, warning, error or default); ignored".to_owned(),
            ),
            (
                dir.path().join("folder/.editorconfig"),
                "not a regular file (a folder); ignored".to_owned(),
            ),
        ];
        expected.sort();
        let absolute = |(p, m): (PathBuf, String)| (std::path::absolute(p).unwrap(), m);
        assert_eq!(
            configs.take_warnings(),
            expected.into_iter().map(absolute).collect::<Vec<_>>()
        );
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo");
            std::fs::create_dir_all(&fifo).unwrap();
            let made = std::process::Command::new("mkfifo")
                .arg(fifo.join(".editorconfig"))
                .status()
                .is_ok_and(|s| s.success());
            if made {
                assert_eq!(configs.setting("TLS001", &fifo.join("a.cs")), None);
                let warnings = configs.take_warnings();
                assert!(
                    warnings
                        .iter()
                        .any(|(p, m)| p.ends_with("fifo/.editorconfig") && m.contains("a FIFO")),
                    "{warnings:?}"
                );
            }
        }
    }

    #[test]
    fn nearer_files_and_later_sections_win_up_to_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        // Above the root: never read.
        write(
            ".editorconfig",
            "[*]\ndotnet_diagnostic.TLS005.severity = none\n",
        );
        write(
            "repo/.editorconfig",
            "root = true\n[*.cs]\ndotnet_diagnostic.TLS001.severity = warning\n[tests/**]\ndotnet_diagnostic.TLS001.severity = none\n",
        );
        write(
            "repo/src/Legacy/.editorconfig",
            "[*.cs]\ndotnet_diagnostic.TLS001.severity = error\n",
        );
        // A BOM and UTF-16 are read like every other file.
        write(
            "repo/src/Other/.editorconfig",
            "\u{feff}[*.cs]\r\ndotnet_diagnostic.TLS001.severity = default\r\n",
        );
        let configs = EditorConfigs::new();
        let at = |path: &str, rule: &str| configs.setting(rule, &dir.path().join(path));
        assert_eq!(
            at("repo/src/A.cs", "TLS001"),
            Some(Setting::Severity(Severity::Warning))
        );
        assert_eq!(at("repo/tests/x/A.cs", "TLS001"), Some(Setting::Off));
        assert_eq!(
            at("repo/src/tests/A.cs", "TLS001"),
            Some(Setting::Severity(Severity::Warning)),
            "a glob with `/` is relative to its file's folder"
        );
        assert_eq!(
            at("repo/src/Legacy/A.cs", "TLS001"),
            Some(Setting::Severity(Severity::Error))
        );
        assert_eq!(at("repo/src/Other/A.cs", "TLS001"), Some(Setting::Default));
        assert_eq!(at("repo/src/A.vb", "TLS001"), None);
        assert_eq!(
            at("repo/App.csproj", "TLS005"),
            None,
            "root = true stops the search"
        );
        assert_eq!(at("elsewhere/App.csproj", "TLS005"), Some(Setting::Off));
    }
}
