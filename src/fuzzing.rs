//! Entry points for the fuzz targets in `fuzz/` (and for the test that replays their seed
//! corpus): one file's bytes through decoding, analysis, rules and, optionally, the fix engine,
//! all in memory. Hidden from the documentation: not a stable API.
//!
//! What must hold for every input: nothing panics; C# analysed with its quiet bodies skipped
//! finds what a full parse finds; XML the tokenizer reads gives the document tree-sitter gives;
//! and with fixes, lint → fix → lint repeated
//! converges (a pass that changes nothing) within [`MAX_PASSES`], as `--fix` promises.

use std::path::PathBuf;
use std::sync::Arc;

use crate::apply::{FixOptions, plan};
use crate::diagnostic::Finding;
use crate::engine::{CheckResult, FileReport};
use crate::facts::FileFacts;
use crate::lang::{self, FileKind, cpp, csharp};
use crate::rules::{self, FileContext};
use crate::source::{SourceFile, decode};
use crate::target::{FrameworkVersion, Target};

/// Fix passes before a file is declared not to converge (the CLI allows 10).
pub const MAX_PASSES: usize = 10;

/// The file kinds a fuzz input can be read as, with a file name for each.
pub const KINDS: [(FileKind, &str); 8] = [
    (FileKind::CSharp, "Fuzz.cs"),
    (FileKind::VisualBasic, "Fuzz.vb"),
    (FileKind::PowerShell, "fuzz.ps1"),
    (FileKind::Cpp, "fuzz.cpp"),
    (FileKind::MsBuild, "Fuzz.csproj"),
    (FileKind::Config, "web.config"),
    (FileKind::Registry, "fuzz.reg"),
    (FileKind::RuntimeConfig, "fuzz.runtimeconfig.json"),
];

/// The targets a fuzz input can be judged against (chosen by one byte of the input).
const TARGETS: [Target; 4] = [
    Target::Unknown,
    Target::Framework(FrameworkVersion::V4_0),
    Target::Framework(FrameworkVersion::new(4, 6, 1)),
    Target::Framework(FrameworkVersion::V4_8),
];

/// Analyses `text` as a file of `kind` and runs the file rules. `None` when the analyser
/// reports the file (too deep, too slow): that is an outcome, not a failure.
pub fn lint(kind: FileKind, name: &str, text: &str, target: Target) -> Option<Vec<Finding>> {
    let facts: FileFacts = match kind {
        FileKind::CSharp => csharp::analyze(text, &[]).ok()?.facts,
        FileKind::Cpp => cpp::analyze(text).ok()?,
        _ => lang::analyze_markup(kind, text, name).ok()?,
    };
    let ctx = FileContext {
        text,
        kind,
        target,
        project: None,
        fix_target: FrameworkVersion::V4_8,
    };
    let findings = rules::check_file(&ctx, &facts);
    Some(crate::suppress::apply(text, kind, findings, true, &[]))
}

/// Decodes `bytes` and lints them as `kind`; nothing may panic.
pub fn analyze(kind: FileKind, name: &str, bytes: &[u8]) {
    if let Ok((text, _)) = decode(bytes) {
        match kind {
            FileKind::CSharp => csharp::assert_skeleton_agrees(&text),
            FileKind::MsBuild | FileKind::Config => lang::xml::assert_tokenizer_agrees(&text),
            _ => {}
        }
        for target in TARGETS {
            let _ = lint(kind, name, &text, target);
        }
    }
}

/// Lints and fixes (safe and unsafe) until a pass changes nothing. Panics when that takes more
/// than [`MAX_PASSES`] passes, or when a pass produces text the next pass cannot read as the
/// same kind of file.
pub fn fix_until_stable(kind: FileKind, name: &str, bytes: &[u8], target: Target) {
    let Ok((mut text, encoding)) = decode(bytes) else {
        return;
    };
    for _ in 0..MAX_PASSES {
        let Some(mut findings) = lint(kind, name, &text, target) else {
            return;
        };
        let source = SourceFile::new(name.to_owned(), text.clone(), encoding);
        for finding in &mut findings {
            if !source.encoding.is_lossless() {
                finding.fix = None;
            }
            if let Some(fix) = &mut finding.fix {
                fix.locate(&source);
            }
        }
        let result = CheckResult {
            reports: vec![FileReport {
                path: PathBuf::from(name),
                kind,
                source: Arc::clone(&source),
                findings,
                test_code: false,
            }],
            ..CheckResult::default()
        };
        let plan = plan(&result, FixOptions { unsafe_fixes: true });
        let Some(change) = plan.changes.iter().find(|c| c.display == name) else {
            return; // nothing left to fix: converged
        };
        if change.after == text {
            return;
        }
        text = change.after.clone();
    }
    panic!("--fix did not converge in {MAX_PASSES} passes on:\n{text}");
}

/// What a fuzz target reads its input as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuzzTarget {
    /// A file of one kind (`Config` covers config and project files).
    File(FileKind),
    /// The `fix` target's convention (see [`split`]).
    Fix,
    /// Nested input built by [`nested`].
    Nesting,
}

/// The seed folders of `fuzz/seeds/` and the target each feeds.
pub const SEED_FOLDERS: [(&str, FuzzTarget); 7] = [
    ("csharp", FuzzTarget::File(FileKind::CSharp)),
    ("vb", FuzzTarget::File(FileKind::VisualBasic)),
    ("powershell", FuzzTarget::File(FileKind::PowerShell)),
    ("cpp", FuzzTarget::File(FileKind::Cpp)),
    ("xml", FuzzTarget::File(FileKind::Config)),
    ("fix", FuzzTarget::Fix),
    ("nesting", FuzzTarget::Nesting),
];

/// Runs one input the way the fuzz target of its seed folder does.
pub fn run_input(target: FuzzTarget, data: &[u8]) {
    match target {
        // One XML target covers config and project files.
        FuzzTarget::File(FileKind::Config) => {
            analyze(FileKind::Config, "web.config", data);
            analyze(FileKind::MsBuild, "Fuzz.csproj", data);
        }
        FuzzTarget::File(kind) => {
            let name = KINDS.iter().find(|(k, _)| *k == kind).map_or("", |k| k.1);
            analyze(kind, name, data);
        }
        FuzzTarget::Fix => {
            if let Some((kind, name, target, bytes)) = split(data) {
                fix_until_stable(kind, name, bytes, target);
            }
        }
        FuzzTarget::Nesting => nesting(data),
    }
}

/// The fuzz input convention: the first byte picks the kind (and the target), the rest is the
/// file.
pub fn split(data: &[u8]) -> Option<(FileKind, &'static str, Target, &[u8])> {
    let (&selector, bytes) = data.split_first()?;
    let (kind, name) = KINDS[usize::from(selector) % KINDS.len()];
    let target = TARGETS[usize::from(selector / 8) % TARGETS.len()];
    Some((kind, name, target, bytes))
}

/// The largest input [`nesting`] builds: the size tests/hostile.rs checks.
pub const MAX_NESTED_LEN: usize = 1 << 20;

/// Parses one file may take (C# tries up to three skeletons and the full text, and the
/// suppression pass parses it again): the work of analysing a file is at most this many work
/// budgets.
const PARSES_PER_FILE: u64 = 8;

/// Where a protocol value goes in each kind of file (so that every prefilter lets the file
/// through to its parser), and the text that closes the file.
const NESTING_FRAMES: [(FileKind, &str, &str, &str); 6] = [
    (
        FileKind::CSharp,
        "Fuzz.cs",
        "class A { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls + ",
        " } }\n",
    ),
    (
        FileKind::VisualBasic,
        "Fuzz.vb",
        "Module M\nSub S()\nServicePointManager.SecurityProtocol = SecurityProtocolType.Tls + ",
        "\nEnd Sub\nEnd Module\n",
    ),
    (
        FileKind::PowerShell,
        "fuzz.ps1",
        "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls + ",
        "\n",
    ),
    (
        FileKind::Cpp,
        "fuzz.cpp",
        "void f(HINTERNET h) { DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 + ",
        "; WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)); }\n",
    ),
    (
        FileKind::Config,
        "web.config",
        "<configuration><appSettings><add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto\" value=\"true\"/></appSettings>",
        "</configuration>",
    ),
    (
        FileKind::MsBuild,
        "Fuzz.csproj",
        "<Project><PropertyGroup><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup>",
        "</Project>",
    ),
];

/// What nested input is built from: brackets of every kind, closed and not, and what real code
/// puts between them.
const NESTING_PIECES: [&str; 16] = [
    "(", ")", "[", "]", "{", "}", "<a>", "</a>", "<a/>", "x", " + ", ", ", ";", "\n", "\"",
    "#if A\n",
];

/// Builds a deeply nested file from fuzzer bytes: the first byte picks the language, then
/// each pair of bytes is a piece and how many times it repeats (up to 4,096, for up to
/// [`MAX_NESTED_LEN`] bytes in all), inside a statement every prefilter lets through.
pub fn nested(data: &[u8]) -> Option<(FileKind, &'static str, String)> {
    let (&selector, rest) = data.split_first()?;
    let (kind, name, before, after) = NESTING_FRAMES[usize::from(selector) % NESTING_FRAMES.len()];
    let mut text = String::from(before);
    for pair in rest.chunks_exact(2) {
        let piece = NESTING_PIECES[usize::from(pair[0]) % NESTING_PIECES.len()];
        let times = (usize::from(pair[1]) + 1) * 16;
        if text.len() + piece.len() * times > MAX_NESTED_LEN {
            break;
        }
        for _ in 0..times {
            text.push_str(piece);
        }
    }
    text.push_str(after);
    Some((kind, name, text))
}

/// Analyses a nested file built by [`nested`]: nothing may panic, and the parsing work stays
/// within a fixed number of work budgets for its size (a file refused for its nesting is an
/// outcome, not a failure). libFuzzer's `-timeout` catches what is not parsing.
pub fn nesting(data: &[u8]) {
    let Some((kind, name, text)) = nested(data) else {
        return;
    };
    let before = lang::tree::steps_spent();
    let _ = lint(kind, name, &text, Target::Unknown);
    let spent = lang::tree::steps_spent() - before;
    // A cancelled parse stops within one progress callback (100 steps) past its budget.
    let bound = PARSES_PER_FILE * (lang::tree::step_budget(text.len()) + 100);
    assert!(
        spent <= bound,
        "{name}: {spent} parser steps for {} bytes, more than {bound}",
        text.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replays the seed corpus of every fuzz target (`fuzz/seeds/<target>/`), so that what
    /// the fuzzers start from, and every crash they found and we fixed, stays covered in CI.
    #[test]
    fn seed_corpus_replays() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
        let mut replayed = 0;
        for (target, kind) in SEED_FOLDERS {
            let Ok(entries) = std::fs::read_dir(corpus.join(target)) else {
                panic!("fuzz/seeds/{target} is missing");
            };
            for entry in entries.flatten() {
                let data = std::fs::read(entry.path()).unwrap();
                run_input(kind, &data);
                replayed += 1;
            }
        }
        assert!(replayed >= 30, "only {replayed} seeds");
    }
}
