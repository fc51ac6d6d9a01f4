//! Rendering an inventory: a terminal table, a markdown table (for an issue or a wiki page),
//! CSV (one row per repository and per project) and JSON. Rendered once, at the end, from the
//! sorted inventory: the bytes never depend on how many jobs ran.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::compare::{self, Comparison, History};
use super::html::HtmlOptions;
use super::inventory::{Inventory, Project, Repository, Status};
use crate::output::escape::markdown_cell as cell;
use crate::rules::RULES;

/// `--format` of `sweep` and `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepFormat {
    /// Aligned columns for a terminal.
    Table,
    /// Markdown tables for an issue, a pull request or a wiki page.
    Markdown,
    /// Comma-separated values with a header row, one row per repository and per project.
    Csv,
    /// The versioned sweep document (what `tlslint report` merges).
    Json,
    /// One JSON object per line: each repository, as in `json`'s `repositories`.
    JsonLines,
    /// A self-contained HTML migration report (inline CSS, script and SVG).
    Html,
}

pub fn emit(
    format: SweepFormat,
    inventory: &Inventory,
    html: &HtmlOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        SweepFormat::Table => out.write_all(table(inventory).as_bytes()),
        SweepFormat::Markdown => out.write_all(markdown(inventory).as_bytes()),
        SweepFormat::Csv => out.write_all(csv(inventory).as_bytes()),
        SweepFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, inventory)?;
            writeln!(out)
        }
        SweepFormat::JsonLines => {
            for repo in &inventory.repositories {
                serde_json::to_writer(&mut *out, repo)?;
                writeln!(out)?;
            }
            Ok(())
        }
        SweepFormat::Html => out.write_all(super::html::inventory(inventory, html).as_bytes()),
    }
}

/// `report --compare OLD NEW` in `format`; `new` is the newer inventory (the HTML report
/// shows it below the progress).
pub fn emit_comparison(
    format: SweepFormat,
    comparison: &Comparison,
    new: &Inventory,
    html: &HtmlOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let text = match format {
        SweepFormat::Table => compare::comparison_table(comparison),
        SweepFormat::Markdown => compare::comparison_markdown(comparison),
        SweepFormat::Csv => compare::comparison_csv(comparison, text_field),
        SweepFormat::Json => serde_json::to_string_pretty(comparison)? + "\n",
        SweepFormat::JsonLines => compare::comparison_json_lines(comparison)?,
        SweepFormat::Html => super::html::comparison(comparison, new, html),
    };
    out.write_all(text.as_bytes())
}

/// `report --history A B C…` in `format`; `last` is the last inventory given.
pub fn emit_history(
    format: SweepFormat,
    history: &History,
    last: &Inventory,
    html: &HtmlOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let text = match format {
        SweepFormat::Table => compare::history_table(history),
        SweepFormat::Markdown => compare::history_markdown(history),
        SweepFormat::Csv => compare::history_csv(history, text_field),
        SweepFormat::Json => serde_json::to_string_pretty(history)? + "\n",
        SweepFormat::JsonLines => compare::history_json_lines(history)?,
        SweepFormat::Html => super::html::history(history, last, html),
    };
    out.write_all(text.as_bytes())
}

/// `TLS001 2, TLS005 1`.
fn counts(by_rule: &std::collections::BTreeMap<String, usize>, separator: &str) -> String {
    by_rule
        .iter()
        .map(|(rule, n)| format!("{rule}{separator}{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn repo_status(repo: &Repository) -> String {
    match (&repo.error, repo.errors.len()) {
        (Some(_), _) | (None, 0) => repo.verdict.as_str().to_owned(),
        // Some files could not be read: the verdict stands for what could.
        (None, n) => format!("{} ({n} unreadable)", repo.verdict.as_str()),
    }
}

/// "19 repositories: 12 breaks, 4 at-risk, 3 ready, 0 errors; 25 projects; 80 findings".
pub fn summary_line(inventory: &Inventory) -> String {
    let totals = Totals::of(inventory);
    format!(
        "{}: {}; {}; {}",
        totals.repositories, totals.verdicts, totals.projects, totals.findings
    )
}

/// The summary's numbers with their nouns, for the table's line and the markdown heading.
struct Totals {
    /// "19 repositories"
    repositories: String,
    /// "12 breaks, 4 at-risk, 3 ready, 0 errors"
    verdicts: String,
    /// "25 projects"
    projects: String,
    /// "80 findings"
    findings: String,
}

impl Totals {
    fn of(inventory: &Inventory) -> Self {
        let s = &inventory.summary;
        let counted = |n: usize, one: &str, many: &str| format!("{n} {}", plural(n, one, many));
        Totals {
            repositories: counted(s.repositories, "repository", "repositories"),
            verdicts: format!(
                "{} breaks, {} at-risk, {} ready, {}",
                s.verdicts.breaks,
                s.verdicts.at_risk,
                s.verdicts.ready,
                counted(s.verdicts.error, "error", "errors"),
            ),
            projects: counted(s.projects, "project", "projects"),
            findings: counted(s.findings, "finding", "findings"),
        }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn table(inventory: &Inventory) -> String {
    let header = [
        "REPOSITORY / PROJECT",
        "KIND",
        "TARGET",
        "OPT-IN",
        "VERDICT",
        "FINDINGS",
    ];
    let mut rows: Vec<[String; 6]> = Vec::new();
    let mut notes: Vec<(usize, Vec<String>)> = Vec::new();
    // Names, paths and messages come from the swept repositories (or a merged document): on
    // a terminal, a control character in them (an escape sequence, a line break) is written
    // `\xNN` rather than acted on.
    let clean = crate::output::escape::one_line;
    for repo in &inventory.repositories {
        rows.push([
            clean(&repo.name),
            "repo".to_owned(),
            clean(repo.lowest_target.as_deref().unwrap_or("-")),
            String::new(),
            repo_status(repo),
            counts(&repo.by_rule, " "),
        ]);
        for project in &repo.projects {
            rows.push(project_row(project));
        }
        let mut lines = Vec::new();
        if let Some(error) = &repo.error {
            lines.push(format!("    error: {}", clean(error)));
        }
        for finding in &repo.top_findings {
            lines.push(format!(
                "    {} {}:{}:{}: {}",
                clean(&finding.rule),
                clean(&finding.path),
                finding.line,
                finding.column,
                clean(&finding.message)
            ));
        }
        notes.push((rows.len(), lines));
    }
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str]| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<width$}  ");
            }
        }
        text.trim_end().to_owned() + "\n"
    };
    let mut out = line(&header);
    let mut next_note = notes.iter().peekable();
    for (i, row) in rows.iter().enumerate() {
        out.push_str(&line(&row.each_ref().map(String::as_str)));
        if let Some((after, lines)) = next_note.peek()
            && *after == i + 1
        {
            for note in lines {
                out.push_str(note);
                out.push('\n');
            }
            next_note.next();
        }
    }
    out.push('\n');
    out.push_str(&summary_line(inventory));
    out.push('\n');
    out
}

fn project_row(project: &Project) -> [String; 6] {
    let clean = crate::output::escape::one_line;
    [
        format!("  {}", clean(&project.path)),
        clean(&project.kind),
        if project.targets.is_empty() {
            "-".to_owned()
        } else {
            clean(&project.targets.join(", "))
        },
        if project.opt_in { "yes" } else { "no" }.to_owned(),
        project.verdict.as_str().to_owned(),
        counts(&project.by_rule, " "),
    ]
}

fn markdown(inventory: &Inventory) -> String {
    let mut out = String::from("## TLS readiness\n\n");
    let totals = Totals::of(inventory);
    let _ = writeln!(
        out,
        "**{}**: {} ({}, {}).\n",
        totals.repositories, totals.verdicts, totals.projects, totals.findings
    );
    out.push_str("| Repository | Verdict | Lowest target | Projects | Findings | Top finding |\n");
    out.push_str("| --- | --- | --- | ---: | --- | --- |\n");
    for repo in &inventory.repositories {
        let verdict = match repo.verdict {
            Status::Breaks | Status::Error => format!("**{}**", repo_status(repo)),
            _ => repo_status(repo),
        };
        let top = match (&repo.error, repo.top_findings.first()) {
            (Some(error), _) => cell(error),
            (None, Some(f)) => format!(
                "`{}:{}` {} {}",
                cell(&f.path),
                f.line,
                f.rule,
                cell(&f.message)
            ),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&repo.name),
            verdict,
            repo.lowest_target.as_deref().unwrap_or("-"),
            repo.projects.len(),
            counts(&repo.by_rule, ": "),
            top
        );
    }
    if inventory
        .repositories
        .iter()
        .any(|r| !r.projects.is_empty())
    {
        out.push_str("\n### Projects\n\n");
        out.push_str("| Repository | Project | Kind | Targets | Opt-in | Verdict | Findings |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
        for repo in &inventory.repositories {
            for project in &repo.projects {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} | {} | {} | {} |",
                    cell(&repo.name),
                    cell(&project.path),
                    project.kind,
                    cell(&project.targets.join(", ")),
                    if project.opt_in { "yes" } else { "no" },
                    project.verdict.as_str(),
                    counts(&project.by_rule, ": "),
                );
            }
        }
    }
    out
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A CSV field holding text from the swept repositories (names, paths, targets, messages) or
/// from a merged document: a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return as a formula, so such a cell gets a leading `'` (OWASP's advice on CSV
/// injection). Counts are written by tlslint and stay numbers.
fn text_field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        field(&format!("'{text}"))
    } else {
        field(text)
    }
}

fn csv(inventory: &Inventory) -> String {
    let mut header: Vec<String> = [
        "repository",
        "project",
        "kind",
        "targets",
        "lowest_target",
        "opt_in",
        "verdict",
        "files",
        "findings",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(RULES.iter().map(|r| r.id.to_owned()));
    header.extend(["top_finding".to_owned(), "error".to_owned()]);
    let mut out = header.join(",") + "\n";
    let rule_counts = |by_rule: &std::collections::BTreeMap<String, usize>| {
        RULES
            .iter()
            .map(|r| by_rule.get(r.id).copied().unwrap_or(0).to_string())
            .collect::<Vec<_>>()
    };
    for repo in &inventory.repositories {
        let top = repo
            .top_findings
            .first()
            .map(|f| {
                format!(
                    "{}:{}:{}: {} {}",
                    f.path, f.line, f.column, f.rule, f.message
                )
            })
            .unwrap_or_default();
        let mut row = vec![
            text_field(&repo.name),
            String::new(),
            "repository".to_owned(),
            String::new(),
            text_field(repo.lowest_target.as_deref().unwrap_or_default()),
            String::new(),
            repo.verdict.as_str().to_owned(),
            repo.files.to_string(),
            repo.findings.to_string(),
        ];
        row.extend(rule_counts(&repo.by_rule));
        row.push(text_field(&top));
        row.push(text_field(repo.error.as_deref().unwrap_or_default()));
        out.push_str(&row.join(","));
        out.push('\n');
        for project in &repo.projects {
            let mut row = vec![
                text_field(&repo.name),
                text_field(&project.path),
                text_field(&project.kind),
                text_field(&project.targets.join(" ")),
                text_field(project.lowest_target.as_deref().unwrap_or_default()),
                project.opt_in.to_string(),
                project.verdict.as_str().to_owned(),
                String::new(),
                project
                    .by_rule
                    .values()
                    .fold(0usize, |total, &n| total.saturating_add(n))
                    .to_string(),
            ];
            row.extend(rule_counts(&project.by_rule));
            row.push(String::new());
            row.push(String::new());
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_markdown_escape() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("plain"), "plain");
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }

    /// Cells from the repositories that a spreadsheet would run as formulas start with `'`;
    /// counts stay numbers.
    #[test]
    fn csv_neutralises_formulas() {
        for (text, expected) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1", "'+1"),
            ("-cmd", "'-cmd"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(text_field(text), expected, "{text:?}");
        }
        let repo = crate::sweep::inventory::failed("=1+1".to_owned(), "-x".to_owned());
        let document = csv(&Inventory::new(vec![repo], None));
        let row = document.lines().nth(1).unwrap();
        assert!(row.starts_with("'=1+1,,repository,"), "{row}");
        assert!(row.contains(",0,0,") && row.ends_with(",'-x"), "{row}");
    }
}
