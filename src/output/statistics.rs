//! `check --statistics`: how many findings each rule has and how many of them have a fix, in
//! ruff's shape. Text: `count<TAB>rule<TAB>[*] name` per rule, most frequent first: `[*]` when
//! all its findings have a fix, `[-]` and `(N fixable)` after the name when some do, `[ ]` when
//! none do; then a line with the fix totals. JSON: an array of
//! `{code, name, count, fixable, fixable_count, safe_fixable_count}` in the same order.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::engine::CheckResult;
use crate::fix::Applicability;

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Statistic {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// Whether any of the rule's findings has a fix.
    pub fixable: bool,
    /// Findings with a fix (safe or unsafe).
    pub fixable_count: usize,
    /// Findings whose fix `--fix` applies without `--unsafe-fixes`.
    pub safe_fixable_count: usize,
}

/// One entry per rule with findings: most findings first, then by rule id.
pub fn statistics(result: &CheckResult) -> Vec<Statistic> {
    let mut by_rule: BTreeMap<&'static str, Statistic> = BTreeMap::new();
    for (_, finding) in result.findings() {
        let entry = by_rule.entry(finding.rule.id).or_insert(Statistic {
            code: finding.rule.id,
            name: finding.rule.name,
            count: 0,
            fixable: false,
            fixable_count: 0,
            safe_fixable_count: 0,
        });
        entry.count += 1;
        if let Some(fix) = &finding.fix {
            entry.fixable = true;
            entry.fixable_count += 1;
            if fix.applicability == Applicability::Safe {
                entry.safe_fixable_count += 1;
            }
        }
    }
    let mut statistics: Vec<Statistic> = by_rule.into_values().collect();
    // Stable sort over id order: ties stay in id order.
    statistics.sort_by_key(|s| std::cmp::Reverse(s.count));
    statistics
}

pub fn emit_text(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let statistics = statistics(result);
    let width = statistics
        .iter()
        .map(|s| s.count.to_string().len())
        .max()
        .unwrap_or(1);
    for s in &statistics {
        let (marker, partly) = match s.fixable_count {
            0 => ("[ ]", String::new()),
            n if n == s.count => ("[*]", String::new()),
            n => ("[-]", format!(" ({n} fixable)")),
        };
        writeln!(
            out,
            "{:>width$}\t{}\t{marker} {}{partly}",
            s.count, s.code, s.name
        )?;
    }
    let fixable: usize = statistics.iter().map(|s| s.fixable_count).sum();
    if fixable > 0 {
        let safe: usize = statistics.iter().map(|s| s.safe_fixable_count).sum();
        let total: usize = statistics.iter().map(|s| s.count).sum();
        writeln!(
            out,
            "[*] {fixable} of {total} findings have a fix: {safe} with --fix, {} more with --unsafe-fixes",
            fixable - safe
        )?;
    }
    Ok(())
}

pub fn emit_json(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &statistics(result))?;
    writeln!(out)
}
