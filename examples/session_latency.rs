//! How long the language server waits for findings after an edit: times `Session::set_buffer`
//! and `Session::check` in a large tree, for a 2,000-line C# file and for a project file, next to
//! a full `engine::check` of the same tree. Run through `benches/session-latency.sh`, which
//! makes the tree:
//!
//!     cargo run --release --example session_latency -- TREE [EDITS]
//!
//! Nothing is written to TREE: the edits are editor buffers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tlslint::engine::{self, CheckOptions, Session};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(tree) = args.next().map(PathBuf::from) else {
        eprintln!("usage: session_latency TREE [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let tree = std::path::absolute(&tree).unwrap_or(tree);
    let Some((code, project)) = files_to_edit(&tree) else {
        eprintln!("{}: no C# file beside a project file", tree.display());
        std::process::exit(2);
    };
    let options = CheckOptions::new(vec![tree.clone()], tree.clone());

    let (fresh, full) = timed(|| engine::check(&options));
    let fresh = fresh.unwrap_or_else(|e| fail(&e.to_string()));
    println!(
        "full check: {} ms ({} files checked, {} findings)",
        full.as_millis(),
        fresh.files_checked,
        fresh.finding_count()
    );

    let mut session = Session::new(options);
    let (first, took) = timed(|| session.check());
    first.unwrap_or_else(|e| fail(&e.to_string()));
    println!("session, first check: {} ms", took.as_millis());

    let (legacy, clean) = large_file_texts(2_000);
    // The 2,000-line buffer replaces the file once, untimed: what follows are edits of it.
    session.set_buffer(&code, Some(clean.clone()));
    session.check().unwrap_or_else(|e| fail(&e.to_string()));
    let code_edits = time_edits(&mut session, &code, [legacy, clean], edits);
    report("2,000-line C# file", &code, &code_edits, &session);

    let text = std::fs::read_to_string(&project).unwrap_or_else(|e| fail(&e.to_string()));
    let code_edits = time_edits(&mut session, &project, retargeted(&text), edits);
    report("project file", &project, &code_edits, &session);
    println!("peak memory: {}", peak_memory());
}

fn fail(message: &str) -> ! {
    eprintln!("session_latency: {message}");
    std::process::exit(2)
}

fn timed<T>(run: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = run();
    (out, start.elapsed())
}

/// `set_buffer` + `check` after each edit, alternating between two texts of `path`.
fn time_edits(
    session: &mut Session,
    path: &Path,
    texts: [Arc<[u8]>; 2],
    edits: usize,
) -> Vec<Duration> {
    (0..edits)
        .map(|i| {
            let text = texts[i % 2].clone();
            let (result, took) = timed(|| {
                session.set_buffer(path, Some(text));
                session.check()
            });
            result.unwrap_or_else(|e| fail(&e.to_string()));
            took
        })
        .collect()
}

fn report(what: &str, path: &Path, times: &[Duration], session: &Session) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let median = ms.get(ms.len() / 2).copied().unwrap_or(f64::NAN);
    let (min, max) = (
        ms.first().copied().unwrap_or(f64::NAN),
        ms.last().copied().unwrap_or(f64::NAN),
    );
    println!(
        "edit of a {what} ({}): median {median:.1} ms, min {min:.1}, max {max:.1} over {} edits; last scan {:?}",
        path.display(),
        ms.len(),
        session.last_scan()
    );
}

/// The first C# file (in path order) in a folder with a project file, and that project file.
fn files_to_edit(tree: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut folders = vec![tree.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&folder)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        let with = |ext: &str| {
            entries
                .iter()
                .find(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
                .cloned()
        };
        if let (Some(code), Some(project)) = (with("cs"), with("csproj")) {
            return Some((code, project));
        }
        let hidden = |p: &PathBuf| {
            p.file_name()
                .is_some_and(|n| n.as_encoded_bytes().first() == Some(&b'.'))
        };
        folders.extend(
            entries
                .into_iter()
                .rev()
                .filter(|p| p.is_dir() && !hidden(p)),
        );
    }
    None
}

/// A C# file of `lines` lines, with and without a legacy protocol in one method.
fn large_file_texts(lines: usize) -> (Arc<[u8]>, Arc<[u8]>) {
    let mut body = vec![
        "using System;".to_owned(),
        "using System.Net;".to_owned(),
        "using System.Threading;".to_owned(),
        "using System.Threading.Tasks;".to_owned(),
        String::new(),
        "namespace Org.Latency".to_owned(),
        "{".to_owned(),
        "    public sealed class Large".to_owned(),
        "    {".to_owned(),
        "        public void Configure()".to_owned(),
        "        {".to_owned(),
        "            LEGACY".to_owned(),
        "        }".to_owned(),
    ];
    let mut method = 0;
    while body.len() + 2 < lines {
        body.push(format!(
            "        public async Task<int> Order{method}Async(string input, CancellationToken ct)"
        ));
        body.push("        {".to_owned());
        for i in 0..20 {
            body.push(format!(
                "            var order{i} = await _cache.GetAsync(input, ct).ConfigureAwait(false); // order {i}"
            ));
        }
        body.push("            return input.Length;".to_owned());
        body.push("        }".to_owned());
        method += 1;
    }
    body.push("    }".to_owned());
    body.push("}".to_owned());
    let text = body.join("\r\n");
    let legacy = text.replace(
        "LEGACY",
        "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;",
    );
    let clean = text.replace("LEGACY", "Console.WriteLine(\"configured\");");
    (
        Arc::from(legacy.into_bytes()),
        Arc::from(clean.into_bytes()),
    )
}

/// The project file's text targeting .NET Framework 4.0, and targeting 4.8.
fn retargeted(project: &str) -> [Arc<[u8]>; 2] {
    let with = |framework: &str, version: &str| -> Arc<[u8]> {
        let mut out = String::new();
        for line in project.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("<TargetFramework>") {
                out.push_str(&format!(
                    "    <TargetFramework>{framework}</TargetFramework>"
                ));
            } else if trimmed.starts_with("<TargetFrameworkVersion>") {
                out.push_str(&format!(
                    "    <TargetFrameworkVersion>{version}</TargetFrameworkVersion>"
                ));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        Arc::from(out.into_bytes())
    };
    [with("net40", "v4.0"), with("net48", "v4.8")]
}

/// The process's peak resident memory (Linux), or "unknown".
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
