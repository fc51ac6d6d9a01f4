//! `engine::Session` answers what a fresh `engine::check` of the same options and buffers
//! answers, after every kind of edit, while analysing only the edited file when it can.
//!
//! Every repository of `test-repos/` is copied to a temporary folder and edited step by step
//! (buffers of each file kind, a closed buffer, files touched, created and deleted on disk, a
//! buffer of a file never saved); after each step the session's result is compared with a
//! fresh check's, rendered as JSON and in full (`Debug`: every report, finding, fix, project
//! and count).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tlslint::engine::rescan::Refused;
use tlslint::engine::{self, CheckOptions, CheckResult, LastScan, Session};

const LEGACY_CLASS: &str = "\nclass SessionEdit { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls; } }\n";

fn test_repos() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("test-repos/ exists")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() > 10, "test-repos/ holds the cases");
    cases
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the copy's folder can be made");
    for entry in std::fs::read_dir(from).expect("the case is readable") {
        let entry = entry.expect("a readable entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("the file can be copied");
        }
    }
}

/// The files of a folder, sorted, without the expected outputs.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable") {
            let path = entry.expect("a readable entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "expected") {
                    stack.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn render(result: &CheckResult) -> String {
    let mut json = Vec::new();
    tlslint::output::json::emit(result, &mut json).expect("JSON renders");
    format!(
        "{}\n{result:#?}",
        String::from_utf8(json).expect("JSON is UTF-8")
    )
}

/// A temporary copy of a repository, and a session over it.
struct Workspace {
    dir: tempfile::TempDir,
    root: PathBuf,
    session: Session,
}

impl Workspace {
    fn of(case: &Path) -> Workspace {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("repo");
        copy_tree(case, &root);
        Workspace::at(dir, root)
    }

    /// The session started again with other options (the same buffers).
    fn configure(&mut self, change: impl FnOnce(&mut CheckOptions)) {
        let mut options = self.session.options().clone();
        change(&mut options);
        self.session = Session::new(options);
    }

    fn at(dir: tempfile::TempDir, root: PathBuf) -> Workspace {
        let mut options = CheckOptions::new(vec![root.clone()], root.clone());
        options.threads = 2;
        Workspace {
            dir,
            root,
            session: Session::new(options),
        }
    }

    /// Checks with the session and afresh; both must render the same.
    fn agree(&mut self, step: &str) -> CheckResult {
        let kept = self.session.check().expect("the session checks");
        let fresh = engine::check(self.session.options()).expect("the check runs");
        let (session, check) = (render(&kept), render(&fresh));
        if session != check {
            // The renderings are long: show where they part.
            let longest = session.lines().count().max(check.lines().count());
            let (line, (a, b)) = session
                .lines()
                .chain(std::iter::repeat("<end>"))
                .zip(check.lines().chain(std::iter::repeat("<end>")))
                .take(longest)
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .unwrap_or((longest, ("<line ends>", "<line ends>")));
            panic!(
                "{}: {step} ({:?}): line {} differs\n  session: {a}\n  check:   {b}",
                self.root.display(),
                self.session.last_scan(),
                line + 1
            );
        }
        kept
    }

    fn buffer(&mut self, path: &Path, text: &str) {
        let bytes: Arc<[u8]> = Arc::from(text.as_bytes());
        self.session.set_buffer(path, Some(bytes));
    }

    fn write(&mut self, path: &Path, text: &str) {
        std::fs::write(path, text).expect("the file can be written");
        self.session.disk_changed(path);
    }
}

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned()
}

/// The configuration without its AppContext switches (the usual TLS opt-in), or with a
/// comment added when it has none.
fn without_opt_in(config: &str) -> String {
    if !config.contains("AppContextSwitchOverrides") {
        return format!("{config}\n<!-- edited -->\n");
    }
    config
        .lines()
        .filter(|line| !line.contains("AppContextSwitchOverrides"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The project file retargeted to .NET Framework 4.0.
fn retargeted(project: &str) -> String {
    let mut out = String::new();
    for line in project.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("<TargetFrameworkVersion>") {
            out.push_str("    <TargetFrameworkVersion>v4.0</TargetFrameworkVersion>");
        } else if trimmed.starts_with("<TargetFramework>") {
            out.push_str("    <TargetFramework>net40</TargetFramework>");
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// One repository through every kind of edit.
fn edit_repository(case: &Path, configure: impl FnOnce(&mut CheckOptions)) {
    let mut ws = Workspace::of(case);
    ws.configure(configure);
    ws.agree("first check");
    let all = files(&ws.root);
    let code = all.iter().find(|p| has_extension(p, &["cs"])).cloned();
    let config = all.iter().find(|p| has_extension(p, &["config"])).cloned();
    let project = all
        .iter()
        .find(|p| has_extension(p, &["csproj", "vbproj"]))
        .cloned();
    if let Some(code) = &code {
        let text = read(code) + LEGACY_CLASS;
        ws.buffer(code, &text);
        ws.agree("a legacy protocol in a C# buffer");
    }
    if let Some(config) = &config {
        ws.buffer(config, &without_opt_in(&read(config)));
        ws.agree("the opt-in removed from a config buffer");
    }
    if let Some(project) = &project {
        ws.buffer(project, &retargeted(&read(project)));
        ws.agree("a project buffer retargeted");
    }
    if let Some(code) = &code {
        let text = read(code) + "\n// tlslint:ignore TLS001 -- nothing here to suppress\n";
        ws.buffer(code, &text);
        ws.agree("a suppression comment that suppresses nothing");
        ws.session.set_buffer(code, None);
        ws.agree("the C# buffer closed");
    }
    if let Some(config) = &config {
        ws.session.set_buffer(config, None);
        let touched = read(config) + "\n<!-- touched -->\n";
        ws.write(config, &touched);
        ws.agree("the config written on disk");
    }
    let created = ws.root.join("SessionCreated.cs");
    ws.write(&created, LEGACY_CLASS);
    ws.agree("a C# file created on disk");
    let draft = ws.root.join("Drafts/Draft.cs");
    ws.buffer(&draft, LEGACY_CLASS);
    ws.agree("a buffer of a file never saved");
    ws.buffer(&draft, "class Draft { }\n");
    ws.agree("the unsaved buffer edited");
    ws.session.set_buffer(&draft, None);
    ws.agree("the unsaved buffer closed");
    if let Some(code) = &code {
        std::fs::remove_file(code).expect("the file can be deleted");
        ws.session.disk_changed(code);
        ws.agree("a C# file deleted");
    }
    if let Some(project) = &project {
        ws.session.set_buffer(project, None);
        ws.agree("the project buffer closed");
    }
}

#[test]
fn every_repository_agrees_with_a_fresh_check_after_every_edit() {
    for case in test_repos() {
        edit_repository(&case, |_| {});
    }
}

/// With `--report-unused-suppressions`, files with suppression comments are kept even when
/// nothing else is in them: which files are clean changes.
#[test]
fn every_repository_agrees_when_unused_suppressions_are_reported() {
    for case in test_repos() {
        edit_repository(&case, |options| options.report_unused_suppressions = true);
    }
}

fn console_app() -> Workspace {
    Workspace::of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos/console-net45-no-opt-in"))
}

fn rules_of(result: &CheckResult) -> Vec<String> {
    result
        .findings()
        .map(|(report, finding)| format!("{} {}", report.display(), finding.rule.id))
        .collect()
}

const OPTED_IN_CONFIG: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <startup>
    <supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.5" />
  </startup>
  <runtime>
    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false;Switch.System.Net.DontEnableSystemDefaultTlsVersions=false" />
  </runtime>
</configuration>
"#;

/// The project model is built again from the kept scan: an opt-in typed into App.config clears
/// TLS006 on the project file, and closing the buffer brings it back.
#[test]
fn an_opt_in_in_a_config_buffer_clears_the_project_finding() {
    let mut ws = console_app();
    let project = "ReportExporter/ReportExporter.csproj TLS006".to_owned();
    assert!(rules_of(&ws.agree("first check")).contains(&project));
    assert_eq!(ws.session.last_scan(), Some(LastScan::Full(None)));

    let config = ws.root.join("ReportExporter/App.config");
    ws.buffer(&config, OPTED_IN_CONFIG);
    let opted_in = ws.agree("opt-in typed");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(1)));
    assert!(!rules_of(&opted_in).contains(&project), "{opted_in:?}");

    ws.session.set_buffer(&config, None);
    let closed = ws.agree("buffer closed");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(1)));
    assert!(rules_of(&closed).contains(&project));
}

/// A clean file (only counted) that gets a finding joins the scan's entries, and leaves them
/// when the finding goes; the target written in the project file is read again.
#[test]
fn edits_of_code_and_project_files_update_the_kept_scan() {
    let mut ws = console_app();
    ws.agree("first check");
    let program = ws.root.join("ReportExporter/Program.cs");
    let original = read(&program);
    ws.buffer(&program, &(original.clone() + LEGACY_CLASS));
    let legacy = ws.agree("legacy code typed");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(1)));
    assert!(rules_of(&legacy).contains(&"ReportExporter/Program.cs TLS001".to_owned()));
    ws.buffer(&program, &original);
    let undone = ws.agree("legacy code removed");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(1)));
    assert!(!rules_of(&undone).iter().any(|f| f.contains("Program.cs")));

    let project = ws.root.join("ReportExporter/ReportExporter.csproj");
    let modern = read(&project).replace("v4.5", "v4.8");
    ws.buffer(&project, &modern);
    let retargeted = ws.agree("retargeted to 4.8");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(1)));
    assert_ne!(rules_of(&retargeted), rules_of(&undone));
}

/// A check with nothing changed judges the kept scan again.
#[test]
fn a_check_without_changes_reuses_the_scan() {
    let mut ws = console_app();
    let first = ws.agree("first check");
    let again = ws.agree("again");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(0)));
    assert_eq!(render(&first), render(&again));
}

/// Changes that may change which files are scanned make the session scan again.
#[test]
fn structural_changes_scan_again() {
    let mut ws = console_app();
    ws.agree("first check");
    ws.write(&ws.root.join("tlslint.toml"), "ignore = [\"TLS006\"]\n");
    let configured = ws.agree("a configuration file created");
    assert_eq!(
        ws.session.last_scan(),
        Some(LastScan::Full(Some(Refused::Unknown)))
    );
    assert!(!rules_of(&configured).iter().any(|f| f.ends_with("TLS006")));
    ws.write(&ws.root.join(".gitignore"), "Uploader.cs\n");
    let ignored = ws.agree("an ignore file changed");
    assert_eq!(
        ws.session.last_scan(),
        Some(LastScan::Full(Some(Refused::Unknown)))
    );
    assert!(!rules_of(&ignored).iter().any(|f| f.contains("Uploader.cs")));

    let uploader = ws.root.join("ReportExporter/Uploader.cs");
    std::fs::remove_file(&uploader).expect("deletable");
    ws.session.disk_changed(&uploader);
    ws.agree("an ignored file deleted");

    let program = ws.root.join("ReportExporter/Program.cs");
    std::fs::remove_file(&program).expect("deletable");
    ws.session.disk_changed(&program);
    ws.agree("a file deleted");
    assert_eq!(
        ws.session.last_scan(),
        Some(LastScan::Full(Some(Refused::OnDisk)))
    );

    let project = ws.root.join("ReportExporter/ReportExporter.csproj");
    let imports = read(&project).replace(
        "</Project>",
        "  <Import Project=\"..\\..\\Shared.props\" />\n</Project>",
    );
    // Outside the checked folder: read for context only because the project imports it.
    std::fs::write(
        ws.dir.path().join("Shared.props"),
        "<Project><PropertyGroup><TargetFrameworkVersion>v4.0</TargetFrameworkVersion></PropertyGroup></Project>\n",
    )
    .expect("writable");
    ws.buffer(&project, &imports);
    ws.agree("an import added");
    assert_eq!(
        ws.session.last_scan(),
        Some(LastScan::Full(Some(Refused::Imports)))
    );
}

/// A file's own `global using` aliases reach the other files of its project: editing a file
/// that uses them is an update, changing them scans again.
#[test]
fn global_using_aliases_are_kept_and_their_changes_scan_again() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).expect("writable");
    std::fs::write(
        root.join("App.csproj"),
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>\n",
    )
    .expect("writable");
    let globals = root.join("GlobalUsings.cs");
    std::fs::write(
        &globals,
        "global using Protocols = System.Net.SecurityProtocolType;\n",
    )
    .expect("writable");
    let program = root.join("Program.cs");
    std::fs::write(&program, "class P { }\n").expect("writable");
    let mut ws = Workspace::at(dir, root);
    ws.agree("first check");

    ws.buffer(
        &program,
        "class P { void M() { System.Net.ServicePointManager.SecurityProtocol = Protocols.Tls; } }\n",
    );
    let aliased = ws.agree("a legacy value through an alias");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(1)));
    assert!(
        rules_of(&aliased).contains(&"Program.cs TLS001".to_owned()),
        "{:?}",
        rules_of(&aliased)
    );

    ws.buffer(
        &globals,
        "global using Protocols = System.Security.Authentication.SslProtocols;\n",
    );
    ws.agree("the alias changed");
    assert_eq!(
        ws.session.last_scan(),
        Some(LastScan::Full(Some(Refused::Aliases)))
    );
}

/// A buffer of a file never saved is checked where it would be saved, and its edits are
/// updates; one in an ignored folder is not checked, as the saved file would not be.
#[test]
fn unsaved_files_are_checked_as_if_saved_unless_ignored() {
    let mut ws = console_app();
    ws.agree("first check");
    let draft = ws.root.join("ReportExporter/Draft.cs");
    ws.buffer(&draft, LEGACY_CLASS);
    let drafted = ws.agree("a new file typed");
    assert!(rules_of(&drafted).contains(&"ReportExporter/Draft.cs TLS001".to_owned()));
    ws.buffer(&draft, &(LEGACY_CLASS.to_owned() + "// more\n"));
    ws.agree("the new file edited");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(1)));

    std::fs::write(ws.root.join(".gitignore"), "drafts/\n").expect("writable");
    ws.session.disk_changed(&ws.root.join(".gitignore"));
    let ignored = ws.root.join("drafts/Ignored.cs");
    ws.buffer(&ignored, LEGACY_CLASS);
    let result = ws.agree("a new file in an ignored folder");
    assert!(!rules_of(&result).iter().any(|f| f.contains("Ignored.cs")));
    let hidden = ws.root.join(".hidden/Hidden.cs");
    ws.buffer(&hidden, LEGACY_CLASS);
    let result = ws.agree("a new file in a hidden folder");
    assert!(!rules_of(&result).iter().any(|f| f.contains("Hidden.cs")));
    let outside = ws.dir.path().join("Outside.cs");
    ws.buffer(&outside, LEGACY_CLASS);
    let result = ws.agree("a new file outside the paths");
    assert!(!rules_of(&result).iter().any(|f| f.contains("Outside.cs")));
}

/// Buffers are read only for the files of the scan, and configuration files only from disk: a
/// buffer of any other file that exists changes nothing, and is no reason to scan again.
#[test]
fn buffers_of_files_outside_the_scan_change_nothing() {
    let mut ws = console_app();
    let first = ws.agree("first check");
    ws.buffer(&ws.root.join("README.md"), LEGACY_CLASS);
    ws.buffer(&ws.root.join("tlslint.toml"), "ignore = [\"TLS006\"]\n");
    ws.buffer(&ws.root.join(".vs/Hidden.cs"), LEGACY_CLASS);
    let unchanged = ws.agree("buffers that change nothing");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(3)));
    assert_eq!(rules_of(&unchanged), rules_of(&first));

    ws.buffer(&ws.root.join("ReportExporter/New.cs"), LEGACY_CLASS);
    let added = ws.agree("a new file the walk would find");
    assert_eq!(
        ws.session.last_scan(),
        Some(LastScan::Full(Some(Refused::Unknown)))
    );
    assert!(rules_of(&added).contains(&"ReportExporter/New.cs TLS001".to_owned()));
}

/// A folder named twice in two spellings is walked twice: its files have two places in the
/// scan, and an edit of one of them scans again rather than update one place.
#[test]
fn a_file_walked_twice_scans_again() {
    let mut ws = console_app();
    let twice = ws.root.join("../repo");
    ws.configure(|options| options.paths.push(twice));
    let twice = ws.agree("first check");
    let program = "ReportExporter/Program.cs TLS001".to_owned();
    assert!(!rules_of(&twice).contains(&program));
    ws.buffer(
        &ws.root.join("ReportExporter/Program.cs"),
        &(read(&ws.root.join("ReportExporter/Program.cs")) + LEGACY_CLASS),
    );
    let edited = ws.agree("a file walked twice edited");
    assert_eq!(
        ws.session.last_scan(),
        Some(LastScan::Full(Some(Refused::Unknown)))
    );
    assert!(
        rules_of(&edited).contains(&program),
        "{:?}",
        rules_of(&edited)
    );
}

/// With unused suppressions reported, a suppression comment alone makes a clean file matter.
#[test]
fn a_suppression_comment_alone_makes_a_file_matter_when_unused_ones_are_reported() {
    let mut ws = console_app();
    ws.configure(|options| options.report_unused_suppressions = true);
    ws.agree("first check");
    let program = ws.root.join("ReportExporter/Program.cs");
    let commented = read(&program) + "\n// tlslint:ignore TLS001 -- nothing to suppress\n";
    ws.buffer(&program, &commented);
    let unused = ws.agree("an unused suppression typed");
    assert_eq!(ws.session.last_scan(), Some(LastScan::Updated(1)));
    let reported = "ReportExporter/Program.cs TLS100".to_owned();
    assert!(
        rules_of(&unused).contains(&reported),
        "{:?}",
        rules_of(&unused)
    );
    ws.session.set_buffer(&program, None);
    let closed = ws.agree("buffer closed");
    assert!(!rules_of(&closed).contains(&reported));
}
