//! A tree of hostile input: tlslint must finish, report every problem file once with a reason,
//! skip binary files quietly, and still report the findings in every other file.

use std::path::Path;
use std::process::Command;

const LEGACY: &str = "class A { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11; } }\n";

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = (if bom { "\u{feff}" } else { "" })
        .encode_utf16()
        .chain(text.encode_utf16());
    for unit in units {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// Deterministic pseudo-random bytes (no dependency, same tree every run).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn hostile_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let deep = 20_000;

    // Files that must still be linted, with the finding each holds.
    let good: Vec<(String, Vec<u8>)> = vec![
        ("good/Legacy.cs".into(), LEGACY.into()),
        (
            "good/Minified.cs".into(),
            format!(
                "{}{}",
                "class B { int x = 1; } ".repeat(20_000),
                LEGACY.trim_end()
            )
            .into(),
        ),
        ("good/utf16le-bom.cs".into(), utf16(LEGACY, false, true)),
        ("good/utf16be-bom.cs".into(), utf16(LEGACY, true, true)),
        ("good/utf16le.cs".into(), utf16(LEGACY, false, false)),
        ("good/utf16be.cs".into(), utf16(LEGACY, true, false)),
        (
            "good/invalid-utf8.cs".into(),
            [b"// caf\xe9 \xff\xfe\n".as_slice(), LEGACY.as_bytes()].concat(),
        ),
        // Types nested 20,000 deep with directive groups inside, none of which matters: left
        // out of the parse whole (in time linear in the depth), so the code after them is
        // linted.
        (
            "good/DeepTypes.cs".into(),
            format!(
                "namespace N {{\n{}{}{}}}\n{LEGACY}",
                "class C {\n".repeat(deep),
                "#if A\n#else\n#endif\n".repeat(deep),
                "}\n".repeat(deep)
            )
            .into(),
        ),
        ("good/with space/A `b`+c.cs".into(), LEGACY.into()),
        ("good/ünïcödé/Ωmega.cs".into(), LEGACY.into()),
        (format!("good/{}.cs", "n".repeat(200)), LEGACY.into()),
        (
            "good/Broken.cs".into(),
            format!("class C {{ void M( {{ {} ]]] )", LEGACY).into(),
        ),
    ];
    // A file that stalled tree-sitter-xml for longer than the budget given below: it names a
    // switch (so the prefilter lets it through) and is malformed (so the strict scanner hands
    // it to tree-sitter, whose scanner is slow on deep nesting). Now refused before the parse.
    let slow = format!(
        "<configuration><appSettings><add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto\" value=\"true\"/></appSettings>{}{}</b></configuration>",
        "<a>".repeat(deep),
        "</a>".repeat(deep)
    );
    // Files that must be reported, with a word of the reason.
    let bad: Vec<(String, Vec<u8>, &str)> = vec![
        (
            "bad/Deep.cs".into(),
            format!(
                "class C {{ void M() {{ System.Net.ServicePointManager.SecurityProtocol = {}System.Net.SecurityProtocolType.Tls11{}; }} }}",
                "(".repeat(deep),
                ")".repeat(deep)
            )
            .into(),
            "nested",
        ),
        (
            "bad/Deep.ps1".into(),
            format!(
                "[Net.ServicePointManager]::SecurityProtocol = {}[Net.SecurityProtocolType]::Tls11{}",
                "(".repeat(deep),
                ")".repeat(deep)
            )
            .into(),
            "nested",
        ),
        (
            "bad/Deep.vb".into(),
            format!(
                "Module M\nSub S()\nServicePointManager.SecurityProtocol = {}SecurityProtocolType.Tls11{}\nEnd Sub\nEnd Module\n",
                "(".repeat(deep),
                ")".repeat(deep)
            )
            .into(),
            "nested",
        ),
        (
            "bad/deep.cpp".into(),
            format!(
                "void f(HINTERNET h) {{ DWORD p = {}WINHTTP_FLAG_SECURE_PROTOCOL_TLS1{}; WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)); }}",
                "(".repeat(deep),
                ")".repeat(deep)
            )
            .into(),
            "nested",
        ),
        ("bad/Slow.config".into(), slow.into(), "nested"),
        (
            "bad/Huge.cs".into(),
            LEGACY.repeat(3 * 1024 * 1024 / LEGACY.len() + 1).into(),
            "larger than",
        ),
        (
            "bad/app.runtimeconfig.json".into(),
            format!("{}{}", "[".repeat(deep), "]".repeat(deep)).into(),
            "JSON",
        ),
    ];
    // Skipped quietly.
    let binary: Vec<(String, Vec<u8>)> = vec![
        ("bin/Random.cs".into(), noise(64 * 1024, 7)),
        ("bin/Random.ps1".into(), noise(4096, 11)),
        (
            "bin/Nul.cs".into(),
            [LEGACY.as_bytes(), b"\0\0\0\x01\x02"].concat(),
        ),
    ];
    for (path, bytes) in &good {
        write(root, path, bytes);
    }
    for (path, bytes, _) in &bad {
        write(root, path, bytes);
    }
    for (path, bytes) in &binary {
        write(root, path, bytes);
    }
    // Truncations of a real file: every prefix of a few kinds.
    let project = "<Project><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup></Project>";
    write(root, "cut/Cut.csproj", &project.as_bytes()[..60]);
    write(root, "cut/Cut.cs", &LEGACY.as_bytes()[..90]);
    write(
        root,
        "cut/Cut.vb",
        b"Module M\nSub S()\nServicePointManager.SecurityProtocol = (SecurityProtocolType.Tls11",
    );
    write(
        root,
        "cut/Cut.ps1",
        b"[Net.ServicePointManager]::SecurityProtocol = [Net.Secu",
    );
    write(
        root,
        "cut/App.config",
        b"<configuration><runtime><AppContextSwitch",
    );

    #[cfg(unix)]
    let unreadable = {
        use std::os::unix::fs::{PermissionsExt, symlink};
        // Symbolic link loops and dangling links are not followed.
        std::fs::create_dir_all(root.join("links")).unwrap();
        symlink(root.join("links/b"), root.join("links/a")).unwrap();
        symlink(root.join("links/a"), root.join("links/b")).unwrap();
        symlink(root.join("links"), root.join("links/self")).unwrap();
        symlink(root.join("nowhere.cs"), root.join("links/dangling.cs")).unwrap();
        write(root, "locked/Locked.cs", LEGACY.as_bytes());
        write(root, "closed/Inside.cs", LEGACY.as_bytes());
        let lock = |path: &str, mode| {
            std::fs::set_permissions(root.join(path), std::fs::Permissions::from_mode(mode))
                .unwrap();
        };
        lock("locked/Locked.cs", 0o000);
        lock("closed", 0o000);
        // Root (as in many CI containers) reads everything anyway: then nothing is unreadable.
        let denied = std::fs::read(root.join("locked/Locked.cs")).is_err();
        (denied, move || {
            lock("locked/Locked.cs", 0o644);
            lock("closed", 0o755);
        })
    };

    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_tlslint"))
            .current_dir(root)
            .args([
                "check",
                "--format",
                "json",
                "--no-config",
                "--max-filesize",
                "2M",
                // Generous: a debug build on a loaded two-core CI machine needs seconds for
                // `good/Minified.cs`; a parse that runs away still fails the test (as an
                // unexpected error) well before the 60 s default.
                "--parse-timeout",
                "20",
                "--threads",
                threads,
                ".",
            ])
            .env_remove("TLSLINT_OUTPUT_FORMAT")
            .output()
            .expect("tlslint runs")
    };
    let output = run("2");
    #[cfg(unix)]
    (unreadable.1)();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "findings, and no failure of the run: {stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

    let found: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "TLS001")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for (path, _) in &good {
        assert!(
            found.contains(&path.as_str()),
            "{path}: finding lost; {found:?}"
        );
    }
    let errors: Vec<(&str, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    for (path, _, reason) in &bad {
        let listed: Vec<&(&str, &str)> = errors.iter().filter(|(p, _)| p == path).collect();
        assert_eq!(listed.len(), 1, "{path} is reported once: {errors:?}");
        assert!(
            listed[0].1.contains(reason),
            "{path}: `{}` should say `{reason}`",
            listed[0].1
        );
    }
    for (path, _) in &binary {
        assert!(
            !errors.iter().any(|(p, _)| p == path) && !found.contains(&path.as_str()),
            "{path}: binary files are skipped quietly"
        );
    }
    #[cfg(unix)]
    if unreadable.0 {
        for path in ["locked/Locked.cs", "closed"] {
            assert!(
                errors.iter().any(|(p, _)| *p == path),
                "{path} is reported: {errors:?}"
            );
        }
    }
    let known: Vec<&str> = bad
        .iter()
        .map(|(p, _, _)| p.as_str())
        .chain(["locked/Locked.cs", "closed"])
        .collect();
    for (path, message) in &errors {
        assert!(
            known.contains(path),
            "unexpected error for {path}: {message}"
        );
    }

    // The same tree gives the same report with one thread.
    #[cfg(unix)]
    if !unreadable.0 {
        assert_eq!(run("1").stdout, output.stdout);
    }
}

/// Runs tlslint in `dir` and fails the test, instead of hanging it, when the run takes longer
/// than a minute (a FIFO opened for reading waits for a writer forever).
fn run_bounded(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tlslint"))
        .current_dir(dir)
        .args(args)
        .env_remove("TLSLINT_OUTPUT_FORMAT")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tlslint runs");
    // Drained while it runs: a report larger than the pipe's buffer would block it otherwise.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut bytes).expect("reads the pipe");
            }
            bytes
        })
    };
    use std::io::Read;
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tlslint {args:?} did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

/// Makes a FIFO with the system's `mkfifo` (std cannot); false where there is none.
#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// FIFOs named on the command line are reported, not opened; the other files are checked.
#[cfg(unix)]
#[test]
fn named_fifos_are_reported_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "Good.cs", LEGACY.as_bytes());
    if !(mkfifo(&root.join("Fifo.cs")) && mkfifo(&root.join("web.config"))) {
        return;
    }
    let output = run_bounded(
        root,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "Fifo.cs",
            "web.config",
            "Good.cs",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("warning: Fifo.cs: not a regular file (a FIFO)")
            && stderr.contains("warning: web.config: not a regular file (a FIFO)"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["findings"][0]["path"], "Good.cs");
    assert_eq!(report["errors"].as_array().unwrap().len(), 2, "{report}");
    // A walked FIFO is skipped, as before.
    let walked = run_bounded(root, &["check", "--no-config", "."]);
    assert_eq!(walked.status.code(), Some(1));
}

/// A symbolic link loop and a dangling link named on the command line are the same kind of
/// problem as a missing path: an error naming it, and exit code 2.
#[cfg(unix)]
#[test]
fn named_links_that_do_not_resolve_are_usage_errors() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "Good.cs", LEGACY.as_bytes());
    symlink(root.join("Loop.cs"), root.join("Loop.cs")).unwrap();
    symlink(root.join("nowhere.cs"), root.join("Dangling.cs")).unwrap();
    for (path, message) in [
        (
            "Loop.cs",
            "error: Loop.cs: symbolic link loop: the path cannot be resolved",
        ),
        (
            "Dangling.cs",
            "error: Dangling.cs: dangling symbolic link: its target does not exist",
        ),
        ("Missing.cs", "error: Missing.cs: no such file or directory"),
    ] {
        let output = run_bounded(root, &["check", "--no-config", path, "Good.cs"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{path}: {stderr}");
        assert!(stderr.contains(message), "{path}: {stderr}");
    }
}

/// `--threads` far above the cores is lowered (with a note), finishes quickly and gives the
/// same output as one thread.
#[test]
fn absurd_thread_counts_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/Legacy.cs", LEGACY.as_bytes());
    let run = |threads: &str| {
        run_bounded(
            dir.path(),
            &[
                "check",
                "--no-config",
                "--format",
                "json",
                "--threads",
                threads,
                ".",
            ],
        )
    };
    let many = run("5000");
    let stderr = String::from_utf8_lossy(&many.stderr);
    assert_eq!(many.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("note: --threads 5000 lowered to "),
        "{stderr}"
    );
    let one = run("1");
    assert!(
        one.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert_eq!(many.stdout, one.stdout);
}

/// File names that are not UTF-8 are checked, walked or named, and shown without loss: escaped
/// in text, lossy plus escaped bytes in JSON, percent-encoded bytes in SARIF.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_checked_and_shown_without_loss() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let name = |bytes: &[u8]| root.join(std::ffi::OsStr::from_bytes(bytes));
    std::fs::create_dir_all(name(b"d\xff")).unwrap();
    // Some file systems (APFS) refuse such names: nothing to test there.
    if std::fs::write(name(b"d\xff/caf\xe9.cs"), LEGACY).is_err() {
        return;
    }
    std::fs::write(name(b"d\xff/big\xe9.cs"), LEGACY.repeat(100)).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["check", "--no-config", "--max-filesize", "1K"];
        all.extend_from_slice(args);
        run_bounded(root, &all)
    };
    let concise = run(&["--format", "concise", "."]);
    let text = String::from_utf8(concise.stdout).unwrap();
    assert_eq!(concise.status.code(), Some(1));
    assert!(text.starts_with("d\\xFF/caf\\xE9.cs:1:"), "{text}");
    let stderr = String::from_utf8_lossy(&concise.stderr);
    assert!(
        stderr.contains("warning: d\\xFF/big\\xE9.cs: file is larger"),
        "{stderr}"
    );

    let json = run(&["--format", "json", "."]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(finding["path"], "d\u{fffd}/caf\u{fffd}.cs");
    assert_eq!(finding["path_bytes"], "d\\xFF/caf\\xE9.cs");
    assert_eq!(report["errors"][0]["path_bytes"], "d\\xFF/big\\xE9.cs");

    let sarif = run(&["--format", "sarif", "."]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "d%FF/caf%E9.cs");

    // Named explicitly, with the name as bytes.
    let named = Command::new(env!("CARGO_BIN_EXE_tlslint"))
        .current_dir(root)
        .args(["check", "--no-config", "--format", "concise"])
        .arg(std::ffi::OsStr::from_bytes(b"d\xff/caf\xe9.cs"))
        .env_remove("TLSLINT_OUTPUT_FORMAT")
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&named.stdout).starts_with("d\\xFF/caf\\xE9.cs:1:"),
        "{}",
        String::from_utf8_lossy(&named.stdout)
    );
}

/// A `tlslint.toml` that is a folder or a FIFO is an error naming it (as invalid TOML is); an
/// `.editorconfig` FIFO or folder is a warning naming it. Nothing waits on a FIFO.
#[cfg(unix)]
#[test]
fn configuration_files_that_are_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "folder/Legacy.cs", LEGACY.as_bytes());
    std::fs::create_dir_all(root.join("folder/tlslint.toml")).unwrap();
    let output = run_bounded(root, &["check", "folder"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("tlslint.toml: not a regular file (a folder)"),
        "{stderr}"
    );

    write(root, "fifo/Legacy.cs", LEGACY.as_bytes());
    if !(mkfifo(&root.join("fifo/tlslint.toml")) && mkfifo(&root.join("fifo/.editorconfig"))) {
        return;
    }
    for args in [
        &["check", "fifo"][..],
        &["check", "--config", "fifo/tlslint.toml", "fifo"],
    ] {
        let output = run_bounded(root, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("tlslint.toml: not a regular file (a FIFO)"),
            "{args:?}: {stderr}"
        );
    }
    std::fs::remove_file(root.join("fifo/tlslint.toml")).unwrap();
    write(root, "fifo/tlslint.toml", b"");
    let output = run_bounded(root, &["check", "--format", "concise", "fifo"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("warning: fifo/.editorconfig: not a regular file (a FIFO); ignored"),
        "{stderr}"
    );
}

/// A megabyte of nesting of every kind, closed and unclosed, in every language: each file
/// finishes (the test would hang otherwise: the analyses were quadratic in the depth), is
/// reported once with a reason that names the nesting, never with the machine-dependent
/// wall-clock message. No timing is asserted: a slow or busy machine must not fail it.
#[test]
fn a_megabyte_of_nesting_in_every_language() {
    const MB: usize = 1 << 20;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // (file, text before the brackets, text after): the brackets sit where a protocol value
    // goes, so the prefilters let every file through to its parser.
    let kinds: [(&str, &str, &str); 6] = [
        (
            "Deep.cs",
            "class A { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls + ",
            " } }\n",
        ),
        (
            "Deep.ps1",
            "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls + ",
            "\n",
        ),
        (
            "deep.cpp",
            "void f(HINTERNET h) { DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 + ",
            "; WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)); }\n",
        ),
        (
            "Deep.vb",
            "Module M\nSub S()\nServicePointManager.SecurityProtocol = SecurityProtocolType.Tls + ",
            "\nEnd Sub\nEnd Module\n",
        ),
        (
            "Web.config",
            "<configuration><appSettings><add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto\" value=\"true\"/></appSettings>",
            "</configuration>",
        ),
        (
            "Deep.csproj",
            "<Project><PropertyGroup><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup>",
            "</Project>",
        ),
    ];
    let mut expected = Vec::new();
    for (name, before, after) in kinds {
        let xml = name.ends_with("config") || name.ends_with("proj");
        let brackets: &[(&str, &str)] = if xml {
            &[("<a>", "</a>")]
        } else {
            &[("(", ")"), ("[", "]"), ("{", "}")]
        };
        for (b, (open, close)) in brackets.iter().enumerate() {
            for closed in [false, true] {
                let pair = open.len() + if closed { close.len() } else { 0 };
                let depth = MB / pair;
                let text = format!(
                    "{before}{}{}{after}",
                    open.repeat(depth),
                    if closed {
                        close.repeat(depth)
                    } else {
                        String::new()
                    }
                );
                let path = format!("{}-{b}/{name}", if closed { "closed" } else { "open" });
                write(root, &path, text.as_bytes());
                expected.push(path);
            }
        }
    }
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_tlslint"))
            .current_dir(root)
            .args([
                "check",
                "--format",
                "json",
                "--no-config",
                "--threads",
                threads,
                ".",
            ])
            .env_remove("TLSLINT_OUTPUT_FORMAT")
            .output()
            .expect("tlslint runs")
    };
    let output = run("2");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<(&str, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    for path in &expected {
        // VB reads `[…]` as escaped names, not nesting: nothing to report there, as long as
        // it finishes.
        if path.ends_with(".vb") && path.contains("-1/") {
            continue;
        }
        let listed: Vec<&str> = errors
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, m)| *m)
            .collect();
        assert_eq!(listed.len(), 1, "{path} is reported once: {errors:?}");
        assert!(
            ["nested", "in a row", "work budget"]
                .iter()
                .any(|reason| listed[0].contains(reason)),
            "{path}: `{}` should name the nesting",
            listed[0]
        );
        assert!(
            !listed[0].contains("depends on the machine"),
            "{path}: stopped by the clock, not by the work budget: {}",
            listed[0]
        );
    }
    assert_eq!(
        run("1").stdout,
        output.stdout,
        "same report with one thread"
    );
}
