//! The CI report formats (`json-lines`, `junit`, `gitlab`, `azure`, `rdjson`, `checkstyle`,
//! `msbuild`, `sonarqube`):
//!
//! - golden output on a few `test-repos/` cases, compared byte for byte with
//!   `test-repos/<case>/expected/check.<format>` (`BLESS=1` rewrites them; read the diff);
//! - validation of the whole of `test-repos/` against each format's schema in `tests/schemas/`
//!   (JSON schemas with the `jsonschema` crate, XSDs with `xmllint`, which must be installed
//!   when `CI` is set), plus what the schemas cannot say (fingerprints, columns, rule lists);
//! - file names that try to break a line, an element or a command, read back from every
//!   machine format exactly as they are on disk.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::tlslint;

/// Every new format and the file its golden output is kept in.
const FORMATS: [(&str, &str); 8] = [
    ("json-lines", "check.jsonl"),
    ("junit", "check.junit.xml"),
    ("gitlab", "check.gitlab.json"),
    ("azure", "check.azure"),
    ("rdjson", "check.rdjson"),
    ("checkstyle", "check.checkstyle.xml"),
    ("msbuild", "check.msbuild"),
    ("sonarqube", "check.sonarqube.json"),
];

/// Cases with golden output: C#/config/project findings with fixes, non-ASCII text and UTF-16
/// files, PowerShell, registry files, verdicts, and a clean tree.
const GOLDEN_CASES: [&str; 6] = [
    "legacy-console",
    "encodings",
    "install-scripts",
    "registry-files",
    "verdicts",
    "reads-are-fine",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn check(dir: &Path, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", format];
    args.extend_from_slice(extra);
    args.push(".");
    let output = tlslint(dir, &args);
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{format} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("reports are UTF-8")
}

#[test]
fn golden_output_of_each_format() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in GOLDEN_CASES {
        let dir = root().join("test-repos").join(case);
        for (format, file) in FORMATS {
            let actual = check(&dir, format, &[]);
            let path = dir.join("expected").join(file);
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if actual != expected {
                failures.push(format!(
                    "{case} ({format}): output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The whole of `test-repos/` in one run, every rule selected.
fn all_cases(format: &str) -> String {
    check(&root().join("test-repos"), format, &["--select", "ALL"])
}

fn json_schema(file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/schemas").join(file)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, document: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {}", errors.join("\n"));
}

/// `xmllint` when installed; without it the XML checks are skipped, except in CI.
fn xmllint_available() -> bool {
    let available = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v.is_empty()),
            "CI is set but xmllint is missing (apt-get install libxml2-utils)"
        );
        eprintln!("skipped: xmllint is not installed (apt-get install libxml2-utils)");
    }
    available
}

/// Validates `xml` against `tests/schemas/<xsd>`.
fn assert_valid_xml(xml: &str, xsd: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).unwrap();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(root().join("tests/schemas").join(xsd))
        .arg(&file)
        .output()
        .expect("xmllint runs");
    assert!(
        output.status.success(),
        "not valid against {xsd}: {}\n{xml}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The `json-lines` findings of the same run, to compare positions with.
fn findings(json_lines: &str) -> Vec<serde_json::Value> {
    json_lines
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

#[test]
fn json_formats_follow_their_schemas() {
    let reference = findings(&all_cases("json-lines"));
    assert!(reference.len() > 50, "test-repos has findings");
    let json: serde_json::Value = serde_json::from_str(&all_cases("json")).unwrap();
    assert_eq!(
        reference,
        json["findings"].as_array().unwrap().clone(),
        "json-lines holds json's findings"
    );

    let gitlab: serde_json::Value = serde_json::from_str(&all_cases("gitlab")).unwrap();
    assert_valid(
        &json_schema("gitlab-codequality.schema.json"),
        &gitlab,
        "gitlab",
    );
    // The fingerprint is SARIF's stable key, finding for finding.
    let sarif: serde_json::Value = serde_json::from_str(&all_cases("sarif")).unwrap();
    let keys: Vec<&serde_json::Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["partialFingerprints"]["tlslint/v1"])
        .collect();
    let fingerprints: Vec<&serde_json::Value> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| &issue["fingerprint"])
        .collect();
    assert_eq!(fingerprints, keys);
    let unique: BTreeSet<_> = fingerprints.iter().map(|f| f.to_string()).collect();
    assert_eq!(unique.len(), fingerprints.len(), "fingerprints are unique");

    let sonar: serde_json::Value = serde_json::from_str(&all_cases("sonarqube")).unwrap();
    assert_valid(
        &json_schema("sonar-generic-issues.schema.json"),
        &sonar,
        "sonarqube",
    );
    let rules: BTreeSet<&str> = sonar["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let issues = sonar["issues"].as_array().unwrap();
    assert_eq!(issues.len(), reference.len());
    for issue in issues {
        assert!(rules.contains(issue["ruleId"].as_str().unwrap()));
        let range = &issue["primaryLocation"]["textRange"];
        let start = (range["startLine"].as_u64(), range["startColumn"].as_u64());
        let end = (range["endLine"].as_u64(), range["endColumn"].as_u64());
        if start.1.is_some() {
            assert!(
                start < end,
                "Sonar refuses empty or reversed ranges: {range}"
            );
        }
    }

    let rdjson: serde_json::Value = serde_json::from_str(&all_cases("rdjson")).unwrap();
    let schema_text =
        std::fs::read_to_string(root().join("tests/schemas/rdjson-DiagnosticResult.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    assert_valid(
        &jsonschema::validator_for(&schema).unwrap(),
        &rdjson,
        "rdjson",
    );
    // The schema allows any property: check that each one written is one it defines.
    let definitions = &schema["definitions"];
    assert_known(&rdjson, &definitions["DiagnosticResult"], definitions, "$");
    let diagnostics = rdjson["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), reference.len());
    let mut suggested = 0;
    for (diagnostic, finding) in diagnostics.iter().zip(&reference) {
        let path = root()
            .join("test-repos")
            .join(diagnostic["location"]["path"].as_str().unwrap());
        assert_eq!(
            utf8_to_char_column(&path, &diagnostic["location"]["range"]["start"]),
            finding["column"].as_u64().unwrap(),
            "rdjson columns count UTF-8 bytes: {diagnostic}"
        );
        let all_in_file = finding["fix"]["edits"]
            .as_array()
            .is_some_and(|edits| edits.iter().all(|e| e.get("path").is_none()));
        let suggestions = diagnostic["suggestions"].as_array();
        assert_eq!(suggestions.is_some(), all_in_file, "{diagnostic}");
        if let Some(suggestions) = suggestions {
            suggested += 1;
            let edits = finding["fix"]["edits"].as_array().unwrap();
            assert_eq!(suggestions.len(), edits.len());
            for (suggestion, edit) in suggestions.iter().zip(edits) {
                assert_eq!(suggestion["text"], edit["content"]);
                assert_eq!(
                    utf8_to_char_column(&path, &suggestion["range"]["end"]),
                    edit["end_column"].as_u64().unwrap()
                );
            }
        }
    }
    assert!(suggested > 10, "fixes become suggestions");
}

/// Every property of `value` is one `schema` (a reviewdog definition) names, recursively.
fn assert_known(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    definitions: &serde_json::Value,
    at: &str,
) {
    let schema = match schema["$ref"].as_str() {
        Some(reference) => &definitions[reference.trim_start_matches("#/definitions/")],
        None => schema,
    };
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let property = &schema["properties"][key];
                assert!(!property.is_null(), "{at}.{key} is not in the schema");
                assert_known(child, property, definitions, &format!("{at}.{key}"));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                assert_known(item, &schema["items"], definitions, &format!("{at}[{i}]"));
            }
        }
        _ => {}
    }
}

/// The 1-based column in characters of an rdjson position (its column counts UTF-8 bytes).
fn utf8_to_char_column(path: &Path, position: &serde_json::Value) -> u64 {
    let bytes = std::fs::read(path).unwrap();
    // UTF-16 files (test-repos/encodings) are decoded the way tlslint decodes them.
    let (text, _) = tlslint::source::decode(&bytes).expect("a text file");
    let line = position["line"].as_u64().unwrap() as usize;
    let column = position["column"].as_u64().unwrap() as usize;
    let line_text = text
        .split_inclusive(['\n'])
        .nth(line - 1)
        .unwrap_or_else(|| panic!("{}: no line {line}", path.display()));
    let prefix = line_text.get(..column - 1).unwrap_or_else(|| {
        panic!(
            "{}:{line}: byte column {column} splits a character",
            path.display()
        )
    });
    prefix.chars().count() as u64 + 1
}

#[test]
fn xml_formats_follow_their_schemas() {
    if !xmllint_available() {
        return;
    }
    let junit = all_cases("junit");
    assert_valid_xml(&junit, "junit-10.xsd");
    let checkstyle = all_cases("checkstyle");
    assert_valid_xml(&checkstyle, "checkstyle.xsd");
    let findings = findings(&all_cases("json-lines")).len();
    assert_eq!(junit.matches("<failure ").count(), findings);
    assert!(junit.contains(&format!("failures=\"{findings}\"")));
    assert_eq!(checkstyle.matches("<error ").count(), findings);

    // A clean tree is one passing test, which the CI publishers accept.
    let clean = check(&root().join("test-repos/reads-are-fine"), "junit", &[]);
    assert_valid_xml(&clean, "junit-10.xsd");
    assert!(clean.contains("<testcase name=\"no findings in 3 files\""));
    let clean = check(&root().join("test-repos/reads-are-fine"), "checkstyle", &[]);
    assert_valid_xml(&clean, "checkstyle.xsd");
}

#[test]
fn the_environment_variable_names_the_same_formats() {
    let dir = root().join("test-repos/legacy-console");
    for (format, file) in FORMATS {
        let output = Command::new(env!("CARGO_BIN_EXE_tlslint"))
            .current_dir(&dir)
            .args(["check", "."])
            .env("TLSLINT_OUTPUT_FORMAT", format)
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap();
        let expected = std::fs::read_to_string(dir.join("expected").join(file)).unwrap();
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            expected,
            "{format}"
        );
    }
}

#[test]
fn unreadable_files_are_junit_errors() {
    if !xmllint_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.cs"), "// ".repeat(100)).unwrap();
    let junit = check(dir.path(), "junit", &["--max-filesize", "10"]);
    assert_valid_xml(&junit, "junit-10.xsd");
    assert!(junit.contains("errors=\"1\""), "{junit}");
    assert!(junit.contains("<error message=\"file is larger"), "{junit}");
}

/// File names that end lines, close elements, split properties or start commands in some
/// format, each holding one finding.
const HOSTILE_NAMES: [&str; 10] = [
    "with space.cs",
    "per%cent%3B%AZP25.cs",
    "semi;colon]bracket.cs",
    "co:lon,comma.cs",
    "new\nline##vso[task.setvariable variable=x]y.cs",
    "carriage\rreturn::error file=x::y.cs",
    "ünïcødé 日本.cs",
    "markup<&>\"quote'.cs",
    "control\u{1}char.cs",
    "x.cs(1,1): error CS0001: fake.cs",
];

const LEGACY: &str = "class A { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11; } }\n";

fn hostile_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in HOSTILE_NAMES {
        // Non-ASCII before the finding, so that byte and character columns differ.
        std::fs::write(dir.path().join(name), format!("/* ü日 */ {LEGACY}")).unwrap();
    }
    dir
}

fn names() -> BTreeSet<String> {
    HOSTILE_NAMES.iter().map(|s| s.to_string()).collect()
}

/// What the Azure Pipelines agent reads back from an escaped value.
fn azure_unescape(text: &str) -> String {
    text.replace("%3B", ";")
        .replace("%5D", "]")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%AZP25", "%")
}

/// What the GitHub runner reads back from an escaped property.
fn github_unescape(text: &str) -> String {
    text.replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

/// A percent-encoded URI reference as text.
fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Bytes of a name written `\xNN`-escaped (as display names are) as text.
fn unescape_display(text: &str) -> String {
    String::from_utf8(tlslint::path_name::bytes(text).into_owned()).unwrap()
}

#[test]
fn hostile_file_names_survive_every_machine_format() {
    let tree = hostile_tree();
    let dir = tree.path();
    let expected = names();
    let n = HOSTILE_NAMES.len();

    // Line formats: one line per finding, no other, each read back to its name.
    let azure = check(dir, "azure", &[]);
    let lines: Vec<&str> = azure.lines().collect();
    assert_eq!(lines.len(), n, "{azure}");
    let mut found = BTreeSet::new();
    for line in &lines {
        let rest = line
            .strip_prefix("##vso[task.logissue ")
            .unwrap_or_else(|| panic!("not a logissue command: {line:?}"));
        let (properties, message) = rest.split_once(']').expect("properties end at `]`");
        assert!(message.contains("TLS 1.1"), "{line}");
        for property in properties.split(';').filter(|p| !p.is_empty()) {
            let (key, value) = property.split_once('=').expect("key=value");
            if key == "sourcepath" {
                found.insert(azure_unescape(value));
            }
        }
    }
    assert_eq!(found, expected, "azure");

    let msbuild = check(dir, "msbuild", &[]);
    // MSBuild's CanonicalError: the origin holds no `:`, then `(line,col)`, then the category.
    let canonical = regex::Regex::new(
        r"^(?<origin>[^:]*)\((?<line>\d+),(?<col>\d+)\): (?<category>error|warning) (?<code>[^: ]+): (?<text>.*)$",
    )
    .unwrap();
    let lines: Vec<&str> = msbuild.lines().collect();
    assert_eq!(lines.len(), n, "{msbuild}");
    let found: BTreeSet<String> = lines
        .iter()
        .map(|line| {
            let captures = canonical
                .captures(line)
                .unwrap_or_else(|| panic!("not a canonical error: {line:?}"));
            assert_eq!(&captures["code"], "TLS001");
            unescape_display(&captures["origin"])
        })
        .collect();
    assert_eq!(found, expected, "msbuild");

    let github = check(dir, "github", &[]);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), n, "{github}");
    let found: BTreeSet<String> = lines
        .iter()
        .map(|line| {
            let file = line
                .strip_prefix("::error file=")
                .unwrap_or_else(|| panic!("not an annotation: {line:?}"));
            github_unescape(file.split(',').next().unwrap())
        })
        .collect();
    assert_eq!(found, expected, "github");

    let concise = check(dir, "concise", &[]);
    let lines: Vec<&str> = concise.lines().collect();
    assert_eq!(lines.len(), n, "{concise}");
    let found: BTreeSet<String> = lines
        .iter()
        .map(|line| {
            let (path, _) = line
                .split_once(":1:")
                .unwrap_or_else(|| panic!("not a concise line: {line:?}"));
            unescape_display(path)
        })
        .collect();
    assert_eq!(found, expected, "concise");

    // SARIF: percent-encoded URIs.
    let sarif: serde_json::Value = serde_json::from_str(&check(dir, "sarif", &[])).unwrap();
    let found: BTreeSet<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            percent_decode(uri)
        })
        .collect();
    assert_eq!(found, expected, "sarif");

    // JSON formats: names as they are.
    let json_lines = findings(&check(dir, "json-lines", &[]));
    let found: BTreeSet<String> = json_lines
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(found, expected, "json-lines");
    let gitlab: serde_json::Value = serde_json::from_str(&check(dir, "gitlab", &[])).unwrap();
    let found: BTreeSet<String> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["location"]["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(found, expected, "gitlab");
    let sonar: serde_json::Value = serde_json::from_str(&check(dir, "sonarqube", &[])).unwrap();
    let found: BTreeSet<String> = sonar["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i["primaryLocation"]["filePath"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(found, expected, "sonarqube");
    let rdjson: serde_json::Value = serde_json::from_str(&check(dir, "rdjson", &[])).unwrap();
    let mut found = BTreeSet::new();
    for diagnostic in rdjson["diagnostics"].as_array().unwrap() {
        let name = diagnostic["location"]["path"].as_str().unwrap();
        found.insert(name.to_owned());
        let finding = json_lines
            .iter()
            .find(|f| f["path"] == name)
            .expect("the same finding in json-lines");
        assert_eq!(
            utf8_to_char_column(&dir.join(name), &diagnostic["location"]["range"]["start"]),
            finding["column"].as_u64().unwrap()
        );
        // `ü日` takes 5 bytes but 2 characters.
        assert_eq!(
            diagnostic["location"]["range"]["start"]["column"]
                .as_u64()
                .unwrap(),
            finding["column"].as_u64().unwrap() + 3
        );
        assert!(diagnostic["suggestions"].is_array());
    }
    assert_eq!(found, expected, "rdjson");

    // XML formats: valid, and each name read back by an XML parser.
    if !xmllint_available() {
        return;
    }
    for (format, xsd, xpath) in [
        ("junit", "junit-10.xsd", "string(//testsuite[$i]/@name)"),
        ("checkstyle", "checkstyle.xsd", "string(//file[$i]/@name)"),
    ] {
        let xml = check(dir, format, &[]);
        assert_valid_xml(&xml, xsd);
        let scratch = tempfile::tempdir().unwrap();
        let file: PathBuf = scratch.path().join("report.xml");
        std::fs::write(&file, &xml).unwrap();
        let found: BTreeSet<String> = (1..=n)
            .map(|i| {
                let output = Command::new("xmllint")
                    .arg("--xpath")
                    .arg(xpath.replace("$i", &i.to_string()))
                    .arg(&file)
                    .output()
                    .unwrap();
                // Characters XML cannot hold are written `\xNN`, as in display names.
                let text = String::from_utf8(output.stdout).unwrap();
                // xmllint ends what it prints with a line feed of its own.
                unescape_display(text.strip_suffix('\n').unwrap_or(&text))
            })
            .collect();
        assert_eq!(found, expected, "{format}");
    }
}
