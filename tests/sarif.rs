//! SARIF output validates against the official SARIF 2.1.0 schema (vendored in `tests/data/`)
//! and follows what GitHub code scanning requires beyond the schema.

use std::path::Path;
use std::process::Command;

fn sarif_of(dir: &Path) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_tlslint"))
        .current_dir(dir)
        .args([
            "check",
            "--format",
            "sarif",
            "--sarif-category",
            "tlslint/test",
            ".",
        ])
        .output()
        .expect("tlslint runs");
    serde_json::from_slice(&output.stdout).expect("SARIF is JSON")
}

fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn non_empty(value: &serde_json::Value, what: &str, problems: &mut Vec<String>) {
    if value.as_str().is_none_or(|s| s.trim().is_empty()) {
        problems.push(format!("{what} is missing or empty"));
    }
}

/// GitHub's own requirements (its SARIF support page), on top of the schema.
fn github_profile(log: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    if log["$schema"] != "https://json.schemastore.org/sarif-2.1.0.json"
        || log["version"] != "2.1.0"
    {
        problems.push("$schema/version".into());
    }
    let runs = log["runs"].as_array().unwrap();
    if runs.len() != 1 {
        problems.push("one run".into());
    }
    let run = &runs[0];
    if run["columnKind"] != "utf16CodeUnits" {
        problems.push("columnKind".into());
    }
    let driver = &run["tool"]["driver"];
    non_empty(&driver["name"], "driver.name", &mut problems);
    non_empty(
        &driver["semanticVersion"],
        "driver.semanticVersion",
        &mut problems,
    );
    let rules = driver["rules"].as_array().unwrap();
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.dedup();
    if ids.len() != rules.len() {
        problems.push("rule ids are not unique".into());
    }
    for rule in rules {
        let id = rule["id"].as_str().unwrap_or("?");
        for field in ["shortDescription", "fullDescription", "help"] {
            non_empty(
                &rule[field]["text"],
                &format!("{id} {field}.text"),
                &mut problems,
            );
            if rule[field]["text"]
                .as_str()
                .is_some_and(|t| field != "help" && t.chars().count() > 1024)
            {
                problems.push(format!("{id} {field} longer than 1024"));
            }
        }
        non_empty(
            &rule["help"]["markdown"],
            &format!("{id} help.markdown"),
            &mut problems,
        );
        non_empty(&rule["helpUri"], &format!("{id} helpUri"), &mut problems);
        let tags = rule["properties"]["tags"].as_array().unwrap();
        if rule["properties"]["security-severity"].is_string()
            && !tags.iter().any(|t| t == "security")
        {
            problems.push(format!("{id}: security-severity without the security tag"));
        }
        let score: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        if !(score > 0.0 && score <= 10.0) {
            problems.push(format!("{id}: security-severity out of range"));
        }
    }
    let results = run["results"].as_array().unwrap();
    if results.len() > 5000 {
        problems.push("more than 5000 results".into());
    }
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        if rules[index]["id"] != result["ruleId"] {
            problems.push(format!(
                "ruleIndex {index} does not match {}",
                result["ruleId"]
            ));
        }
        non_empty(&result["message"]["text"], "result message", &mut problems);
        let locations = result["locations"].as_array().unwrap();
        if locations.len() != 1 {
            problems.push("exactly one location".into());
        }
        let location = &locations[0]["physicalLocation"];
        if location["artifactLocation"]["uriBaseId"] != "%SRCROOT%"
            || location["artifactLocation"]["uri"]
                .as_str()
                .is_none_or(|u| u.starts_with('/'))
        {
            problems.push(format!("location not relative to %SRCROOT%: {location}"));
        }
        for field in ["startLine", "startColumn", "endLine", "endColumn"] {
            if location["region"][field].as_u64().is_none_or(|n| n < 1) {
                problems.push(format!("region.{field}"));
            }
        }
        non_empty(
            &result["partialFingerprints"]["primaryLocationLineHash"],
            "primaryLocationLineHash",
            &mut problems,
        );
    }
    problems
}

#[test]
fn every_test_repository_produces_valid_sarif() {
    let validator = schema();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in cases {
        let log = sarif_of(&case);
        for error in validator.iter_errors(&log) {
            failures.push(format!(
                "{}: {} at {}",
                case.display(),
                error,
                error.instance_path()
            ));
        }
        for problem in github_profile(&log) {
            failures.push(format!("{}: {problem}", case.display()));
        }
        assert_eq!(log["runs"][0]["automationDetails"]["id"], "tlslint/test/");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schema_rejects_what_github_rejects() {
    let validator = schema();
    let mut log =
        sarif_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos/legacy-console"));
    assert!(validator.is_valid(&log));
    log["version"] = "1.2.3".into();
    assert!(
        !validator.is_valid(&log),
        "a wrong version must be rejected"
    );
    log["version"] = "2.1.0".into();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&log), "startLine 0 must be rejected");
}

#[test]
fn unreadable_files_are_tool_notifications() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Big.cs"), "// padding\n".repeat(200)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tlslint"))
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "--max-filesize", "1K"])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let notification = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "Big.cs"
    );
    assert!(schema().is_valid(&log));
}
