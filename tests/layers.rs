//! The layers of the crate point one way (ARCHITECTURE.md): a module may use only the modules
//! of the layers below its own, so that an analyser never learns about rules, a finding never
//! about the rule registry, and no change at the bottom has to know what sits on top. Within a
//! module, its submodules must not use each other in a cycle either.
//!
//! The check reads the sources: every `crate::name` path outside comments is a use of `name`,
//! and in a submodule's files `super::name` is a use of its sibling `name`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module may use the modules of earlier layers only; a new
/// top-level module must be placed here (the test fails until it is).
const LAYERS: &[&[&str]] = &[
    // Text, names and .NET facts that need nothing else.
    &["source", "protocol", "path_name", "switches", "report_file"],
    &["offers"],
    &["target", "facts"],
    // Analysers: syntax to facts.
    &["lang"],
    // What a fix is, and the edit builders rules use.
    &["fix"],
    // Findings and the rule metadata they carry.
    &["diagnostic"],
    &["walk", "verdict", "fingerprint"],
    // The project model.
    &["project"],
    // Rules: facts and model to findings.
    &["rules"],
    // What decides which findings are reported.
    &["suppress", "editorconfig", "baseline"],
    &["config"],
    // The stages that `check`, `sweep` and the server share.
    &["engine"],
    &["apply", "output", "show"],
    &["sweep"],
    // Front ends.
    &["cli", "server", "fuzzing"],
];

fn rust_files(folder: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `text` without its comments (doc links to other layers are not uses) and string literals.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// The names that follow `prefix` (`crate::`, `super::`) in `code`.
fn paths_after<'a>(code: &'a str, prefix: &str) -> BTreeSet<&'a str> {
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end > 0 {
            out.insert(&rest[..end]);
        }
    }
    out
}

/// (top-level module, submodule) of a file under src/: `lang/csharp/flow.rs` is
/// (`lang`, `csharp`); `lang/mod.rs` and `lang.rs` are (`lang`, "").
fn module_of(relative: &Path) -> (String, String) {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    let top = parts.first().cloned().unwrap_or_default();
    let sub = parts.get(1).cloned().unwrap_or_default();
    (top, sub)
}

struct Uses {
    /// module → the other top-level modules it uses, with a file that does.
    top: BTreeMap<String, BTreeMap<String, String>>,
    /// (module, submodule) → the sibling submodules it uses.
    sub: BTreeMap<(String, String), BTreeSet<String>>,
}

fn uses() -> Uses {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut uses = Uses {
        top: BTreeMap::new(),
        sub: BTreeMap::new(),
    };
    // The submodules of each module, to tell `super::tree` (a sibling) from `super::parse` (an
    // item of the parent).
    let submodules: BTreeSet<(String, String)> = files
        .iter()
        .map(|file| module_of(file.strip_prefix(&src).expect("under src/")))
        .collect();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src/").to_path_buf();
        let (top, sub) = module_of(&relative);
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        let code = code_of(&text);
        let shown = relative.display().to_string();
        for used in paths_after(&code, "crate::") {
            if used != top {
                uses.top
                    .entry(top.clone())
                    .or_default()
                    .entry(used.to_owned())
                    .or_insert_with(|| shown.clone());
            }
        }
        if sub.is_empty() {
            continue;
        }
        let mut siblings = BTreeSet::new();
        for (at, _) in code.match_indices(&format!("crate::{top}::")) {
            let rest = &code[at + top.len() + 9..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            siblings.insert(rest[..end].to_owned());
        }
        // In `lang/csharp.rs` or `lang/csharp/mod.rs`, `super::` is `lang::`; deeper files'
        // `super::` stays inside their own submodule.
        let depth = relative.components().count();
        let is_mod = relative.file_name().is_some_and(|n| n == "mod.rs");
        if depth == 2 || (depth == 3 && is_mod) {
            siblings.extend(paths_after(&code, "super::").into_iter().map(str::to_owned));
        }
        siblings.retain(|s| s != &sub && submodules.contains(&(top.clone(), s.clone())));
        if !siblings.is_empty() {
            uses.sub
                .entry((top.clone(), sub.clone()))
                .or_default()
                .extend(siblings);
        }
    }
    uses
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let uses = uses();
    let mut problems = Vec::new();
    for (module, used) in &uses.top {
        let Some(layer) = layer_of(module) else {
            problems.push(format!("`{module}` is in no layer: add it to LAYERS"));
            continue;
        };
        for (target, file) in used {
            match layer_of(target) {
                Some(below) if below < layer => {}
                Some(_) => problems.push(format!(
                    "src/{file} uses `crate::{target}`, which is not in a layer below `{module}`"
                )),
                None => problems.push(format!("`{target}` is in no layer: add it to LAYERS")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn submodules_do_not_use_each_other_in_a_cycle() {
    let uses = uses();
    let mut problems = Vec::new();
    for ((top, sub), siblings) in &uses.sub {
        // A sibling that reaches back to `sub`, directly or through others.
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = siblings.iter().collect();
        while let Some(next) = stack.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            if next == sub {
                problems.push(format!("`{top}::{sub}` is in an import cycle"));
                break;
            }
            if let Some(more) = uses.sub.get(&(top.clone(), next.clone())) {
                stack.extend(more);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check itself finds what it is meant to find.
#[test]
fn the_reader_sees_uses_and_skips_comments_and_strings() {
    let code = code_of(
        "use crate::facts::Span; // crate::cli\n/* crate::sweep */ let s = \"crate::output\"; x::crate::y; super::tree::parse();",
    );
    assert_eq!(
        paths_after(&code, "crate::")
            .into_iter()
            .collect::<Vec<_>>(),
        ["facts"]
    );
    assert_eq!(
        paths_after(&code, "super::")
            .into_iter()
            .collect::<Vec<_>>(),
        ["tree"]
    );
    assert_eq!(
        module_of(Path::new("lang/csharp/flow.rs")),
        ("lang".to_owned(), "csharp".to_owned())
    );
    assert_eq!(
        module_of(Path::new("lang/mod.rs")),
        ("lang".to_owned(), String::new())
    );
}
