//! `tlslint sweep` and `tlslint report`: the inventory of `test-repos/` in every format
//! (checked in under `tests/expected/`, regenerated with `BLESS=1 cargo test --test sweep`),
//! determinism across `--jobs`, shards, merging, and repositories that cannot be checked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tlslint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tlslint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("tlslint runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The tool version changes with every release; the expectations should not.
fn redact(text: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    text.replace(
        &format!("\"version\": \"{version}\""),
        "\"version\": \"[version]\"",
    )
    // The HTML report's subtitle.
    .replace(&format!("tlslint {version}<"), "tlslint [version]<")
}

#[test]
fn test_repos_inventory_matches_expectations() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for (format, file) in [
        ("table", "sweep.table"),
        ("markdown", "sweep.md"),
        ("csv", "sweep.csv"),
        ("json", "sweep.json"),
        ("json-lines", "sweep.jsonl"),
        ("html", "sweep.html"),
    ] {
        // `--date` makes the recorded day (and so the expectation) independent of today.
        let mut args = vec![
            "sweep",
            "test-repos",
            "--format",
            format,
            "--date",
            "2026-11-29",
        ];
        if format == "html" {
            args.extend([
                "--link-template",
                "https://git.example.com/{repo}/blob/{commit}/{path}#L{line}",
            ]);
        }
        let output = tlslint(&root(), &args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let actual = redact(&stdout(&output));
        let expected_path = root().join("tests/expected").join(file);
        if bless {
            std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{format}: differs from {}\n--- expected\n{expected}\n--- actual\n{actual}",
                expected_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn output_is_identical_whatever_the_jobs_and_threads() {
    let run = |jobs: &str, threads: &str| {
        stdout(&tlslint(
            &root(),
            &[
                "sweep",
                "test-repos",
                "--format",
                "json",
                "--jobs",
                jobs,
                "--threads",
                threads,
            ],
        ))
    };
    let one = run("1", "1");
    assert!(one.contains("\"repositories\""));
    assert_eq!(one, run("4", "4"), "--jobs 1 and --jobs 4 differ");
    assert_eq!(
        one,
        run("3", "1"),
        "--jobs 1 and --jobs 3 --threads 1 differ"
    );
}

#[test]
fn shards_partition_the_sweep_and_report_merges_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let whole = tlslint(&root(), &["sweep", "test-repos", "--format", "json"]);
    let mut names: Vec<String> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    for k in 1..=3 {
        let file = dir.path().join(format!("shard-{k}.json"));
        let output = tlslint(
            &root(),
            &[
                "sweep",
                "test-repos",
                "--format",
                "json",
                "--shard",
                &format!("{k}/3"),
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let shard: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(shard["shard"]["index"], k);
        for repo in shard["repositories"].as_array().unwrap() {
            names.push(repo["name"].as_str().unwrap().to_owned());
        }
        files.push(file.to_str().unwrap().to_owned());
    }
    // --dry-run names the shard's share without checking it.
    let dry = tlslint(
        &root(),
        &["sweep", "test-repos", "--shard", "1/3", "--dry-run"],
    );
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    let listed: String = first["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{}\n", r["name"].as_str().unwrap()))
        .collect();
    assert_eq!(stdout(&dry), listed);
    // Every repository in exactly one shard.
    let whole_json: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
    let mut all: Vec<String> = whole_json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    all.sort();
    names.sort();
    assert_eq!(names, all);

    // Merged in any order: byte for byte the unsharded run, in every format.
    let reversed: Vec<&str> = files.iter().rev().map(String::as_str).collect();
    for format in ["json", "table", "csv", "markdown", "json-lines", "html"] {
        let mut args = vec!["report", "--format", format];
        args.extend(&reversed);
        let merged = tlslint(&root(), &args);
        assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
        let unsharded = tlslint(&root(), &["sweep", "test-repos", "--format", format]);
        assert_eq!(stdout(&merged), stdout(&unsharded), "{format}");
    }

    // A missing shard, a repeated one, or overlapping sweeps are refused.
    let missing = tlslint(&root(), &["report", &files[0], &files[1]]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("shard 3/3 missing"),
        "{}",
        stderr(&missing)
    );
    let twice = tlslint(
        &root(),
        &["report", &files[0], &files[0], &files[1], &files[2]],
    );
    assert_eq!(twice.status.code(), Some(2));
    assert!(
        stderr(&twice).contains("both shard 1/3"),
        "{}",
        stderr(&twice)
    );
    let whole_file = dir.path().join("whole.json");
    std::fs::write(&whole_file, &whole.stdout).unwrap();
    let overlap = tlslint(
        &root(),
        &[
            "report",
            whole_file.to_str().unwrap(),
            whole_file.to_str().unwrap(),
        ],
    );
    assert_eq!(overlap.status.code(), Some(2));
    assert!(
        stderr(&overlap).contains("appears in both"),
        "{}",
        stderr(&overlap)
    );
    let check_report = tlslint(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "-o",
            "/dev/null",
            "test-repos/legacy-console",
        ],
    );
    assert_eq!(check_report.status.code(), Some(1));
    #[cfg(unix)]
    {
        // Written in place, not renamed over: run as root, a rename would make it a file.
        use std::os::unix::fs::FileTypeExt;
        let null = std::fs::metadata("/dev/null").unwrap();
        assert!(null.file_type().is_char_device(), "/dev/null was replaced");
    }
    let not_sweep = dir.path().join("check.json");
    std::fs::write(&not_sweep, "{\"version\": 1, \"findings\": []}").unwrap();
    let refused = tlslint(&root(), &["report", not_sweep.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("not a sweep document"));
}

#[test]
fn report_refuses_documents_of_another_version() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = tlslint(
        &root(),
        &["sweep", "test-repos", "--format", "json", "--top", "1"],
    );
    assert_eq!(sweep.status.code(), Some(0), "{}", stderr(&sweep));
    let mut document: serde_json::Value = serde_json::from_slice(&sweep.stdout).unwrap();
    // Version 1 judged `Tls | Tls12` as `breaks`: its verdicts cannot be merged with ours.
    document["version"] = 1.into();
    let old = dir.path().join("old.json");
    std::fs::write(&old, document.to_string()).unwrap();
    let refused = tlslint(&root(), &["report", old.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("sweep document version 1, this tlslint reads version 2"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn top_findings_list_what_breaks_first() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("repos.txt");
    std::fs::write(&list, "test-repos/verdicts\n").unwrap();
    let output = tlslint(
        &root(),
        &[
            "sweep",
            "--list",
            list.to_str().unwrap(),
            "--format",
            "json",
            "--top",
            "100",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let inventory: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let top: Vec<&str> = inventory["repositories"][0]["top_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["verdict"].as_str().unwrap())
        .collect();
    let first_at_risk = top.iter().position(|v| *v != "breaks").unwrap();
    assert!(first_at_risk > 0, "{top:?}");
    assert!(
        top[first_at_risk..].iter().all(|v| *v != "breaks"),
        "breaks first: {top:?}"
    );
}

const LEGACY: &str = "class A { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11; } }\n";
const EXE_45: &str = "<Project ToolsVersion=\"15.0\">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFrameworkVersion>v4.5</TargetFrameworkVersion>\n  </PropertyGroup>\n</Project>\n";
const LIB_48: &str = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net48</TargetFramework>\n  </PropertyGroup>\n</Project>\n";

/// A folder of repositories: one that breaks, one with legacy values only in its tests, a
/// ready one, one without projects (swept all the same), one with nothing tlslint reads (swept,
/// no files), one with a broken configuration.
fn organisation() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "org/app/App/App.csproj", EXE_45);
    write(
        d,
        "org/app/App/Program.cs",
        "class P { static void Main() { } }\n",
    );
    write(d, "org/lib/src/Lib/Lib.csproj", LIB_48);
    write(d, "org/lib/src/Lib/Client.cs", "class C { }\n");
    write(d, "org/lib/tests/Lib.Tests/Lib.Tests.csproj", LIB_48);
    write(d, "org/lib/tests/Lib.Tests/Legacy.cs", LEGACY);
    write(d, "org/ready/Ready/Ready.csproj", LIB_48);
    write(d, "org/scripts/.git/HEAD", "ref: refs/heads/main\n");
    write(d, "org/scripts/Legacy.cs", LEGACY);
    write(d, "org/docs/README.md", "nothing here\n");
    write(d, "org/broken/Broken.csproj", LIB_48);
    write(d, "org/broken/tlslint.toml", "selekt = [\"ALL\"]\n");
    dir
}

#[test]
fn verdicts_errors_and_exit_codes() {
    let dir = organisation();
    let output = tlslint(dir.path(), &["sweep", "org", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let inventory: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(inventory["version"], 2);
    assert_eq!(inventory["kind"], "sweep");
    let verdicts: Vec<(String, String)> = inventory["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["verdict"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("app", "breaks"),
        ("broken", "error"),
        ("docs", "ready"),
        ("lib", "at-risk"),
        ("ready", "ready"),
        ("scripts", "breaks"),
    ];
    assert_eq!(
        verdicts,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
    );
    let broken = &inventory["repositories"][1];
    assert!(
        broken["error"].as_str().unwrap().contains("selekt"),
        "{broken}"
    );
    // No folder is left out, and none is merely counted: docs/ is in the inventory, with no
    // file read.
    let docs = &inventory["repositories"][2];
    assert_eq!(docs["files"], 0, "{docs}");
    assert!(!stderr(&output).contains("skipped"), "{}", stderr(&output));
    let dry = tlslint(dir.path(), &["sweep", "org", "--dry-run"]);
    assert_eq!(
        stdout(&dry),
        "app\nbroken\ndocs\nlib\nready\nscripts\n",
        "--dry-run names every folder the sweep checks"
    );
    // check's JSON agrees on the test project.
    let check = tlslint(&dir.path().join("org/lib"), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let projects: Vec<&str> = report["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(projects, ["ready", "at-risk"]);

    let code = |args: &[&str]| tlslint(dir.path(), args).status.code();
    assert_eq!(code(&["sweep", "org", "--fail-on", "breaks"]), Some(1));
    assert_eq!(
        code(&["sweep", "org/lib/..", "--fail-on", "never"]),
        Some(0)
    );
    assert_eq!(code(&["sweep", "missing"]), Some(2));
    assert_eq!(code(&["sweep", "org", "--shard", "5/4"]), Some(2));
    assert_eq!(code(&["sweep"]), Some(2));
    assert_eq!(code(&["sweep", "--list", "nope.txt"]), Some(2));
}

#[test]
fn lists_name_repositories_as_written() {
    let dir = organisation();
    write(
        dir.path(),
        "repos.txt",
        "# the ones we own\norg/ready\norg/docs/\n\norg/gone\n",
    );
    let output = tlslint(
        dir.path(),
        &["sweep", "--list", "repos.txt", "--format", "csv"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv = stdout(&output);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("repository,project,kind,"), "{csv}");
    assert!(rows[1].starts_with("org/docs,,repository,"), "{csv}");
    assert!(rows[1].contains(",ready,"), "{csv}");
    assert!(
        rows[2].starts_with("org/gone,,repository,") && rows[2].contains("no such file"),
        "{csv}"
    );
    assert!(rows[3].starts_with("org/ready,,repository,"), "{csv}");
    assert!(
        rows[4].starts_with("org/ready,Ready/Ready.csproj,library,"),
        "{csv}"
    );
}

/// Hand-edited documents are refused with the file's name and exit code 2: a count of 2^64-1
/// (which would wrap when added) and a rule that does not exist.
#[test]
fn report_refuses_tampered_documents() {
    let dir = organisation();
    let d = dir.path();
    let output = tlslint(d, &["sweep", "org", "--format", "json", "-o", "good.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("good.json")).unwrap()).unwrap();
    let tamper = |file: &str, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut document = good.clone();
        edit(&mut document);
        std::fs::write(d.join(file), document.to_string()).unwrap();
    };
    tamper("wrap.json", &|doc| {
        doc["repositories"][0]["findings"] = serde_json::json!(u64::MAX);
    });
    tamper("rule.json", &|doc| {
        doc["repositories"][0]["by_rule"]["TLS999"] = serde_json::json!(0);
    });
    for (file, message) in [
        ("wrap.json", "impossible counts"),
        ("rule.json", "unknown rule `TLS999`"),
    ] {
        let output = tlslint(d, &["report", file]);
        assert_eq!(output.status.code(), Some(2), "{file}: {}", stderr(&output));
        assert!(
            stderr(&output).starts_with(&format!("error: {file}: "))
                && stderr(&output).contains(message),
            "{file}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
    assert_eq!(tlslint(d, &["report", "good.json"]).status.code(), Some(0));
}

/// CSV cells from repository names and contents that a spreadsheet would run as formulas are
/// neutralised with a leading `'`; counts stay numbers.
#[test]
fn csv_cells_cannot_be_formulas() {
    let dir = organisation();
    let d = dir.path();
    write(
        d,
        "org/=HYPERLINK(\"x\")/.git/HEAD",
        "ref: refs/heads/main\n",
    );
    write(d, "org/=HYPERLINK(\"x\")/-App.csproj", EXE_45);
    write(d, "org/=HYPERLINK(\"x\")/@Legacy.cs", LEGACY);
    let output = tlslint(d, &["sweep", "org", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv = stdout(&output);
    let rows: Vec<&str> = csv
        .lines()
        .filter(|row| row.contains("HYPERLINK"))
        .collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[0].starts_with("\"'=HYPERLINK(\"\"x\"\")\",,repository,,net45,,breaks,2,"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].contains("\"'-App.csproj:") || rows[0].contains("\"'@Legacy.cs:"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].starts_with("\"'=HYPERLINK(\"\"x\"\")\",'-App.csproj,exe,"),
        "{}",
        rows[1]
    );
}

/// Repository names and paths with terminal escape sequences and line breaks are shown, not
/// acted on, in the table a terminal prints.
#[test]
fn table_cells_cannot_drive_the_terminal() {
    let dir = organisation();
    let d = dir.path();
    let name = "evil\u{1b}[2J\nrepo";
    write(
        d,
        &format!("org/{name}/.git/HEAD"),
        "ref: refs/heads/main\n",
    );
    write(
        d,
        &format!("org/{name}/App\u{1b}]0;title\u{7}.csproj"),
        EXE_45,
    );
    write(d, &format!("org/{name}/Legacy.cs"), LEGACY);
    let output = tlslint(d, &["sweep", "org", "--format", "table"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    assert!(!table.contains(['\u{1b}', '\u{7}']), "{table:?}");
    assert!(table.contains("evil\\x1B[2J\\x0Arepo"), "{table}");
}

/// Compares expectations (or blesses them) for `(name, output)` pairs under
/// `tests/expected/progress/`.
fn check_expected(outputs: &[(String, String)]) {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for (name, actual) in outputs {
        let path = root().join("tests/expected/progress").join(name);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if *actual != expected {
            failures.push(format!(
                "{name}: differs from {}\n--- expected\n{expected}\n--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const CLIENT: &str = "using System.Net;\nclass Client\n{\n    void Legacy() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11; }\n    void Older() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3; }\n}\n";

/// Two sweeps of a small organisation, a week apart: `alpha` fixes one finding and moves the
/// other down (not new, not fixed), `beta` gains a finding (ready to breaks), `gamma` leaves
/// the sweep and `delta` joins it. The old document is also rewritten as an older tlslint
/// wrote it (no date, no finding list) to show the fallbacks.
fn two_sweeps() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    write(
        &org,
        "alpha/.git/HEAD",
        "0123456789abcdef0123456789abcdef01234567\n",
    );
    write(&org, "alpha/src/Client.cs", CLIENT);
    write(&org, "beta/.git/HEAD", "ref: refs/heads/main\n");
    write(&org, "beta/src/Server.cs", "class Server { }\n");
    write(&org, "gamma/.git/HEAD", "ref: refs/heads/main\n");
    write(&org, "gamma/Old.cs", CLIENT);
    let sweep = |date: &str, file: &str| {
        let output = tlslint(
            dir.path(),
            &[
                "sweep", "org", "--format", "json", "-o", file, "--date", date,
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    };
    sweep("2026-11-22", "old.json");
    write(
        &org,
        "alpha/src/Client.cs",
        "using System.Net;\n// Moved down by two lines.\n\nclass Client\n{\n    void Legacy() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11; }\n}\n",
    );
    write(
        &org,
        "beta/src/Server.cs",
        "using System.Security.Authentication;\npublic class Server { public SslProtocols P = SslProtocols.Tls; }\n",
    );
    std::fs::remove_dir_all(org.join("gamma")).unwrap();
    write(&org, "delta/.git/HEAD", "ref: refs/heads/main\n");
    write(&org, "delta/Ok.cs", "class Ok { }\n");
    sweep("2026-11-29", "new.json");
    let mut legacy: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("old.json")).unwrap())
            .unwrap();
    legacy.as_object_mut().unwrap().remove("date");
    for repo in legacy["repositories"].as_array_mut().unwrap() {
        repo.as_object_mut().unwrap().remove("all_findings");
        repo.as_object_mut().unwrap().remove("commit");
    }
    std::fs::write(dir.path().join("legacy.json"), legacy.to_string()).unwrap();
    dir
}

#[test]
fn compare_and_history_match_expectations() {
    let dir = two_sweeps();
    let template = "https://git.example.com/{repo}/blob/{commit}/{path}#L{line}";
    let mut outputs = Vec::new();
    for (format, extension) in [
        ("table", "table"),
        ("markdown", "md"),
        ("csv", "csv"),
        ("json", "json"),
        ("json-lines", "jsonl"),
        ("html", "html"),
    ] {
        for (name, args) in [
            ("compare", vec!["--compare", "old.json", "new.json"]),
            (
                "compare-legacy",
                vec!["--compare", "legacy.json", "new.json"],
            ),
            (
                "history",
                vec!["--history", "old.json", "legacy.json", "new.json"],
            ),
        ] {
            let mut all = vec!["report", "--format", format];
            if format == "html" {
                all.extend(["--link-template", template]);
            }
            all.extend(args);
            let output = tlslint(dir.path(), &all);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            outputs.push((format!("{name}.{extension}"), redact(&stdout(&output))));
        }
    }
    check_expected(&outputs);

    // The moved finding is neither fixed nor new; what changed is.
    let output = tlslint(
        dir.path(),
        &[
            "report",
            "--format",
            "json",
            "--compare",
            "old.json",
            "new.json",
        ],
    );
    let c: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let fixed = c["fixed"].as_array().unwrap();
    assert_eq!(
        fixed.len(),
        1,
        "Ssl3 in alpha; nothing of gamma, which left"
    );
    assert_eq!(
        fixed[0]["message"].as_str().map(|m| m.contains("Ssl3")),
        Some(true)
    );
    let new = c["new_findings"].as_array().unwrap();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0]["repository"], "beta");
    let moved: Vec<_> = c["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{} {} {}", m["repository"], m["from"], m["to"]))
        .collect();
    assert_eq!(
        moved,
        [
            "\"beta\" \"ready\" \"breaks\"",
            "\"delta\" null \"ready\"",
            "\"gamma\" \"breaks\" null"
        ]
    );

    // The sweep recorded alpha's detached HEAD, and the HTML links to it.
    let html = tlslint(
        dir.path(),
        &[
            "report",
            "new.json",
            "--format",
            "html",
            "--link-template",
            template,
        ],
    );
    assert!(
        stdout(&html).contains(
            "https://git.example.com/alpha/blob/0123456789abcdef0123456789abcdef01234567/src/Client.cs#L6"
        ),
        "{}",
        stdout(&html)
    );

    // A link template outside the HTML report is a mistake, not silently ignored.
    for args in [
        vec!["report", "new.json", "--link-template", template],
        vec![
            "sweep",
            "org",
            "--format",
            "json",
            "--link-template",
            template,
        ],
    ] {
        let output = tlslint(dir.path(), &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("only to --format html"));
    }

    // --date of a merge, and dates that are no days.
    let dated = tlslint(
        dir.path(),
        &[
            "report",
            "new.json",
            "--format",
            "json",
            "--date",
            "2027-01-04",
        ],
    );
    assert!(stdout(&dated).contains("\"date\": \"2027-01-04\""));
    for bad in ["2026-02-30", "yesterday"] {
        let output = tlslint(dir.path(), &["report", "new.json", "--date", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let output = tlslint(dir.path(), &["sweep", "org", "--date", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
    }
    let mut altered: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("new.json")).unwrap())
            .unwrap();
    altered["date"] = serde_json::json!("<b>");
    std::fs::write(dir.path().join("altered.json"), altered.to_string()).unwrap();
    let output = tlslint(
        dir.path(),
        &["report", "--history", "old.json", "altered.json"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not a day"), "{}", stderr(&output));
}

/// Names from a swept repository are attacker-controlled: a folder and a file whose names
/// carry markup, quotes and `&` appear in the HTML report only as text, in its links only
/// percent-encoded, and in its script data only as JSON strings that cannot end the script.
#[test]
fn html_report_escapes_names() {
    let dir = tempfile::tempdir().unwrap();
    let repo_name = "a&b\"c'<script>x";
    let file_name = "<img src=x onerror=document.title=1>&\".cs";
    let org = dir.path().join("org");
    write(
        &org,
        &format!("{repo_name}/.git/HEAD"),
        "ref: refs/heads/main\n",
    );
    write(
        &org,
        &format!("{repo_name}/src/{file_name}"),
        "class C { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls; } }\n",
    );
    let output = tlslint(
        dir.path(),
        &[
            "sweep",
            "org",
            "--format",
            "html",
            "--date",
            "2026-11-29",
            "--link-template",
            "https://git.example.com/{repo}/blob/{commit}/{path}#L{line}",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = stdout(&output);
    assert!(html.contains("TLS001"), "the finding is reported");
    // Only the report's own three script elements; no markup from the names.
    assert_eq!(html.matches("<script").count(), 3, "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<script>x"), "{html}");
    assert!(
        html.contains("a&amp;b&quot;c&#39;&lt;script&gt;x"),
        "{html}"
    );
    assert!(
        html.contains(
            "https://git.example.com/a%26b%22c%27%3Cscript%3Ex/blob/HEAD/src/%3Cimg%20src%3Dx%20onerror%3Ddocument.title%3D1%3E%26%22.cs#L1"
        ),
        "{html}"
    );
    // The script data holds the names exactly, as JSON without `<`, `>` or `&`.
    let start = html.find("id=\"tlslint-data\">").unwrap() + "id=\"tlslint-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data = &html[start..end];
    assert!(!data.contains(['<', '>', '&']), "{data}");
    let value: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(value["repositories"][0]["name"], repo_name);
    assert!(
        value["repositories"][0]["text"]
            .as_str()
            .unwrap()
            .contains(&file_name.to_lowercase())
    );
}
