//! The fix oracle (tests/oracle/mod.rs) over every fix tlslint offers: on every case of
//! `test-repos/`, and on generated code that puts each fixable statement or value in every
//! position a language has for it. A fix the oracle rejects fails the test.

mod oracle;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tlslint::check::{self, CheckOptions, ConfigChoice};
use tlslint::config::CliOverrides;
use tlslint::fix::{EditFile, Fix};
use tlslint::lang::FileKind;

/// Checks each file `fix` edits, with the fix applied alone. `own` is the finding's file.
fn check_fix(fix: &Fix, own: (&Path, FileKind, &str)) -> Result<(), String> {
    // Group the edits by file, keeping the first-seen order.
    let mut files: Vec<(
        PathBuf,
        Option<FileKind>,
        Option<String>,
        Vec<(std::ops::Range<usize>, String)>,
    )> = Vec::new();
    for edit in &fix.edits {
        let (path, kind, text) = match &edit.file {
            EditFile::Same => (own.0.to_path_buf(), Some(own.1), Some(own.2.to_owned())),
            EditFile::Other { path, source, .. } => (
                path.clone(),
                FileKind::from_path(path),
                source.as_ref().map(|s| s.text.clone()),
            ),
        };
        match files.iter_mut().find(|f| f.0 == path) {
            Some(file) => file.3.push((edit.span.clone(), edit.content.clone())),
            None => files.push((
                path,
                kind,
                text,
                vec![(edit.span.clone(), edit.content.clone())],
            )),
        }
    }
    for (path, kind, text, edits) in files {
        let kind =
            kind.ok_or_else(|| format!("{}: a fix edits a file of no kind", path.display()))?;
        let result = match text {
            Some(text) => oracle::check(kind, &text, &edits).map(|_| ()),
            None => {
                let (created, _) =
                    edits
                        .iter()
                        .fold((String::new(), ()), |(mut out, ()), (_, c)| {
                            out.push_str(c);
                            (out, ())
                        });
                oracle::check_created(kind, &created)
            }
        };
        result.map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("test-repos/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Every fix on every test repository (all rules, safe and unsafe), one at a time.
#[test]
fn every_fix_on_the_test_repositories_keeps_the_tree_around_it() {
    let pool = Arc::new(check::worker_pool(1).expect("a thread pool"));
    let mut checked = 0;
    let mut kinds = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for case in cases() {
        let options = CheckOptions {
            paths: vec![case.clone()],
            config: ConfigChoice::Discover,
            overrides: CliOverrides {
                select: Some(vec!["ALL".to_owned()]),
                ..CliOverrides::default()
            },
            walk: tlslint::walk::WalkOptions::default(),
            threads: 1,
            max_file_size: check::DEFAULT_MAX_FILE_SIZE,
            cwd: case.clone(),
            report_unused_suppressions: true,
            baseline: None,
            pool: Some(Arc::clone(&pool)),
        };
        let result = check::check(&options).expect("the check runs");
        for report in &result.reports {
            for finding in &report.findings {
                let Some(fix) = &finding.fix else { continue };
                checked += 1;
                kinds.insert(format!("{:?}", report.kind));
                if let Err(e) = check_fix(fix, (&report.path, report.kind, &report.source.text)) {
                    failures.push(format!(
                        "{} {} ({}): {e}",
                        report.source.name, finding.rule.id, fix.description
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} fixes rejected:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    // The test repositories hold fixes in every language with fixes.
    assert!(checked > 100, "only {checked} fixes");
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "CSharp",
            "MsBuild",
            "Config",
            "Registry",
            "RuntimeConfig",
            "PowerShell",
            "VisualBasic",
            "Cpp"
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
}
