//! Command-line behaviour: exit codes, selection, configuration errors, file arguments,
//! ignore files, output destinations. Each test builds its own tree in a temporary folder.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{stderr, stdout, tlslint, write};

const LEGACY: &str = "class A { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11; } }\n";
const PIN: &str = "class B { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls12; } }\n";
const SWITCH: &str = "class S { void M() { System.AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", true); } }\n";

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean/Ok.cs", "class Ok { }\n");
    write(dir.path(), "note/Pin.cs", PIN);
    write(dir.path(), "error/Legacy.cs", LEGACY);
    let code = |args: &[&str]| tlslint(dir.path(), args).status.code();
    assert_eq!(code(&["check", "clean"]), Some(0));
    assert_eq!(
        code(&["check", "note"]),
        Some(0),
        "notes do not fail by default"
    );
    assert_eq!(code(&["check", "--fail-on", "note", "note"]), Some(1));
    assert_eq!(code(&["check", "error"]), Some(1));
    assert_eq!(code(&["check", "--exit-zero", "error"]), Some(0));
    assert_eq!(code(&["check", "--fail-on", "never", "error"]), Some(0));
    assert_eq!(code(&["check", "--fail-on", "sometimes", "error"]), Some(2));
}

#[test]
fn select_and_ignore_by_id_or_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Legacy.cs", LEGACY);
    write(dir.path(), "Switch.cs", SWITCH);
    let concise = |args: &[&str]| {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        stdout(&tlslint(dir.path(), &all))
    };
    let only_switch = concise(&["--select", "strong-crypto-disabled"]);
    assert!(
        only_switch.contains("TLS004") && !only_switch.contains("TLS001"),
        "{only_switch}"
    );
    let no_tls001 = concise(&["--ignore", "TLS001"]);
    assert!(
        no_tls001.contains("TLS004") && !no_tls001.contains("TLS001"),
        "{no_tls001}"
    );
    let both = concise(&["--select", "TLS001,TLS004"]);
    assert_eq!(both.lines().count(), 2, "{both}");
    let unknown = tlslint(dir.path(), &["check", "--select", "TLS042"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("TLS042"));
}

#[test]
fn configuration_errors_name_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Legacy.cs", LEGACY);
    write(dir.path(), "tlslint.toml", "ignored = [\"TLS001\"]\n");
    let output = tlslint(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("tlslint.toml") && message.contains("ignored"),
        "{message}"
    );
    // --no-config skips the broken file; --config picks another one.
    assert_eq!(
        tlslint(dir.path(), &["check", "--no-config"]).status.code(),
        Some(1)
    );
    write(dir.path(), "other.toml", "ignore = [\"TLS001\"]\n");
    assert_eq!(
        tlslint(dir.path(), &["check", "--config", "other.toml"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn config_is_found_upwards_from_the_path() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "repo/.tlslint.toml", "ignore = [\"TLS001\"]\n");
    write(dir.path(), "repo/src/deep/Legacy.cs", LEGACY);
    assert_eq!(
        tlslint(dir.path(), &["check", "repo/src/deep"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        tlslint(dir.path(), &["check", "repo/src/deep/Legacy.cs"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn explicit_files_unsupported_files_and_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Legacy.cs", LEGACY);
    write(dir.path(), "Pin.cs", PIN);
    write(dir.path(), "notes.txt", "SecurityProtocolType.Tls\n");
    let output = tlslint(
        dir.path(),
        &["check", "--format", "concise", "Pin.cs", "notes.txt"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).starts_with("Pin.cs:1:"),
        "{}",
        stdout(&output)
    );
    let missing = tlslint(dir.path(), &["check", "Legacy.cs", "Nope.cs"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("Nope.cs: no such file or directory"));
}

#[test]
fn ignore_files_hidden_folders_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "build/\n");
    write(dir.path(), "build/Gen.cs", LEGACY);
    write(dir.path(), ".vs/Scratch.cs", LEGACY);
    write(dir.path(), "vendor/Lib.cs", LEGACY);
    write(dir.path(), "src/Ok.cs", "class Ok { }\n");
    let count = |args: &[&str]| {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        stdout(&tlslint(dir.path(), &all)).lines().count()
    };
    assert_eq!(count(&[]), 1, "only vendor/Lib.cs");
    assert_eq!(count(&["--exclude", "vendor/"]), 0);
    assert_eq!(count(&["--no-ignore"]), 2);
    assert_eq!(count(&["--hidden"]), 2);
    assert_eq!(count(&["--hidden", "--no-ignore"]), 3);
    // Explicit files are linted even when ignored, unless --force-exclude.
    assert_eq!(count(&["build/Gen.cs"]), 1);
    assert_eq!(count(&["--force-exclude", "build/Gen.cs"]), 0);
    assert_eq!(
        count(&["--force-exclude", "--exclude", "vendor/", "vendor/Lib.cs"]),
        0
    );
}

#[test]
fn summary_line_goes_to_stderr_for_human_formats_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Legacy.cs", LEGACY);
    write(dir.path(), "Pin.cs", PIN);
    write(dir.path(), "Ok.cs", "class Ok { }\n");
    let human = tlslint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(stderr(&human), "2 findings (1 error, 1 note) in 2 files\n");
    let quiet = tlslint(dir.path(), &["check", "--format", "concise", "--quiet"]);
    assert_eq!(stderr(&quiet), "");
    let json = tlslint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(stderr(&json), "");
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["summary"]["files"], 3);
    assert_eq!(value["summary"]["findings"], 2);
    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "Ok.cs", "class Ok { }\n");
    assert_eq!(
        stderr(&tlslint(clean.path(), &["check"])),
        "no findings in 1 file\n"
    );
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Legacy.cs", LEGACY);
    let output = tlslint(
        dir.path(),
        &["check", "--format", "json", "-o", "report.json"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["findings"][0]["rule"], "TLS001");
    let unwritable = tlslint(dir.path(), &["check", "-o", "no/such/folder/report.txt"]);
    assert_eq!(unwritable.status.code(), Some(2));
}

#[test]
fn unreadable_and_binary_files_do_not_stop_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Legacy.cs", LEGACY);
    std::fs::write(
        dir.path().join("Assembly.cs"),
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
    )
    .unwrap();
    write(dir.path(), "Big.cs", &"// padding\n".repeat(200));
    let output = tlslint(
        dir.path(),
        &["check", "--format", "json", "--max-filesize", "1K"],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "bad files never make the exit code 2"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(report["errors"][0]["path"], "Big.cs");
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("larger than")
    );
    assert_eq!(
        report["errors"].as_array().unwrap().len(),
        1,
        "binary files are skipped quietly"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("Locked.cs");
        std::fs::write(&locked, LEGACY).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_err() {
            // (root can read anything; the check only means something for other users)
            let output = tlslint(dir.path(), &["check", "--format", "json"]);
            let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            let errors = report["errors"].as_array().unwrap();
            assert!(
                errors.iter().any(|e| e["path"] == "Locked.cs"),
                "{errors:?}"
            );
            assert_eq!(output.status.code(), Some(1));
        }
    }
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let table = stdout(&tlslint(dir.path(), &["rules"]));
    for id in ["TLS001", "TLS002", "TLS003", "TLS004"] {
        assert!(table.contains(id), "{table}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&tlslint(dir.path(), &["rules", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(json[0]["id"], "TLS001");
    assert_eq!(json[0]["name"], "deprecated-security-protocol");
    let explain = tlslint(dir.path(), &["explain", "tls002"]);
    assert_eq!(explain.status.code(), Some(0));
    assert!(stdout(&explain).contains("## Why is this bad?"));
    assert_eq!(
        tlslint(dir.path(), &["explain", "TLS999"]).status.code(),
        Some(2)
    );
}

#[test]
fn explicit_files_are_judged_with_their_project_as_context() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "repo/App/App.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net452</TargetFramework></PropertyGroup></Project>\n",
    );
    write(
        dir.path(),
        "repo/App/Program.cs",
        "class P { static void Main() { } }\n",
    );
    write(dir.path(), "repo/App/Net/Pin.cs", PIN);
    let concise = |args: &[&str]| {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        stdout(&tlslint(dir.path(), &all))
    };
    // On net452 an explicit TLS 1.2 is the remedy, not a pin: the project is read for context.
    assert_eq!(concise(&["repo/App/Net/Pin.cs"]), "");
    // The project file alone: its code is read for context, and Pin.cs opts in to TLS 1.2.
    let project = concise(&["repo/App/App.csproj"]);
    assert!(
        project.contains("TLS005") && !project.contains("TLS006"),
        "{project}"
    );
    std::fs::remove_file(dir.path().join("repo/App/Net/Pin.cs")).unwrap();
    let project = concise(&["repo/App/App.csproj"]);
    assert!(project.contains("TLS006"), "{project}");
    // Only findings in the named files are reported.
    assert!(!concise(&["repo/App/Program.cs"]).contains("App.csproj"));
}

#[test]
fn a_target_inherited_from_above_the_checked_folder_decides_the_verdict() {
    // Issue 17 item 7: checking `src/App` of a net40 exe whose target comes from the root's
    // Directory.Build.props gave no finding and `ready`; a check from the root gave `breaks`.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Directory.Build.props",
        "<Project>\n  <PropertyGroup>\n    <TargetFrameworkVersion>v4.0</TargetFrameworkVersion>\n  </PropertyGroup>\n</Project>\n",
    );
    write(
        dir.path(),
        "src/App/App.csproj",
        "<Project ToolsVersion=\"15.0\">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n  <ItemGroup>\n    <Compile Include=\"Program.cs\" />\n  </ItemGroup>\n</Project>\n",
    );
    write(
        dir.path(),
        "src/App/Program.cs",
        "class P { static void Main() { } }\n",
    );
    let json = |path: &str| -> serde_json::Value {
        let output = tlslint(dir.path(), &["check", "--format", "json", path]);
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let rules = |report: &serde_json::Value| -> Vec<(String, String)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["path"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let from_root = json(".");
    let from_app = json("src/App");
    assert_eq!(from_root["projects"][0]["verdict"], "breaks");
    assert_eq!(from_app["projects"][0]["verdict"], "breaks", "{from_app}");
    assert_eq!(
        rules(&from_app),
        [
            ("TLS005".to_owned(), "src/App/App.csproj".to_owned()),
            ("TLS006".to_owned(), "src/App/App.csproj".to_owned())
        ]
    );
    let finding = &from_app["findings"][0];
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        finding["message"].as_str().unwrap().ends_with(
            "(inherited from `<TargetFrameworkVersion>` in Directory.Build.props:3, outside the checked paths)"
        ),
        "{finding}"
    );
    // TLS005's fix would edit the props file, which was not checked: none. TLS006's fix
    // creates App.config beside the project, inside the checked folder, and converges.
    assert!(finding["fix"].is_null());
    assert!(!from_app["findings"][1]["fix"].is_null());
    let output = tlslint(dir.path(), &["check", "--unsafe-fixes", "src/App"]);
    assert!(
        dir.path().join("src/App/App.config").exists(),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        rules(&json("src/App")),
        [("TLS005".to_owned(), "src/App/App.csproj".to_owned())]
    );
    assert!(
        std::fs::read_to_string(dir.path().join("Directory.Build.props"))
            .unwrap()
            .contains("v4.0"),
        "the unchecked file is never written"
    );
}

const CHAIN: &str = "class C { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11 | System.Net.SecurityProtocolType.Tls12; } }\n";

#[test]
fn fix_applies_safe_fixes_only_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Chain.cs", CHAIN);
    write(dir.path(), "Legacy.cs", LEGACY);
    let output = tlslint(dir.path(), &["check", "--fix", "--format", "concise"]);
    let chain = std::fs::read_to_string(dir.path().join("Chain.cs")).unwrap();
    assert!(
        chain.contains("= System.Net.SecurityProtocolType.Tls12;"),
        "{chain}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Legacy.cs")).unwrap(),
        LEGACY,
        "unsafe fixes wait for --unsafe-fixes"
    );
    let message = stderr(&output);
    assert!(message.contains("fixed 1 finding; 2 remaining (1 fixable with --unsafe-fixes, 1 without an automatic fix)"), "{message}");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the remaining error still fails"
    );
    let output = tlslint(
        dir.path(),
        &["check", "--unsafe-fixes", "--format", "concise"],
    );
    assert!(
        std::fs::read_to_string(dir.path().join("Legacy.cs"))
            .unwrap()
            .contains("SecurityProtocolType.Tls12")
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn diff_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Chain.cs", CHAIN);
    let output = tlslint(dir.path(), &["check", "--diff"]);
    assert_eq!(output.status.code(), Some(1));
    let diff = stdout(&output);
    assert!(
        diff.starts_with("--- a/Chain.cs\n+++ b/Chain.cs\n@@"),
        "{diff}"
    );
    assert!(
        diff.contains("-class C") && diff.contains("+class C"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Chain.cs")).unwrap(),
        CHAIN
    );
    assert!(
        stderr(&output).starts_with("would fix 1 finding\n"),
        "{}",
        stderr(&output)
    );
    // Two fixes in two files: the plural.
    write(
        dir.path(),
        "Chain2.cs",
        &CHAIN.replace("class C", "class D"),
    );
    let output = tlslint(dir.path(), &["check", "--diff"]);
    assert!(
        stderr(&output).starts_with("would fix 2 findings\n"),
        "{}",
        stderr(&output)
    );
    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "Ok.cs", "class Ok { }\n");
    let output = tlslint(clean.path(), &["check", "--diff"]);
    assert_eq!(
        (output.status.code(), stdout(&output).as_str()),
        (Some(0), "")
    );
}

#[test]
fn exit_non_zero_on_fix_and_idempotence() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Chain.cs", CHAIN);
    let first = tlslint(
        dir.path(),
        &[
            "check",
            "--fix",
            "--exit-non-zero-on-fix",
            "--format",
            "concise",
        ],
    );
    assert_eq!(first.status.code(), Some(1), "something was fixed");
    let fixed = std::fs::read(dir.path().join("Chain.cs")).unwrap();
    let second = tlslint(
        dir.path(),
        &[
            "check",
            "--fix",
            "--exit-non-zero-on-fix",
            "--format",
            "concise",
        ],
    );
    assert_eq!(
        second.status.code(),
        Some(0),
        "nothing left: {}",
        stderr(&second)
    );
    assert_eq!(
        std::fs::read(dir.path().join("Chain.cs")).unwrap(),
        fixed,
        "a second run changes no byte"
    );
}

#[test]
fn fixes_keep_utf16_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = CHAIN.replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("Wide.cs"), bytes).unwrap();
    tlslint(dir.path(), &["check", "--fix"]);
    let written = std::fs::read(dir.path().join("Wide.cs")).unwrap();
    assert_eq!(&written[..2], &[0xFF, 0xFE]);
    let units: Vec<u16> = written[2..]
        .chunks(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let decoded = String::from_utf16(&units).unwrap();
    assert_eq!(
        decoded,
        text.replace("System.Net.SecurityProtocolType.Tls11 | ", "")
    );
}

#[cfg(unix)]
#[test]
fn read_only_files_and_symlinks_out_of_the_tree_are_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "repo/ReadOnly.cs", CHAIN);
    let locked = dir.path().join("repo/ReadOnly.cs");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    write(dir.path(), "outside/Target.cs", CHAIN);
    std::os::unix::fs::symlink(
        dir.path().join("outside/Target.cs"),
        dir.path().join("repo/Link.cs"),
    )
    .unwrap();
    let output = tlslint(dir.path(), &["check", "--fix", "repo", "repo/Link.cs"]);
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), CHAIN);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("outside/Target.cs")).unwrap(),
        CHAIN
    );
    let message = stderr(&output);
    // Not written, so exit code 2: each is an `error:`.
    assert!(
        message.contains("error: repo/ReadOnly.cs: fix not applied: read-only"),
        "{message}"
    );
    assert!(
        message.contains("error: repo/Link.cs: fix not applied: a symbolic link"),
        "{message}"
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a fix that could not be written is an I/O failure"
    );
}

#[test]
fn json_shows_fix_edits() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Chain.cs", CHAIN);
    let output = tlslint(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let fix = &report["findings"][0]["fix"];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["line"], 1);
    assert_eq!(
        fix["edits"][0]["content"],
        "System.Net.SecurityProtocolType.Tls12"
    );
    assert!(fix["edits"][0].get("path").is_none());
}

#[test]
fn native_code_that_cannot_offer_tls12_breaks_its_project() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Agent/Agent.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net48</TargetFramework></PropertyGroup></Project>\n",
    );
    write(
        dir.path(),
        "Agent/Native/session.cpp",
        "void Open(HINTERNET h)\n{\n    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_ALL;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n}\n",
    );
    write(
        dir.path(),
        "Modern/Modern.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net48</TargetFramework></PropertyGroup></Project>\n",
    );
    write(
        dir.path(),
        "Modern/Native/session.cpp",
        "void Open(HINTERNET h)\n{\n    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n}\n",
    );
    let output = tlslint(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["findings"][0]["rule"], "TLS008");
    assert_eq!(report["findings"][0]["path"], "Agent/Native/session.cpp");
    let verdicts: Vec<(&str, &str)> = report["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["path"].as_str().unwrap(), p["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("Agent/Agent.csproj", "breaks"),
            ("Modern/Modern.csproj", "ready")
        ]
    );
}

#[test]
fn editorconfig_severities_apply_below_tlslint_toml_and_not_with_no_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Net.cs",
        "class C { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11; } }\n",
    );
    write(
        dir.path(),
        ".editorconfig",
        "root = true\n[*.{cs,vb}]\ndotnet_diagnostic.TLS001.severity = suggestion\n",
    );
    let concise = |args: &[&str]| {
        let output = tlslint(dir.path(), args);
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(concise(&["check", "--format", "concise"]).contains("TLS001 [note]"));
    assert!(concise(&["check", "--format", "concise", "--no-config"]).contains("TLS001 [error]"));
    write(
        dir.path(),
        "tlslint.toml",
        "[severity]\nTLS001 = \"warning\"\n",
    );
    assert!(concise(&["check", "--format", "concise"]).contains("TLS001 [warning]"));
    write(
        dir.path(),
        ".editorconfig",
        "root = true\n[*.cs]\ndotnet_diagnostic.TLS001.severity = none\n",
    );
    std::fs::remove_file(dir.path().join("tlslint.toml")).unwrap();
    let output = tlslint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(output.status.code(), Some(0), "`none` turns the rule off");
}

#[test]
fn baseline_round_trip_survives_unrelated_edits_and_counts_gone_entries() {
    let dir = tempfile::tempdir().unwrap();
    let legacy = |extra: &str| {
        format!(
            "using System.Net;\nclass A\n{{\n{extra}    void M()\n    {{\n        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;\n        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;\n    }}\n}}\n"
        )
    };
    write(dir.path(), "src/A.cs", &legacy(""));
    write(dir.path(), "src/B.cs", LEGACY);
    let output = tlslint(
        dir.path(),
        &["check", "--write-baseline", "tlslint-baseline.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("wrote 3 findings"));
    let recorded: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("tlslint-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(recorded["version"], 1);
    assert_eq!(recorded["findings"][0]["path"], "src/A.cs");
    assert_eq!(recorded["findings"][0]["line"], 6);
    assert_ne!(
        recorded["findings"][0]["key"], recorded["findings"][1]["key"],
        "identical lines are told apart by their occurrence"
    );

    let check = |cwd: &Path, baseline: &str| {
        tlslint(cwd, &["check", "--format", "json", "--baseline", baseline])
    };
    let output = check(dir.path(), "tlslint-baseline.json");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["findings"], 0);
    assert_eq!(report["summary"]["baseline"]["matched"], 3);
    assert_eq!(report["summary"]["baseline"]["gone"], 0);

    // Unrelated edits move the findings; a new finding is reported; a fixed one is gone.
    write(
        dir.path(),
        "src/A.cs",
        &legacy("    // A comment and a field push everything down.\n    int count;\n"),
    );
    write(dir.path(), "src/B.cs", "class A { void M() { } }\n");
    write(dir.path(), "src/C.cs", LEGACY);
    let output = check(dir.path(), "tlslint-baseline.json");
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["findings"], 1);
    assert_eq!(report["findings"][0]["path"], "src/C.cs");
    assert_eq!(report["summary"]["baseline"]["matched"], 2);
    assert_eq!(report["summary"]["baseline"]["gone"], 1);

    // The same baseline from another working folder, and the summary line.
    let output = tlslint(
        &dir.path().join("src"),
        &["check", "--baseline", "../tlslint-baseline.json", "A.cs"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("2 more findings in the baseline"),
        "{}",
        stderr(&output)
    );

    write(
        dir.path(),
        "broken.json",
        "{\"version\": 7, \"tool\": \"x\", \"findings\": []}",
    );
    let output = check(dir.path(), "broken.json");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("version 7 is not supported"));
}

#[test]
fn force_exclude_does_not_judge_the_folders_above_the_working_folder() {
    // pre-commit and CI checkouts often live below hidden folders (`~/.cache/…`, `/tmp/.tmpX`).
    let dir = tempfile::Builder::new()
        .prefix(".hidden-checkout")
        .tempdir()
        .unwrap();
    write(dir.path(), "src/Legacy.cs", LEGACY);
    write(dir.path(), "src/Ignored/Legacy.cs", LEGACY);
    write(dir.path(), ".gitignore", "Ignored/\n");
    let output = tlslint(
        dir.path(),
        &[
            "check",
            "--force-exclude",
            "--format",
            "concise",
            "src/Legacy.cs",
            "src/Ignored/Legacy.cs",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1, "{}", stdout(&output));
    assert!(stdout(&output).starts_with("src/Legacy.cs:"));
}

#[test]
fn a_safe_fix_keeps_the_opt_in_unconditional() {
    // Issue 16's repro: deleting the body of a brace-less `if` made the TLS 1.2 opt-in after it
    // the body, so it ran only when `legacy` was true.
    let dir = tempfile::tempdir().unwrap();
    let source = "using System.Net;\nclass Startup\n{\n    static void Configure(bool legacy)\n    {\n        if (legacy)\n            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;\n        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;\n    }\n}\n";
    write(dir.path(), "Startup.cs", source);
    let output = tlslint(dir.path(), &["check", "--fix", "--format", "concise"]);
    let fixed = std::fs::read_to_string(dir.path().join("Startup.cs")).unwrap();
    assert_eq!(
        fixed,
        source.replace(
            "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;",
            "{ }"
        ),
        "{}",
        stderr(&output)
    );
    tlslint(dir.path(), &["check", "--fix", "--format", "concise"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Startup.cs")).unwrap(),
        fixed,
        "a second run changes no byte"
    );
}

#[test]
fn statistics_count_findings_and_fixes_per_rule() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos/legacy-console");
    let text = tlslint(&case, &["check", "--statistics", "."]);
    assert_eq!(
        text.status.code(),
        Some(1),
        "exit code as without --statistics"
    );
    assert_eq!(
        stdout(&text),
        "2\tTLS001\t[*] deprecated-security-protocol\n\
         2\tTLS005\t[*] legacy-target-framework\n\
         1\tTLS002\t[*] deprecated-ssl-protocols\n\
         [*] 5 of 5 findings have a fix: 2 with --fix, 3 more with --unsafe-fixes\n"
    );
    assert!(stderr(&text).contains("5 findings"), "{}", stderr(&text));

    // Across every test repository, the JSON agrees with the findings of `--format json`,
    // and the text with the JSON.
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos");
    let report: serde_json::Value = serde_json::from_slice(
        &tlslint(&all, &["check", "--format", "json", "--select", "ALL", "."]).stdout,
    )
    .unwrap();
    let json = tlslint(
        &all,
        &[
            "check",
            "--statistics",
            "--format",
            "json",
            "--select",
            "ALL",
            ".",
        ],
    );
    let statistics: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let statistics = statistics.as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();
    let mut partly = false;
    for s in statistics {
        let of_rule: Vec<&serde_json::Value> =
            findings.iter().filter(|f| f["rule"] == s["code"]).collect();
        let fixable = of_rule.iter().filter(|f| !f["fix"].is_null()).count();
        let safe = of_rule
            .iter()
            .filter(|f| f["fix"]["applicability"] == "safe")
            .count();
        assert_eq!(s["count"], of_rule.len(), "{s}");
        assert_eq!(s["name"], of_rule[0]["name"], "{s}");
        assert_eq!(s["fixable_count"], fixable, "{s}");
        assert_eq!(s["safe_fixable_count"], safe, "{s}");
        assert_eq!(s["fixable"], fixable > 0, "{s}");
        partly |= fixable > 0 && fixable < of_rule.len();
    }
    assert!(partly, "test-repos has a rule with findings without a fix");
    let counts: Vec<u64> = statistics
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most first");
    let total: usize = statistics
        .iter()
        .map(|s| s["count"].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(total, findings.len());

    let text = stdout(&tlslint(
        &all,
        &["check", "--statistics", "--select", "ALL", "."],
    ));
    for (line, s) in text.lines().zip(statistics) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields[0].trim(), s["count"].to_string());
        assert_eq!(fields[1], s["code"]);
        let name = s["name"].as_str().unwrap();
        let expected = match (s["fixable_count"].as_u64(), s["count"].as_u64()) {
            (Some(0), _) => format!("[ ] {name}"),
            (a, b) if a == b => format!("[*] {name}"),
            (Some(n), _) => format!("[-] {name} ({n} fixable)"),
            _ => unreachable!(),
        };
        assert_eq!(fields[2], expected);
    }

    // Statistics are text or JSON; other formats are refused before anything runs.
    let refused = tlslint(&case, &["check", "--statistics", "--format", "sarif", "."]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stdout(&refused).is_empty());
    assert!(stderr(&refused).contains("--statistics"));

    // A clean tree has no rows.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Ok.cs", "class Ok { }\n");
    let clean = tlslint(
        dir.path(),
        &["check", "--statistics", "--format", "json", "."],
    );
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "[]\n");
}

/// `check` run inside a pseudo-terminal by util-linux `script`, with `env` added (and `CI`
/// removed unless given); `None` when `script` is not installed. Returns the transcript.
fn in_terminal(dir: &Path, args: &str, env: &[(&str, &str)]) -> Option<String> {
    let available = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("skipped: util-linux `script` is not installed");
        return None;
    }
    let mut command = Command::new("script");
    command
        .current_dir(dir)
        .arg("-qec")
        .arg(format!("'{}' check {args}", env!("CARGO_BIN_EXE_tlslint")))
        .arg("/dev/null")
        .env_remove("CI")
        .env_remove("TLSLINT_OUTPUT_FORMAT")
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("script runs");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn progress_is_drawn_only_on_a_terminal_outside_ci() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos/legacy-console");
    // Piped: never, even when the delay is over at once and CI is not set.
    let piped = Command::new(env!("CARGO_BIN_EXE_tlslint"))
        .current_dir(&case)
        .args(["check", "--format", "concise", "."])
        .env_remove("CI")
        .env("TLSLINT_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    let err = stderr(&piped);
    assert!(!err.contains("files checked"), "{err}");
    assert!(!err.contains(['\r', '\u{1b}']), "{err:?}");
    assert_eq!(err.lines().count(), 1, "only the summary line: {err}");

    // On a terminal: once the delay is over, cleared before the report.
    let Some(shown) = in_terminal(
        &case,
        "--format concise .",
        &[("TLSLINT_PROGRESS_DELAY_MS", "0")],
    ) else {
        return;
    };
    assert!(shown.contains("files checked"), "{shown:?}");
    let report = shown.find("src/LegacyConsole").unwrap();
    assert!(shown.rfind("files checked").unwrap() < report, "{shown:?}");
    // Not in CI logs, not with --quiet, and not for a run shorter than the default delay.
    for (args, env) in [
        (
            "--format concise .",
            &[("TLSLINT_PROGRESS_DELAY_MS", "0"), ("CI", "true")][..],
        ),
        (
            "--quiet --format concise .",
            &[("TLSLINT_PROGRESS_DELAY_MS", "0")][..],
        ),
        ("--format concise .", &[][..]),
    ] {
        let transcript = in_terminal(&case, args, env).unwrap();
        assert!(
            !transcript.contains("files checked"),
            "{args} {env:?}: {transcript:?}"
        );
        assert!(transcript.contains("src/LegacyConsole"), "{transcript:?}");
    }
}

fn tlslint_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tlslint"))
        .current_dir(dir)
        .args(args)
        .env_remove("TLSLINT_OUTPUT_FORMAT")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tlslint runs");
    let mut stdin = child.stdin.take().unwrap();
    // A refused run may exit before reading it all: a broken pipe is no failure here.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child.wait_with_output().expect("tlslint runs")
}

/// `--stdin-filename`: the text is linted as that file, with the project, `tlslint.toml` and
/// `.editorconfig` around the path read from disk, whether or not the file exists.
#[test]
fn stdin_is_linted_as_the_named_file_in_its_project() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "repo/App/App.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net452</TargetFramework></PropertyGroup></Project>\n",
    );
    let check = |path: &str, input: &str| {
        let output = tlslint_stdin(
            dir.path(),
            &[
                "check",
                "--format",
                "concise",
                "--fail-on",
                "note",
                "--stdin-filename",
                path,
                "-",
            ],
            input,
        );
        (output.status.code(), stdout(&output))
    };
    // On net452 an explicit TLS 1.2 is the remedy: the project on disk decides. The same text
    // outside any project has an unknown target, where it is a pin.
    assert_eq!(check("repo/App/Net/Pin.cs", PIN), (Some(0), String::new()));
    let (code, out) = check("elsewhere/Pin.cs", PIN);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("elsewhere/Pin.cs:1:"), "{out}");
    assert!(out.contains("TLS003"), "{out}");
    // Findings carry the given name; a file of that name on disk is not read.
    write(dir.path(), "repo/App/Legacy.cs", PIN);
    let (code, out) = check("repo/App/Legacy.cs", LEGACY);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("repo/App/Legacy.cs:1:"), "{out}");
    assert!(out.contains("TLS001"), "{out}");
    // The configuration around the path applies: tlslint.toml, then .editorconfig.
    write(dir.path(), "repo/tlslint.toml", "ignore = [\"TLS001\"]\n");
    assert_eq!(
        check("repo/App/Legacy.cs", LEGACY),
        (Some(0), String::new())
    );
    std::fs::remove_file(dir.path().join("repo/tlslint.toml")).unwrap();
    write(
        dir.path(),
        "repo/.editorconfig",
        "[*.cs]\ndotnet_diagnostic.TLS001.severity = none\n",
    );
    assert_eq!(
        check("repo/App/Legacy.cs", LEGACY),
        (Some(0), String::new())
    );
}

/// `-` alone cannot tell the language (ruff assumes Python; tlslint reads eight): a usage
/// error that names the flag. So are other paths next to `--stdin-filename`, and a name
/// tlslint does not read.
#[test]
fn stdin_needs_a_file_name_it_can_classify() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.cs", LEGACY);
    for args in [
        &["check", "-"][..],
        &["check", "a.cs", "-"],
        &["check", "--stdin-filename", "b.cs", "a.cs"],
        &["check", "--stdin-filename", "notes.txt", "-"],
    ] {
        let output = tlslint_stdin(dir.path(), args, LEGACY);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains("stdin-filename"), "{args:?}: {err}");
        assert!(stdout(&output).is_empty(), "{args:?}");
    }
    // Without `-`, --stdin-filename alone reads standard input too.
    let output = tlslint_stdin(
        dir.path(),
        &["check", "--format", "concise", "--stdin-filename", "b.cs"],
        LEGACY,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("b.cs:1:"));
}

/// `--fix` with standard input prints the fixed text and writes no file; the report of what
/// remains goes to standard error. `--diff` prints the diff of the text.
#[test]
fn fixing_stdin_prints_the_text_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let on_disk = "// the file on disk, which must stay as it is\n";
    write(dir.path(), "a.cs", on_disk);
    let mixed = "class A { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11 | System.Net.SecurityProtocolType.Tls12; } }\n";
    let output = tlslint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--fix",
            "--stdin-filename",
            "a.cs",
        ],
        mixed,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "class A { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls12; } }\n"
    );
    assert!(
        stderr(&output).contains("fixed 1 finding"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.cs")).unwrap(),
        on_disk
    );
    // What cannot be fixed is reported on stderr, and the text comes back as it was.
    let output = tlslint_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--fix",
            "--stdin-filename",
            "a.cs",
        ],
        LEGACY,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), LEGACY);
    assert!(stderr(&output).contains("a.cs:1:"), "{}", stderr(&output));
    // --diff: the change as a diff, nothing written.
    let output = tlslint_stdin(
        dir.path(),
        &["check", "--diff", "--stdin-filename", "a.cs"],
        mixed,
    );
    assert_eq!(output.status.code(), Some(1));
    let diff = stdout(&output);
    assert!(
        diff.contains("-class A") && diff.contains("+class A"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.cs")).unwrap(),
        on_disk
    );
    // A fix that edits another file (TLS006 creates App.config) is not applied at all.
    let project = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net452</TargetFramework></PropertyGroup></Project>\n";
    write(dir.path(), "App/App.csproj", project);
    let output = tlslint_stdin(
        dir.path(),
        &[
            "check",
            "--unsafe-fixes",
            "--stdin-filename",
            "App/App.csproj",
        ],
        project,
    );
    assert_eq!(stdout(&output), project.replace("net452", "net48"));
    let err = stderr(&output);
    assert!(
        err.contains("TLS006 edits App/App.config, and with --stdin-filename no file is written"),
        "{err}"
    );
    assert!(!dir.path().join("App/App.config").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("App/App.csproj")).unwrap(),
        project
    );
}

/// Standard input is bounded by `--max-filesize` as files are: refused with the limit named,
/// and with `--fix` handed back whole, unchanged.
#[test]
fn stdin_above_the_size_limit_is_refused_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{LEGACY}{}", "// padding\n".repeat(300));
    let output = tlslint_stdin(
        dir.path(),
        &["check", "--max-filesize", "1K", "--stdin-filename", "a.cs"],
        &big,
    );
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(
        err.contains("a.cs: standard input is larger than the 1 KiB limit"),
        "{err}"
    );
    let output = tlslint_stdin(
        dir.path(),
        &[
            "check",
            "--fix",
            "--max-filesize",
            "1K",
            "--stdin-filename",
            "a.cs",
        ],
        &big,
    );
    assert_eq!(stdout(&output), big);
    // Within the limit, the same text is linted.
    let output = tlslint_stdin(
        dir.path(),
        &["check", "--format", "concise", "--stdin-filename", "a.cs"],
        &big,
    );
    assert_eq!(output.status.code(), Some(1));
}

/// `--show-settings PATH`: the configuration that applies to one file and, per rule, every
/// setting that speaks about it from the lowest precedence up, then what applies.
#[test]
fn show_settings_traces_each_rules_severity_to_its_source() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "repo/tlslint.toml",
        "ignore = [\"TLS003\"]\nfail-on = \"error\"\n[severity]\nTLS004 = \"warning\"\n[[overrides]]\npaths = [\"tests/**\"]\nignore = [\"TLS001\"]\nseverity = { TLS005 = \"error\" }\n",
    );
    write(
        dir.path(),
        "repo/.editorconfig",
        "root = true\n[*.cs]\ndotnet_diagnostic.TLS004.severity = none\ndotnet_diagnostic.TLS002.severity = suggestion\n",
    );
    let show = |cwd: &str, args: &[&str]| {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        let output = tlslint(&dir.path().join(cwd), &all);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout(&output)
    };
    let out = show(
        "repo",
        &[
            "--show-settings",
            "tests/LegacyTests.cs",
            "--ignore",
            "TLS008",
        ],
    );
    let expected = "\
file: tests/LegacyTests.cs
kind: C#
configuration: tlslint.toml
target-framework: 4.8
fail-on: error
rules:
  TLS001 deprecated-security-protocol: off
    default: error
    tlslint.toml: [[overrides]] 1 ignore: off
  TLS002 deprecated-ssl-protocols: note
    default: error
    .editorconfig:2 [*.cs]: note
  TLS003 hardcoded-protocol-version: off
    default: note
    tlslint.toml: select/ignore: off
  TLS004 strong-crypto-disabled: warning
    default: error
    .editorconfig:2 [*.cs]: off
    tlslint.toml: [severity]: warning
  TLS005 legacy-target-framework: error
    default: warning
    tlslint.toml: [[overrides]] 1 severity: error
  TLS006 missing-tls12-opt-in: error
    default: error
  TLS007 ineffective-tls-opt-in: warning
    default: warning
  TLS008 legacy-native-protocol-flags: off
    default: error
    command line: --select/--ignore: off
  TLS100 unused-suppression: warning
    default: warning
";
    assert_eq!(out, expected);
    // Outside the override's paths, and a file .editorconfig's section does not match.
    let out = show("repo", &["--show-settings", "src/App.csproj"]);
    assert!(out.contains("kind: MSBuild\n"), "{out}");
    assert!(
        out.contains("  TLS001 deprecated-security-protocol: error\n    default: error\n  TLS002"),
        "{out}"
    );
    assert!(
        out.contains("  TLS005 legacy-target-framework: warning\n    default: warning\n"),
        "{out}"
    );
    // --no-config: defaults, and no .editorconfig either; --select turns a rule back on.
    let out = show(
        "repo",
        &[
            "--show-settings",
            "a.cs",
            "--no-config",
            "--select",
            "TLS001",
        ],
    );
    assert!(out.contains("configuration: none (--no-config"), "{out}");
    assert!(out.contains("  TLS002 deprecated-ssl-protocols: off\n    default: error\n    command line: --select/--ignore: off\n"), "{out}");
    let out = show("repo", &["--show-settings", "a.cs", "--select", "TLS003"]);
    assert!(out.contains("  TLS003 hardcoded-protocol-version: note\n    default: note\n    tlslint.toml: select/ignore: off\n    command line: --select (turns it on): note\n"), "{out}");
    // A broken configuration is a usage error, as in a check.
    write(dir.path(), "bad/tlslint.toml", "select = 3\n");
    let output = tlslint(dir.path(), &["check", "--show-settings", "bad/a.cs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: "));
}

/// `--show-files`: what a check reads, and each skipped file or folder with the reason; nothing
/// is checked (exit 0 even though the files hold findings).
#[test]
fn show_files_lists_checked_files_and_why_others_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "repo/tlslint.toml",
        "exclude = [\"src/Generated/\"]\n",
    );
    write(dir.path(), "repo/.gitignore", "bin/\n*.g.cs\n");
    write(dir.path(), "repo/src/App.cs", LEGACY);
    write(dir.path(), "repo/src/App.csproj", "<Project />\n");
    write(dir.path(), "repo/src/Generated/Proxy.cs", LEGACY);
    write(dir.path(), "repo/src/Form.g.cs", LEGACY);
    write(
        dir.path(),
        "repo/src/bin/Debug/App.exe.config",
        "<configuration />\n",
    );
    write(dir.path(), "repo/src/.vs/Scratch.cs", LEGACY);
    write(dir.path(), "repo/src/Vendor/Lib.cs", LEGACY);
    write(dir.path(), "repo/README.md", "# repo\n");
    let output = tlslint(
        dir.path(),
        &[
            "check",
            "--show-files",
            "--exclude",
            "repo/src/Vendor",
            "repo",
            "repo/README.md",
            "repo/missing.cs",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "\
repo/README.md  (skipped: not a file kind tlslint reads)
repo/missing.cs  (error: no such file or directory)
repo/src/.vs/  (skipped: hidden (--hidden checks it))
repo/src/App.cs
repo/src/App.csproj
repo/src/Form.g.cs  (skipped: ignored by a .gitignore, .ignore or git exclude file (--no-ignore checks it))
repo/src/Generated/  (skipped: excluded by `src/Generated/` (`exclude` in the configuration file))
repo/src/Vendor/  (skipped: excluded by `repo/src/Vendor` (--exclude))
repo/src/bin/  (skipped: ignored by a .gitignore, .ignore or git exclude file (--no-ignore checks it))
"
    );
    // The options that widen the walk widen the list.
    let output = tlslint(
        dir.path(),
        &[
            "check",
            "--show-files",
            "--hidden",
            "--no-ignore",
            "--no-config",
            "repo/src",
        ],
    );
    assert_eq!(
        stdout(&output),
        "\
repo/src/.vs/Scratch.cs
repo/src/App.cs
repo/src/App.csproj
repo/src/Form.g.cs
repo/src/Generated/Proxy.cs
repo/src/Vendor/Lib.cs
repo/src/bin/Debug/App.exe.config
"
    );
}

/// Global suppressions reach a file named on the command line (pre-commit), a folder inside
/// the project and standard input: the project's `GlobalSuppressions.cs` is read for context.
#[test]
fn global_suppressions_apply_to_named_files_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "App/App.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>\n",
    );
    write(
        dir.path(),
        "App/GlobalSuppressions.cs",
        "[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(\"Security\", \"CA5364:Do Not Use Deprecated Security Protocols\", Justification = \"partner\", Scope = \"type\", Target = \"~T:A\")]\n",
    );
    write(dir.path(), "App/Net/A.cs", LEGACY);
    let concise = |args: &[&str], input: Option<&str>| {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        let output = match input {
            Some(input) => tlslint_stdin(dir.path(), &all, input),
            None => tlslint(dir.path(), &all),
        };
        stdout(&output)
    };
    assert_eq!(concise(&["App/Net/A.cs"], None), "");
    assert_eq!(concise(&["App/Net"], None), "");
    assert_eq!(
        concise(&["--stdin-filename", "App/Net/A.cs"], Some(LEGACY)),
        ""
    );
    // Another type in the same project, and the same type outside it, are reported.
    let other = LEGACY.replace("class A", "class Other");
    assert!(concise(&["--stdin-filename", "App/Net/Other.cs"], Some(&other)).contains("TLS001"));
    write(dir.path(), "Elsewhere/A.cs", LEGACY);
    assert!(concise(&["Elsewhere/A.cs"], None).contains("TLS001"));
    std::fs::remove_file(dir.path().join("App/GlobalSuppressions.cs")).unwrap();
    assert!(concise(&["App/Net/A.cs"], None).contains("TLS001"));
}
