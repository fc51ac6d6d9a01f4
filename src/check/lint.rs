//! Linting one file: read, decode, prefilter, analyse. Never panics on input and never stops the
//! scan: every problem becomes an [`Outcome::Error`] with a reason.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use crate::facts::FileFacts;
use crate::lang::{self, FileKind, cpp, csharp};
use crate::source::{SourceFile, decode};
use crate::walk::io_message;

/// What linting one file produced.
pub enum Outcome {
    /// Read and analysed; nothing for the rules or the project model.
    Clean,
    /// Facts for the rules and the project model.
    Facts {
        source: Arc<SourceFile>,
        facts: Box<FileFacts>,
        global_usings: Vec<csharp::GlobalAlias>,
    },
    /// Binary data: skipped quietly.
    Binary,
    /// Could not be linted, and why.
    Error(String),
}

impl Outcome {
    pub fn facts(&self) -> Option<&FileFacts> {
        match self {
            Outcome::Facts { facts, .. } => Some(facts),
            _ => None,
        }
    }
}

/// Reads, decodes and analyses one file. `display` is the name shown in output; `globals` are
/// global usings of the file's project.
pub fn lint_file(
    path: &Path,
    kind: FileKind,
    display: &str,
    globals: &[csharp::GlobalAlias],
    max_size: u64,
) -> Outcome {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.len() > max_size => {
            return Outcome::Error(format!(
                "file is larger than the {} limit ({}); raise it with --max-filesize",
                human_size(max_size),
                human_size(metadata.len())
            ));
        }
        Ok(_) => {}
        Err(e) => return Outcome::Error(format!("cannot read: {}", io_message(&e))),
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Error(format!("cannot read: {}", io_message(&e))),
    };
    let (text, encoding) = match decode(&bytes) {
        Ok(decoded) => decoded,
        Err(_) => return Outcome::Binary,
    };
    drop(bytes);
    let (facts, global_usings) = match kind {
        FileKind::CSharp => {
            if !csharp_may_matter(&text, globals) {
                return keep_for_directives(path, display, text, encoding);
            }
            match csharp::analyze(&text, globals) {
                Ok(analysis) => (analysis.facts, analysis.global_usings),
                Err(failure) => return Outcome::Error(failure.to_string()),
            }
        }
        FileKind::PowerShell if !powershell_may_matter(&text) => {
            return keep_for_directives(path, display, text, encoding);
        }
        FileKind::VisualBasic if !vb_may_matter(&text) => {
            return keep_for_directives(path, display, text, encoding);
        }
        FileKind::Cpp => {
            if !cpp::may_matter(&text) {
                return keep_for_directives(path, display, text, encoding);
            }
            // A header's definitions reach every file that includes it: fixes do not edit them.
            match cpp::analyze_unit(&text, cpp::Unit::of(path)) {
                Ok(facts) => (facts, Vec::new()),
                Err(failure) => return Outcome::Error(failure.to_string()),
            }
        }
        _ => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            match lang::analyze_markup(kind, &text, &name) {
                Ok(facts) => (facts, Vec::new()),
                Err(message) => return Outcome::Error(message),
            }
        }
    };
    if facts.is_empty() && global_usings.is_empty() {
        return keep_for_directives(path, display, text, encoding);
    }
    Outcome::Facts {
        source: SourceFile::new(display.to_owned(), text, encoding),
        facts: Box::new(facts),
        global_usings,
    }
}

/// A file with nothing for the rules is still kept when it holds suppression directives (they
/// may be unused, which `--report-unused-suppressions` reports).
fn keep_for_directives(
    _path: &Path,
    display: &str,
    text: String,
    encoding: crate::source::Encoding,
) -> Outcome {
    if crate::suppress::may_hold_directives(&text) {
        Outcome::Facts {
            source: SourceFile::new(display.to_owned(), text, encoding),
            facts: Box::default(),
            global_usings: Vec::new(),
        }
    } else {
        Outcome::Clean
    }
}

/// The prefilter: a C# file can only matter if it mentions one of the interesting tokens (or a
/// name a global using made available).
fn csharp_may_matter(text: &str, globals: &[csharp::GlobalAlias]) -> bool {
    static FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(csharp::INTERESTING_TOKENS).expect("static patterns compile")
    });
    if FINDER.is_match(text) {
        return true;
    }
    globals.iter().any(|global| match &global.alias {
        Some(alias) => text.contains(alias.as_str()),
        // `global using static System.Net.SecurityProtocolType;`: bare member names.
        None => text.contains("Tls") || text.contains("Ssl"),
    })
}

/// The prefilter for scripts, case-insensitive like PowerShell.
fn powershell_may_matter(text: &str) -> bool {
    static FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(lang::powershell::INTERESTING_TOKENS)
            .expect("static patterns compile")
    });
    FINDER.is_match(text)
}

/// The prefilter for VB.NET: the same words as for C#, compared case-insensitively (VB names
/// are). Aliases need no entry: VB declares them in the same file, naming the type.
fn vb_may_matter(text: &str) -> bool {
    static FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(lang::vb::INTERESTING_TOKENS)
            .expect("static patterns compile")
    });
    FINDER.is_match(text)
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}
