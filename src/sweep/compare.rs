//! Progress between sweeps: `tlslint report --compare OLD NEW` (repositories that moved between
//! verdicts, findings fixed, new findings) and `--history A B C…` (the burndown of `breaks`
//! and `at-risk` over the sweeps' dates), in every `report` format.
//!
//! Findings are matched by their fingerprint (SARIF's `tlslint/v1`: rule, path, the line's
//! text without whitespace, occurrence), so a finding whose line moved is neither fixed nor new.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::inventory::{Inventory, Repository, Status, TopFinding, VerdictCounts};
use crate::output::escape::markdown_cell as cell;

/// One side of a comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// The file as named on the command line.
    pub file: String,
    pub date: Option<String>,
    pub repositories: usize,
    pub verdicts: VerdictCounts,
    pub findings: usize,
}

impl Side {
    fn of(file: &str, inventory: &Inventory) -> Side {
        Side {
            file: file.to_owned(),
            date: inventory.date.clone(),
            repositories: inventory.summary.repositories,
            verdicts: inventory.summary.verdicts.clone(),
            findings: inventory.summary.findings,
        }
    }

    /// `2026-11-29`, or the file's name for a document written before sweeps had dates.
    pub fn label(&self) -> String {
        match &self.date {
            Some(date) => date.clone(),
            None => format!("{} (undated)", self.file),
        }
    }
}

/// A repository whose verdict changed, or that is in only one of the sweeps (`None`).
#[derive(Clone, Debug, Serialize)]
pub struct Move {
    pub repository: String,
    pub from: Option<Status>,
    pub to: Option<Status>,
}

/// A finding fixed or new, with its repository.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub repository: String,
    /// The commit of the sweep the finding was seen in (the old one for a fixed finding, the
    /// new one for a new finding), for links.
    pub commit: Option<String>,
    #[serde(flatten)]
    pub finding: TopFinding,
}

/// A repository in both sweeps whose findings could not be compared, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Uncompared {
    pub repository: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub kind: &'static str,
    pub old: Side,
    pub new: Side,
    /// Sorted by repository name.
    pub moved: Vec<Move>,
    /// In the old sweep, not the new one; by repository, then path and position.
    pub fixed: Vec<Change>,
    /// In the new sweep, not the old one; by repository, then path and position.
    pub new_findings: Vec<Change>,
    pub uncompared: Vec<Uncompared>,
}

/// Compares two sweeps (`old_file`, `new_file` name them in the output).
pub fn compare(old_file: &str, old: &Inventory, new_file: &str, new: &Inventory) -> Comparison {
    let old_repos: BTreeMap<&str, &Repository> = old
        .repositories
        .iter()
        .map(|r| (r.name.as_str(), r))
        .collect();
    let new_repos: BTreeMap<&str, &Repository> = new
        .repositories
        .iter()
        .map(|r| (r.name.as_str(), r))
        .collect();
    let mut names: Vec<&str> = old_repos.keys().chain(new_repos.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    let mut comparison = Comparison {
        kind: "comparison",
        old: Side::of(old_file, old),
        new: Side::of(new_file, new),
        moved: Vec::new(),
        fixed: Vec::new(),
        new_findings: Vec::new(),
        uncompared: Vec::new(),
    };
    for name in names {
        let (before, after) = (old_repos.get(name), new_repos.get(name));
        let (from, to) = (before.map(|r| r.verdict), after.map(|r| r.verdict));
        if from != to {
            comparison.moved.push(Move {
                repository: name.to_owned(),
                from,
                to,
            });
        }
        let (Some(before), Some(after)) = (before, after) else {
            // A repository that joined or left the sweep: its findings were not fixed or
            // introduced, they were not looked at.
            continue;
        };
        let reason = if before.verdict == Status::Error || after.verdict == Status::Error {
            // An error entry has no findings: comparing would call every finding fixed.
            Some("could not be checked in one of the sweeps")
        } else if before.all_findings.is_none() || after.all_findings.is_none() {
            Some("one of the sweeps lists no findings (written by an older tlslint)")
        } else {
            None
        };
        if let Some(reason) = reason {
            comparison.uncompared.push(Uncompared {
                repository: name.to_owned(),
                reason: reason.to_owned(),
            });
            continue;
        }
        let listed = |repo: &Repository| repo.all_findings.clone().unwrap_or_default();
        let (old_findings, new_findings) = (listed(before), listed(after));
        let key = |f: &TopFinding| {
            // Every finding a sweep writes has a fingerprint; without one (a hand-written
            // document) the position stands in.
            f.fingerprint
                .clone()
                .unwrap_or_else(|| format!("{}:{}:{}:{}", f.rule, f.path, f.line, f.column))
        };
        let mut old_keys: BTreeMap<String, usize> = BTreeMap::new();
        for f in &old_findings {
            *old_keys.entry(key(f)).or_insert(0) += 1;
        }
        let mut new_keys: BTreeMap<String, usize> = BTreeMap::new();
        for f in &new_findings {
            *new_keys.entry(key(f)).or_insert(0) += 1;
        }
        // Multiset difference, in each list's own order.
        let take = |keys: &mut BTreeMap<String, usize>, f: &TopFinding| match keys.get_mut(&key(f))
        {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        let mut remaining_new = new_keys;
        for f in &old_findings {
            if !take(&mut remaining_new, f) {
                comparison.fixed.push(Change {
                    repository: name.to_owned(),
                    commit: before.commit.clone(),
                    finding: f.clone(),
                });
            }
        }
        let mut remaining_old = old_keys;
        for f in &new_findings {
            if !take(&mut remaining_old, f) {
                comparison.new_findings.push(Change {
                    repository: name.to_owned(),
                    commit: after.commit.clone(),
                    finding: f.clone(),
                });
            }
        }
    }
    comparison
}

/// One sweep of a history.
pub type Point = Side;

#[derive(Clone, Debug, Serialize)]
pub struct History {
    pub kind: &'static str,
    /// In the order given on the command line.
    pub points: Vec<Point>,
}

pub fn history(documents: &[(String, Inventory)]) -> History {
    History {
        kind: "history",
        points: documents
            .iter()
            .map(|(file, inventory)| Side::of(file, inventory))
            .collect(),
    }
}

fn status(status: Option<Status>) -> &'static str {
    status.map_or("(not swept)", Status::as_str)
}

fn location(change: &Change) -> String {
    format!(
        "{}: {}:{}:{}",
        change.repository, change.finding.path, change.finding.line, change.finding.column
    )
}

/// The comparison for a terminal.
pub fn comparison_table(c: &Comparison) -> String {
    // Names, paths and messages come from the documents compared: a control character in
    // them is written `\xNN` rather than acted on by the terminal.
    let clean = crate::output::escape::one_line;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} -> {}",
        clean(&c.old.label()),
        clean(&c.new.label())
    );
    for (label, get) in [
        ("breaks", Status::Breaks),
        ("at-risk", Status::AtRisk),
        ("ready", Status::Ready),
        ("error", Status::Error),
    ] {
        let _ = writeln!(
            out,
            "  {label:<8} {:>5} -> {:>5}",
            c.old.verdicts.get(get),
            c.new.verdicts.get(get)
        );
    }
    let _ = writeln!(
        out,
        "  findings {:>5} -> {:>5}",
        c.old.findings, c.new.findings
    );
    let _ = writeln!(out, "\nMoved ({}):", c.moved.len());
    for m in &c.moved {
        let _ = writeln!(
            out,
            "  {}: {} -> {}",
            clean(&m.repository),
            status(m.from),
            status(m.to)
        );
    }
    for (title, changes) in [("Fixed", &c.fixed), ("New", &c.new_findings)] {
        let _ = writeln!(out, "\n{title} ({}):", changes.len());
        for change in changes {
            let _ = writeln!(
                out,
                "  {} {} {}",
                clean(&change.finding.rule),
                clean(&location(change)),
                clean(&change.finding.message)
            );
        }
    }
    if !c.uncompared.is_empty() {
        let _ = writeln!(out, "\nNot compared ({}):", c.uncompared.len());
        for u in &c.uncompared {
            let _ = writeln!(out, "  {}: {}", clean(&u.repository), clean(&u.reason));
        }
    }
    out
}

pub fn comparison_markdown(c: &Comparison) -> String {
    let mut out = String::from("## TLS readiness: progress\n\n");
    let _ = writeln!(out, "{} → {}\n", cell(&c.old.label()), cell(&c.new.label()));
    out.push_str("| | breaks | at-risk | ready | error | findings |\n");
    out.push_str("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for side in [&c.old, &c.new] {
        let v = &side.verdicts;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&side.label()),
            v.breaks,
            v.at_risk,
            v.ready,
            v.error,
            side.findings
        );
    }
    let _ = writeln!(out, "\n### Moved ({})", c.moved.len());
    if !c.moved.is_empty() {
        out.push_str("\n| Repository | From | To |\n| --- | --- | --- |\n");
        for m in &c.moved {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&m.repository),
                status(m.from),
                status(m.to)
            );
        }
    }
    for (title, changes) in [("Fixed", &c.fixed), ("New", &c.new_findings)] {
        let _ = writeln!(out, "\n### {title} ({})", changes.len());
        if changes.is_empty() {
            continue;
        }
        out.push_str("\n| Repository | Location | Rule | Message |\n| --- | --- | --- | --- |\n");
        for change in changes {
            let _ = writeln!(
                out,
                "| {} | `{}:{}` | {} | {} |",
                cell(&change.repository),
                cell(&change.finding.path),
                change.finding.line,
                change.finding.rule,
                cell(&change.finding.message)
            );
        }
    }
    if !c.uncompared.is_empty() {
        let _ = writeln!(out, "\n### Not compared ({})\n", c.uncompared.len());
        for u in &c.uncompared {
            let _ = writeln!(out, "- {}: {}", cell(&u.repository), u.reason);
        }
    }
    out
}

/// One row per change: `change` is `verdict`, `fixed`, `new` or `not-compared`.
pub fn comparison_csv(c: &Comparison, field: fn(&str) -> String) -> String {
    let mut out =
        String::from("change,repository,from,to,rule,severity,path,line,column,message\n");
    for m in &c.moved {
        let _ = writeln!(
            out,
            "verdict,{},{},{},,,,,,",
            field(&m.repository),
            m.from.map_or("", Status::as_str),
            m.to.map_or("", Status::as_str)
        );
    }
    for (kind, changes) in [("fixed", &c.fixed), ("new", &c.new_findings)] {
        for change in changes {
            let f = &change.finding;
            let _ = writeln!(
                out,
                "{kind},{},,,{},{},{},{},{},{}",
                field(&change.repository),
                // Read from the documents compared, like the rest: never written raw.
                field(&f.rule),
                field(&f.severity),
                field(&f.path),
                f.line,
                f.column,
                field(&f.message)
            );
        }
    }
    for u in &c.uncompared {
        let _ = writeln!(
            out,
            "not-compared,{},,,,,,,,{}",
            field(&u.repository),
            field(&u.reason)
        );
    }
    out
}

/// One JSON object per line: each move, fixed and new finding, and repository not compared,
/// with `change` saying which.
pub fn comparison_json_lines(c: &Comparison) -> serde_json::Result<String> {
    let mut out = String::new();
    // `change` first, then the object's own fields in their order.
    let mut line = |change: &str, fields: String| {
        let rest = fields.strip_prefix('{').unwrap_or("}");
        let separator = if rest == "}" { "" } else { "," };
        let _ = writeln!(out, "{{\"change\":\"{change}\"{separator}{rest}");
    };
    for m in &c.moved {
        line("verdict", serde_json::to_string(m)?);
    }
    for f in &c.fixed {
        line("fixed", serde_json::to_string(f)?);
    }
    for f in &c.new_findings {
        line("new", serde_json::to_string(f)?);
    }
    for u in &c.uncompared {
        line("not-compared", serde_json::to_string(u)?);
    }
    Ok(out)
}

/// The history for a terminal.
pub fn history_table(h: &History) -> String {
    let header = ["SWEEP", "BREAKS", "AT-RISK", "READY", "ERROR", "FINDINGS"];
    let rows: Vec<[String; 6]> = h
        .points
        .iter()
        .map(|p| {
            [
                crate::output::escape::one_line(&p.label()),
                p.verdicts.breaks.to_string(),
                p.verdicts.at_risk.to_string(),
                p.verdicts.ready.to_string(),
                p.verdicts.error.to_string(),
                p.findings.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header = header.map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        let mut text = String::new();
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            if i == 0 {
                let _ = write!(text, "{cell:<width$}");
            } else {
                let _ = write!(text, "  {cell:>width$}");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

pub fn history_markdown(h: &History) -> String {
    let mut out = String::from("## TLS readiness: history\n\n");
    out.push_str("| Sweep | breaks | at-risk | ready | error | findings |\n");
    out.push_str("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for p in &h.points {
        let v = &p.verdicts;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&p.label()),
            v.breaks,
            v.at_risk,
            v.ready,
            v.error,
            p.findings
        );
    }
    out
}

pub fn history_csv(h: &History, field: fn(&str) -> String) -> String {
    let mut out = String::from("file,date,repositories,breaks,at-risk,ready,error,findings\n");
    for p in &h.points {
        let v = &p.verdicts;
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            field(&p.file),
            p.date.as_deref().unwrap_or_default(),
            p.repositories,
            v.breaks,
            v.at_risk,
            v.ready,
            v.error,
            p.findings
        );
    }
    out
}

pub fn history_json_lines(h: &History) -> serde_json::Result<String> {
    let mut out = String::new();
    for p in &h.points {
        out.push_str(&serde_json::to_string(p)?);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::inventory::failed;

    fn finding(path: &str, line: u32, fingerprint: &str) -> TopFinding {
        TopFinding {
            rule: "TLS001".to_owned(),
            severity: "error".to_owned(),
            verdict: Status::Breaks,
            path: path.to_owned(),
            line,
            column: 1,
            message: "m".to_owned(),
            offers: None,
            fingerprint: Some(fingerprint.to_owned()),
        }
    }

    fn repo(name: &str, verdict: Status, findings: Vec<TopFinding>) -> Repository {
        let mut repo = failed(name.to_owned(), String::new());
        repo.error = None;
        repo.verdict = verdict;
        repo.findings = findings.len();
        repo.all_findings = Some(findings);
        repo
    }

    #[test]
    fn moved_lines_are_neither_fixed_nor_new() {
        let old = Inventory::new(
            vec![
                repo(
                    "a",
                    Status::Breaks,
                    vec![finding("x.cs", 3, "k1:1"), finding("x.cs", 9, "k2:1")],
                ),
                repo("gone", Status::Breaks, vec![finding("y.cs", 1, "k3:1")]),
                failed("broken".to_owned(), "unreadable".to_owned()),
            ],
            None,
        );
        let new = Inventory::new(
            vec![
                // k1 moved from line 3 to 30; k2 fixed; k4 new; k1's second occurrence new.
                repo(
                    "a",
                    Status::Breaks,
                    vec![
                        finding("x.cs", 30, "k1:1"),
                        finding("x.cs", 31, "k1:2"),
                        finding("z.cs", 1, "k4:1"),
                    ],
                ),
                repo("broken", Status::Ready, Vec::new()),
                repo("joined", Status::Ready, Vec::new()),
            ],
            None,
        );
        let c = compare("old.json", &old, "new.json", &new);
        let fixed: Vec<_> = c.fixed.iter().map(|f| f.finding.line).collect();
        let added: Vec<_> = c.new_findings.iter().map(|f| f.finding.line).collect();
        assert_eq!(fixed, [9]);
        assert_eq!(added, [31, 1]);
        let moved: Vec<_> = c
            .moved
            .iter()
            .map(|m| (m.repository.as_str(), m.from, m.to))
            .collect();
        assert_eq!(
            moved,
            [
                ("broken", Some(Status::Error), Some(Status::Ready)),
                ("gone", Some(Status::Breaks), None),
                ("joined", None, Some(Status::Ready)),
            ]
        );
        // The repository that could not be checked before is not "all new".
        assert_eq!(c.uncompared.len(), 1);
        assert_eq!(c.uncompared[0].repository, "broken");
    }

    #[test]
    fn old_documents_without_findings_are_not_compared() {
        let mut old_repo = repo("a", Status::Breaks, vec![finding("x.cs", 3, "k1:1")]);
        old_repo.all_findings = None;
        let old = Inventory::new(vec![old_repo], None);
        let new = Inventory::new(vec![repo("a", Status::Ready, Vec::new())], None);
        let c = compare("old.json", &old, "new.json", &new);
        assert!(c.fixed.is_empty());
        assert!(c.uncompared[0].reason.contains("older tlslint"));
        assert_eq!(c.old.label(), "old.json (undated)");
    }
}
