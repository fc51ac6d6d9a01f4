//! The inventory a sweep produces: per repository and per project a verdict, counts by rule,
//! the lowest effective target and the top findings. It is the sweep's JSON document as well
//! (`"version": 2`), so `tlslint report` reads shards back into the same structure and renders
//! it exactly as a single run would.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::discover::Shard;
use crate::diagnostic::Severity;
use crate::engine::CheckResult;
use crate::target::Target;
use crate::verdict::{self, Verdict};

/// Bumped whenever a field changes meaning or disappears (adding fields does not bump it).
/// 2: verdicts judge the protocol set a finding offers (legacy next to TLS 1.2 is `at-risk`),
/// and `top_findings` list `breaks` causes first.
pub const SWEEP_JSON_VERSION: u32 = 2;

/// Tells a sweep document from a `check` report.
pub const KIND: &str = "sweep";

/// A repository's verdict, or `error` when it could not be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Ready,
    AtRisk,
    Breaks,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ready => "ready",
            Status::AtRisk => "at-risk",
            Status::Breaks => "breaks",
            Status::Error => "error",
        }
    }
}

impl From<Verdict> for Status {
    fn from(verdict: Verdict) -> Status {
        match verdict {
            Verdict::Ready => Status::Ready,
            Verdict::AtRisk => Status::AtRisk,
            Verdict::Breaks => Status::Breaks,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    pub fn current() -> Tool {
        Tool {
            name: "tlslint".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// The whole sweep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inventory {
    pub version: u32,
    pub kind: String,
    pub tool: Tool,
    /// The part of a sharded sweep this document covers; `null` for a whole sweep (also one
    /// merged by `tlslint report`).
    pub shard: Option<Shard>,
    /// The day of the sweep (`YYYY-MM-DD`, UTC, or `--date`): what `report --history` plots.
    /// `null` in documents written before tlslint recorded it.
    #[serde(default)]
    pub date: Option<String>,
    /// Sorted by name.
    pub repositories: Vec<Repository>,
    pub summary: Summary,
}

/// One repository.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repository {
    /// The folder name below DIR, or the list entry as written.
    pub name: String,
    pub verdict: Status,
    /// Why the repository could not be checked (`verdict` is then `error`).
    pub error: Option<String>,
    /// Files read and linted.
    pub files: usize,
    pub findings: usize,
    pub by_rule: BTreeMap<String, usize>,
    /// The lowest effective target of its projects: `net45`, `modern`, or `null`.
    pub lowest_target: Option<String>,
    /// Sorted by path (relative to the repository).
    pub projects: Vec<Project>,
    /// The most severe findings: those that break first, then errors, then by path and
    /// position.
    pub top_findings: Vec<TopFinding>,
    /// Files that could not be read.
    pub errors: Vec<FileError>,
    /// The commit checked out (`HEAD` of the repository's own `.git`), for `--link-template`;
    /// `null` when the repository is not a git repository or its `HEAD` cannot be read.
    #[serde(default)]
    pub commit: Option<String>,
    /// Every finding, in the order of `check` (by path and position), with its fingerprint:
    /// what the HTML report lists and `report --compare` matches. `null` in documents written
    /// before tlslint recorded them.
    #[serde(default)]
    pub all_findings: Option<Vec<TopFinding>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// The project file (or a web site's `web.config`), relative to the repository.
    pub path: String,
    /// `exe`, `web` or `library`.
    pub kind: String,
    /// The effective targets as written.
    pub targets: Vec<String>,
    pub lowest_target: Option<String>,
    pub opt_in: bool,
    pub verdict: Status,
    pub by_rule: BTreeMap<String, usize>,
    /// The fingerprints of the findings that count for this project (see
    /// [`Repository::all_findings`]), by path and position; `None` in documents written before
    /// they were recorded.
    #[serde(default)]
    pub fingerprints: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopFinding {
    pub rule: String,
    pub severity: String,
    /// What the finding makes of its repository's verdict: `breaks`, `at-risk` or `ready`.
    pub verdict: Status,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The protocol set the finding judged (`["tls1.0", "tls1.2"]`), `null` when it is not
    /// about one.
    pub offers: Option<Vec<String>>,
    /// tlslint's fingerprint (SARIF `tlslint/v1`): stays the same when the finding's line
    /// moves, so `report --compare` does not count a moved line as fixed and new.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Totals, always recomputed from the repositories.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub repositories: usize,
    pub projects: usize,
    pub verdicts: VerdictCounts,
    pub findings: usize,
    pub by_rule: BTreeMap<String, usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictCounts {
    pub breaks: usize,
    #[serde(rename = "at-risk")]
    pub at_risk: usize,
    pub ready: usize,
    pub error: usize,
}

impl VerdictCounts {
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Breaks => self.breaks,
            Status::AtRisk => self.at_risk,
            Status::Ready => self.ready,
            Status::Error => self.error,
        }
    }
}

impl Inventory {
    /// An inventory of `repositories` (sorted here), with its summary.
    pub fn new(mut repositories: Vec<Repository>, shard: Option<Shard>) -> Inventory {
        repositories.sort_by(|a, b| a.name.cmp(&b.name));
        // Counts of a run fit in memory, so they cannot overflow; merged documents are checked
        // with `checked_add` before they get here.
        let summary =
            summarize(&repositories, |a, b| Some(a.saturating_add(b))).unwrap_or_default();
        Inventory {
            version: SWEEP_JSON_VERSION,
            kind: KIND.to_owned(),
            tool: Tool::current(),
            shard,
            date: None,
            repositories,
            summary,
        }
    }
}

/// The totals of `repositories`, adding with `add` (`None`: the counts do not add up).
fn summarize(
    repositories: &[Repository],
    add: fn(usize, usize) -> Option<usize>,
) -> Option<Summary> {
    let mut summary = Summary {
        repositories: repositories.len(),
        ..Summary::default()
    };
    for repo in repositories {
        summary.projects = add(summary.projects, repo.projects.len())?;
        summary.findings = add(summary.findings, repo.findings)?;
        let counter = match repo.verdict {
            Status::Breaks => &mut summary.verdicts.breaks,
            Status::AtRisk => &mut summary.verdicts.at_risk,
            Status::Ready => &mut summary.verdicts.ready,
            Status::Error => &mut summary.verdicts.error,
        };
        *counter = add(*counter, 1)?;
        for (rule, n) in &repo.by_rule {
            let total = summary.by_rule.entry(rule.clone()).or_insert(0);
            *total = add(*total, *n)?;
        }
    }
    Some(summary)
}

/// Refuses a document whose contents no sweep could have written: a rule this tlslint does not
/// know (it would be carried into the summary as if it were one), or counts that contradict
/// each other or do not add up (a count of 2^64-1 would wrap to a small number when merged).
fn validate(name: &str, document: &Inventory) -> Result<(), String> {
    let known = |rule: &str| crate::rules::RULES.iter().any(|r| r.id == rule);
    // A sweep names each repository once: a second entry would silently replace the first in
    // a comparison or a merge.
    let mut names = std::collections::BTreeSet::new();
    for repo in &document.repositories {
        if !names.insert(repo.name.as_str()) {
            return Err(format!(
                "{name}: repository `{}` is listed twice: not a sweep document this tlslint wrote",
                repo.name
            ));
        }
        let severities = repo
            .top_findings
            .iter()
            .chain(repo.all_findings.iter().flatten())
            .map(|f| f.severity.as_str());
        if let Some(bad) = severities
            .into_iter()
            .find(|s| !matches!(*s, "error" | "warning" | "note"))
        {
            return Err(format!(
                "{name}: repository `{}` has a finding of unknown severity `{bad}`: the document was altered",
                repo.name
            ));
        }
        let rules = repo
            .by_rule
            .keys()
            .chain(repo.projects.iter().flat_map(|p| p.by_rule.keys()))
            .chain(repo.top_findings.iter().map(|f| &f.rule))
            .chain(repo.all_findings.iter().flatten().map(|f| &f.rule));
        for rule in rules {
            if !known(rule) {
                return Err(format!(
                    "{name}: repository `{}` counts unknown rule `{rule}` (see `tlslint rules`): not a sweep document this tlslint wrote",
                    repo.name
                ));
            }
        }
        let by_rule = checked_sum(repo.by_rule.values());
        let listed = repo.all_findings.as_ref().map_or(repo.findings, Vec::len);
        if by_rule != Some(repo.findings)
            || repo.top_findings.len() > repo.findings
            || listed != repo.findings
        {
            return Err(format!(
                "{name}: repository `{}` has impossible counts ({} findings, {} by rule, {} listed): the document was altered",
                repo.name,
                repo.findings,
                by_rule.map_or("too many to add up".to_owned(), |n| n.to_string()),
                repo.top_findings.len()
            ));
        }
        if let Some(project) = repo
            .projects
            .iter()
            .find(|p| checked_sum(p.by_rule.values()).is_none())
        {
            return Err(format!(
                "{name}: project `{}` of repository `{}` has counts too large to add up: the document was altered",
                project.path, repo.name
            ));
        }
    }
    if summarize(&document.repositories, usize::checked_add).as_ref() != Some(&document.summary) {
        return Err(format!(
            "{name}: the summary does not match the repositories (impossible counts): the document was altered"
        ));
    }
    Ok(())
}

fn checked_sum<'a>(counts: impl IntoIterator<Item = &'a usize>) -> Option<usize> {
    counts
        .into_iter()
        .try_fold(0usize, |total, &n| total.checked_add(n))
}

/// `net45`, `net462`, `modern`; `None` when no target is known.
pub fn target_label(target: Target) -> Option<String> {
    match target {
        Target::Unknown | Target::Platform => None,
        Target::Framework(version) => Some(version.short_name()),
        Target::Modern => Some("modern".to_owned()),
    }
}

/// A repository that could not be checked.
pub fn failed(name: String, error: String) -> Repository {
    Repository {
        name,
        verdict: Status::Error,
        error: Some(error),
        files: 0,
        findings: 0,
        by_rule: BTreeMap::new(),
        lowest_target: None,
        projects: Vec::new(),
        top_findings: Vec::new(),
        errors: Vec::new(),
        commit: None,
        all_findings: None,
    }
}

/// Boils a repository's check down to its inventory entry (the check's sources and syntax are
/// dropped right after; what stays is a short record per finding, so a sweep's memory grows
/// with the findings, not with the code). The verdict is the worst of
/// the projects' verdicts and of every finding's, including findings outside any project.
pub fn summarize_check(name: String, result: &CheckResult, top: usize) -> Repository {
    let mut verdict = result
        .projects
        .iter()
        .map(|p| p.verdict)
        .max()
        .unwrap_or(Verdict::Ready);
    // Every finding in `check`'s order (by path and position), with the key SARIF gives it.
    let mut all: Vec<(Verdict, Severity, TopFinding)> = Vec::with_capacity(result.finding_count());
    // Each finding's fingerprint by what identifies it, for the projects' lists.
    let mut keyed: HashMap<(&str, usize, usize, &str), String> = HashMap::new();
    for report in &result.reports {
        let keys =
            crate::fingerprint::finding_keys(report.display(), &report.source, &report.findings);
        for (finding, key) in report.findings.iter().zip(keys) {
            keyed.insert(
                (
                    report.display(),
                    finding.span.start,
                    finding.span.end,
                    finding.rule.id,
                ),
                key.clone(),
            );
            let finding_verdict = verdict::verdict_of(finding, report.test_code);
            let start = report.source.position(finding.span.start);
            all.push((
                finding_verdict,
                finding.severity,
                TopFinding {
                    rule: finding.rule.id.to_owned(),
                    severity: finding.severity.as_str().to_owned(),
                    verdict: finding_verdict.into(),
                    path: report.display().to_owned(),
                    line: start.line,
                    column: start.column,
                    message: finding.message.clone(),
                    offers: finding
                        .offers
                        .map(|o| o.members().into_iter().map(str::to_owned).collect()),
                    fingerprint: Some(key),
                },
            ));
        }
    }
    verdict = all.iter().fold(verdict, |worst, (v, _, _)| worst.max(*v));
    let lowest = result
        .projects
        .iter()
        .fold(Target::Unknown, |lowest, p| lowest.lowest(p.lowest_target));
    // What breaks first, then by severity. `all` is sorted by path and position; a stable sort
    // keeps that order among equals.
    let mut ranked: Vec<&(Verdict, Severity, TopFinding)> = all.iter().collect();
    ranked.sort_by_key(|(v, s, _)| std::cmp::Reverse((*v, severity_rank(*s))));
    let top_findings = ranked
        .into_iter()
        .take(top)
        .map(|(_, _, finding)| finding.clone())
        .collect();
    Repository {
        name,
        verdict: verdict.into(),
        error: None,
        files: result.files_checked,
        findings: result.finding_count(),
        by_rule: owned_counts(&result.by_rule()),
        lowest_target: target_label(lowest),
        projects: result
            .projects
            .iter()
            .map(|p| Project {
                path: p.path.clone(),
                kind: p.kind.as_str().to_owned(),
                targets: p.targets.clone(),
                lowest_target: target_label(p.lowest_target),
                opt_in: p.opt_in,
                verdict: p.verdict.into(),
                by_rule: owned_counts(&p.by_rule),
                // Findings left out after the project was summarised (suppressed, in the
                // baseline) have no fingerprint and are not listed.
                fingerprints: Some(
                    p.findings
                        .iter()
                        .filter_map(|f| {
                            keyed
                                .get(&(f.path.as_str(), f.start, f.end, f.rule))
                                .cloned()
                        })
                        .collect(),
                ),
            })
            .collect(),
        top_findings,
        errors: result
            .errors
            .iter()
            .map(|e| FileError {
                path: e.path.clone(),
                message: e.message.clone(),
            })
            .collect(),
        commit: None,
        all_findings: Some(all.into_iter().map(|(_, _, f)| f).collect()),
    }
}

fn severity_rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 2,
        Severity::Warning => 1,
        Severity::Note => 0,
    }
}

fn owned_counts(counts: &BTreeMap<&'static str, usize>) -> BTreeMap<String, usize> {
    counts.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

/// One input of `tlslint report`: its name (for messages) and contents.
pub struct ReportInput {
    pub name: String,
    pub text: String,
}

/// Reads one sweep document: JSON of the kind and version this tlslint writes, whose counts add
/// up. Any tlslint version (of the same document version) is accepted here; `merge` insists on
/// one version, comparing sweeps across an upgrade is what `--compare` is for.
pub fn load(input: &ReportInput) -> Result<Inventory, String> {
    let value: serde_json::Value =
        serde_json::from_str(&input.text).map_err(|e| format!("{}: not JSON: {e}", input.name))?;
    if value.get("kind").and_then(|k| k.as_str()) != Some(KIND) {
        return Err(format!(
            "{}: not a sweep document (`tlslint sweep --format json` writes one)",
            input.name
        ));
    }
    let version = value.get("version").and_then(|v| v.as_u64());
    if version != Some(u64::from(SWEEP_JSON_VERSION)) {
        return Err(format!(
            "{}: sweep document version {}, this tlslint reads version {SWEEP_JSON_VERSION}",
            input.name,
            version.map_or("?".to_owned(), |v| v.to_string())
        ));
    }
    let document: Inventory = serde_json::from_value(value)
        .map_err(|e| format!("{}: malformed sweep document: {e}", input.name))?;
    validate(&input.name, &document)?;
    if let Some(date) = &document.date
        && !super::date::is_valid(date)
    {
        return Err(format!(
            "{}: date `{date}` is not a day (YYYY-MM-DD): the document was altered",
            input.name
        ));
    }
    Ok(document)
}

/// Merges sweep documents (the shards of one sweep, or whole sweeps of different folders)
/// into one inventory. Refuses documents that are not sweeps of this version, that come from
/// different tlslint versions, shards of different splits, a shard given twice or missing, a
/// mix of sharded and whole sweeps, and a repository that appears in two documents.
pub fn merge(inputs: &[ReportInput]) -> Result<Inventory, String> {
    if inputs.is_empty() {
        return Err("no sweep documents to merge".to_owned());
    }
    let mut documents: Vec<(&str, Inventory)> = Vec::new();
    for input in inputs {
        documents.push((&input.name, load(input)?));
    }
    let (first_name, first) = &documents[0];
    for (name, document) in &documents[1..] {
        if document.tool != first.tool {
            return Err(format!(
                "{name} was written by {} {}, {first_name} by {} {}: run every shard with the same version",
                document.tool.name, document.tool.version, first.tool.name, first.tool.version
            ));
        }
    }
    check_shards(&documents)?;
    let mut owner: BTreeMap<String, &str> = BTreeMap::new();
    let mut repositories = Vec::new();
    let tool = first.tool.clone();
    let mut totals = Some(Summary::default());
    for (name, document) in &documents {
        // Each document adds up on its own (`validate`); together they must too.
        totals = totals.and_then(|t| {
            let add = |a: usize, b: usize| a.checked_add(b);
            Some(Summary {
                repositories: add(t.repositories, document.summary.repositories)?,
                projects: add(t.projects, document.summary.projects)?,
                findings: add(t.findings, document.summary.findings)?,
                ..Summary::default()
            })
        });
        // Counts by rule and by verdict are bounded by these (`validate`).
        if totals.is_none() {
            return Err(format!(
                "{name}: counts too large to add up with the other documents: a document was altered"
            ));
        }
        for repo in &document.repositories {
            if let Some(other) = owner.insert(repo.name.clone(), name) {
                return Err(format!(
                    "repository `{}` appears in both {other} and {name}: shards overlap",
                    repo.name
                ));
            }
            repositories.push(repo.clone());
        }
    }
    let mut merged = Inventory::new(repositories, None);
    merged.tool = tool;
    // Shards of one sweep may finish on different days: the inventory is as of the last.
    merged.date = documents.iter().filter_map(|(_, d)| d.date.clone()).max();
    Ok(merged)
}

/// Shards must be all or none, of one split, each exactly once.
fn check_shards(documents: &[(&str, Inventory)]) -> Result<(), String> {
    let sharded: Vec<(&str, Shard)> = documents
        .iter()
        .filter_map(|(name, d)| d.shard.map(|s| (*name, s)))
        .collect();
    if sharded.is_empty() {
        return Ok(());
    }
    if sharded.len() != documents.len() {
        let whole = documents
            .iter()
            .find(|(_, d)| d.shard.is_none())
            .map_or("", |(name, _)| *name);
        return Err(format!(
            "{whole} is a whole sweep but {} is shard {}: merge shards of one sweep, or whole sweeps",
            sharded[0].0, sharded[0].1
        ));
    }
    let count = sharded[0].1.count;
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for (name, shard) in &sharded {
        if shard.count != count {
            return Err(format!(
                "{name} is shard {shard} but {} is shard {}: all shards must split the sweep the same way",
                sharded[0].0, sharded[0].1
            ));
        }
        if let Some(other) = seen.insert(shard.index, name) {
            return Err(format!("{other} and {name} are both shard {shard}"));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "shard {} missing: the inventory would be incomplete",
            missing.join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(name: &str, verdict: Status) -> Repository {
        let mut repo = failed(name.to_owned(), String::new());
        repo.verdict = verdict;
        repo.error = None;
        repo
    }

    fn doc(repos: &[(&str, Status)], shard: Option<(u32, u32)>) -> ReportInput {
        let inventory = Inventory::new(
            repos.iter().map(|(n, v)| repo(n, *v)).collect(),
            shard.map(|(index, count)| Shard { index, count }),
        );
        ReportInput {
            name: format!("{shard:?}"),
            text: serde_json::to_string(&inventory).unwrap(),
        }
    }

    /// A document written before sweeps recorded dates, commits and every finding still loads;
    /// the new fields are `None`, and merged shards take the latest date.
    #[test]
    fn older_documents_load_and_dates_merge() {
        let mut value =
            serde_json::to_value(Inventory::new(vec![repo("a", Status::Ready)], None)).unwrap();
        value.as_object_mut().unwrap().remove("date");
        let repo_value = value["repositories"][0].as_object_mut().unwrap();
        repo_value.remove("commit");
        repo_value.remove("all_findings");
        let old = load(&ReportInput {
            name: "old.json".to_owned(),
            text: value.to_string(),
        })
        .unwrap();
        assert_eq!(old.date, None);
        assert_eq!(old.repositories[0].all_findings, None);

        let dated = |name: &str, index: u32, date: &str| {
            let mut inventory = Inventory::new(
                vec![repo(name, Status::Ready)],
                Some(Shard { index, count: 2 }),
            );
            inventory.date = Some(date.to_owned());
            ReportInput {
                name: name.to_owned(),
                text: serde_json::to_string(&inventory).unwrap(),
            }
        };
        let merged = merge(&[dated("a", 1, "2026-11-30"), dated("b", 2, "2026-11-29")]).unwrap();
        assert_eq!(merged.date.as_deref(), Some("2026-11-30"));
    }

    #[test]
    fn shards_merge_into_the_whole() {
        let whole = Inventory::new(
            vec![
                repo("a", Status::Breaks),
                repo("b", Status::Ready),
                repo("c", Status::AtRisk),
            ],
            None,
        );
        let merged = merge(&[
            doc(&[("c", Status::AtRisk)], Some((2, 2))),
            doc(&[("a", Status::Breaks), ("b", Status::Ready)], Some((1, 2))),
        ])
        .unwrap();
        assert_eq!(merged, whole);
        assert_eq!(merged.summary.verdicts.breaks, 1);
    }

    #[test]
    fn bad_merges_are_refused() {
        let a = || doc(&[("a", Status::Ready)], Some((1, 2)));
        let b = || doc(&[("b", Status::Ready)], Some((2, 2)));
        let err = |inputs: &[ReportInput]| merge(inputs).unwrap_err();
        assert!(err(&[a()]).contains("shard 2/2 missing"));
        assert!(err(&[a(), a(), b()]).contains("both shard 1/2"));
        assert!(err(&[a(), doc(&[("b", Status::Ready)], Some((2, 3)))]).contains("same way"));
        assert!(err(&[a(), doc(&[("b", Status::Ready)], None)]).contains("whole sweep"));
        assert!(err(&[a(), doc(&[("a", Status::Ready)], Some((2, 2)))]).contains("overlap"));
        let mut other = Inventory::new(
            vec![repo("b", Status::Ready)],
            Some(Shard { index: 2, count: 2 }),
        );
        other.tool.version = "0.0.1".to_owned();
        let other = ReportInput {
            name: "old.json".to_owned(),
            text: serde_json::to_string(&other).unwrap(),
        };
        assert!(err(&[a(), other]).contains("same version"));
        let check = ReportInput {
            name: "check.json".to_owned(),
            text: "{\"version\": 1, \"findings\": []}".to_owned(),
        };
        assert!(err(&[check]).contains("not a sweep document"));
    }

    /// Hand-edited documents: counts that wrap when added, rules that do not exist, a summary
    /// that contradicts the repositories. Each refusal names the document.
    #[test]
    fn tampered_documents_are_refused() {
        let tamper = |name: &str, edit: &dyn Fn(&mut serde_json::Value)| {
            let inventory = Inventory::new(vec![repo("a", Status::Ready)], None);
            let mut value = serde_json::to_value(&inventory).unwrap();
            edit(&mut value);
            ReportInput {
                name: name.to_owned(),
                text: value.to_string(),
            }
        };
        let huge = serde_json::json!(u64::MAX);
        let cases: Vec<(ReportInput, &str)> = vec![
            (
                tamper("twice.json", &|v| {
                    let repo = v["repositories"][0].clone();
                    v["repositories"].as_array_mut().unwrap().push(repo);
                    v["summary"]["repositories"] = serde_json::json!(2);
                }),
                "listed twice",
            ),
            (
                tamper("wrap.json", &|v| {
                    v["repositories"][0]["findings"] = huge.clone();
                }),
                "impossible counts",
            ),
            (
                tamper("sum.json", &|v| {
                    v["repositories"][0]["findings"] = serde_json::json!(1);
                    v["repositories"][0]["by_rule"] =
                        serde_json::json!({"TLS001": u64::MAX, "TLS002": 2});
                }),
                "impossible counts",
            ),
            (
                tamper("rule.json", &|v| {
                    v["repositories"][0]["findings"] = serde_json::json!(1);
                    v["repositories"][0]["by_rule"] = serde_json::json!({"TLS999": 1});
                    v["summary"]["findings"] = serde_json::json!(1);
                    v["summary"]["by_rule"] = serde_json::json!({"TLS999": 1});
                }),
                "unknown rule `TLS999`",
            ),
            (
                tamper("list.json", &|v| {
                    // One finding counted, none listed.
                    v["repositories"][0]["findings"] = serde_json::json!(1);
                    v["repositories"][0]["by_rule"] = serde_json::json!({"TLS001": 1});
                    v["repositories"][0]["all_findings"] = serde_json::json!([]);
                    v["summary"]["findings"] = serde_json::json!(1);
                    v["summary"]["by_rule"] = serde_json::json!({"TLS001": 1});
                }),
                "impossible counts",
            ),
            (
                tamper("date.json", &|v| {
                    v["date"] = serde_json::json!("2026-02-30");
                }),
                "not a day",
            ),
            (
                tamper("summary.json", &|v| {
                    v["summary"]["by_rule"] = serde_json::json!({"TLS998": 1});
                }),
                "summary does not match",
            ),
        ];
        for (input, expected) in cases {
            let name = input.name.clone();
            let error = merge(&[input]).unwrap_err();
            assert!(
                error.contains(expected) && error.contains(&name),
                "{name}: {error}"
            );
        }
        // Two documents that each add up, but not together.
        let big = |name: &str, repo_name: &'static str| {
            tamper(name, &|v| {
                v["repositories"][0]["name"] = serde_json::json!(repo_name);
                v["repositories"][0]["findings"] = serde_json::json!(u64::MAX);
                v["repositories"][0]["by_rule"] = serde_json::json!({"TLS001": u64::MAX});
                v["summary"]["findings"] = serde_json::json!(u64::MAX);
                v["summary"]["by_rule"] = serde_json::json!({"TLS001": u64::MAX});
            })
        };
        let error = merge(&[big("one.json", "a"), big("two.json", "b")]).unwrap_err();
        assert!(
            error.contains("two.json") && error.contains("add up"),
            "{error}"
        );
    }
}
