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
                "--parse-timeout",
                "2",
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
