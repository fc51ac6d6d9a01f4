//! The engine called as a library, the way `tlslint server` calls it: unsaved buffers
//! (`CheckOptions::overlays`) stand in for the files on disk, project files included.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tlslint::engine::{self, CheckOptions, CheckResult};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos/console-net45-no-opt-in")
}

fn findings(result: &CheckResult) -> Vec<String> {
    result
        .findings()
        .map(|(report, finding)| format!("{} {}", report.display(), finding.rule.id))
        .collect()
}

fn check_with(overlays: &[(&str, &str)]) -> Vec<String> {
    let root = repo();
    let mut options = CheckOptions::new(vec![root.clone()], root.clone());
    options.threads = 1;
    for (file, text) in overlays {
        // Overlays are keyed by lexically normalised absolute paths.
        let key = tlslint::project::model_path_in(&root.join(file), &root);
        options.overlays.insert(key, Arc::from(text.as_bytes()));
    }
    findings(&engine::check(&options).expect("the check runs"))
}

#[test]
fn without_overlays_the_files_on_disk_are_checked() {
    assert_eq!(
        check_with(&[]),
        [
            "ReportExporter/App.config TLS005",
            "ReportExporter/ReportExporter.csproj TLS005",
            "ReportExporter/ReportExporter.csproj TLS006",
        ]
    );
}

#[test]
fn an_unsaved_source_file_is_checked_from_its_buffer() {
    let program = "class P { static void Main() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls; } }";
    let found = check_with(&[("ReportExporter/Program.cs", program)]);
    assert!(
        found.contains(&"ReportExporter/Program.cs TLS001".to_owned()),
        "{found:?}"
    );
}

#[test]
fn an_unsaved_config_changes_the_project_verdict() {
    let config = r#"<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <startup>
    <supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.5" />
  </startup>
  <runtime>
    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false;Switch.System.Net.DontEnableSystemDefaultTlsVersions=false" />
  </runtime>
</configuration>
"#;
    let found = check_with(&[("ReportExporter/App.config", config)]);
    assert!(
        !found.iter().any(|f| f.ends_with("TLS006")),
        "the opt-in in the buffer clears TLS006: {found:?}"
    );
    // The file on disk was not touched.
    let on_disk = std::fs::read_to_string(repo().join("ReportExporter/App.config"))
        .expect("App.config is readable");
    assert!(!on_disk.contains("AppContextSwitchOverrides"));
}

#[test]
fn an_unsaved_new_file_is_checked_where_it_would_be_saved() {
    let program = "class N { static void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls; } }";
    assert!(!repo().join("ReportExporter/NotSavedYet.cs").exists());
    let found = check_with(&[("ReportExporter/NotSavedYet.cs", program)]);
    assert!(
        found.contains(&"ReportExporter/NotSavedYet.cs TLS001".to_owned()),
        "{found:?}"
    );
    // Where the walk would not look once it is saved, it is not checked either.
    for skipped in [".vs/NotSavedYet.cs", "ReportExporter/NotSavedYet.txt"] {
        let found = check_with(&[(skipped, program)]);
        assert!(
            !found.iter().any(|f| f.contains("NotSavedYet")),
            "{found:?}"
        );
    }
    let outside = check_with(&[("../NotSavedYet.cs", program)]);
    assert!(
        !outside.iter().any(|f| f.contains("NotSavedYet")),
        "{outside:?}"
    );
}
