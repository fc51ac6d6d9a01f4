//! The HTML migration report: one self-contained file (inline CSS, script and SVG, no network:
//! a Content-Security-Policy forbids fetching anything) that opens from a mail attachment or a
//! CI artifact. Everything is rendered here as HTML, so the report reads without script; the
//! script only sorts and filters, from a JSON block.
//!
//! Everything from a swept repository (names, paths, messages, commits) is attacker-controlled:
//! text goes through [`escape`], URLs are built by percent-encoding each substituted value, and
//! the JSON block escapes `<`, `>`, `&` and U+2028/U+2029 so that no string can end the script
//! element or change how it parses.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::compare::{Comparison, History, Side};
use super::inventory::{Inventory, Repository, Status, TopFinding};
use crate::rules::RULES;

const CSS: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// How findings become links.
#[derive(Clone, Debug, Default)]
pub struct HtmlOptions {
    /// `https://git.example.com/{repo}/blob/{commit}/{path}#L{line}`.
    pub link_template: Option<String>,
}

/// `text` safe in HTML text and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with markdown code spans (`` `x` ``) as `<code>`; an unpaired backtick stays.
fn code_spans(text: &str) -> String {
    let pieces: Vec<&str> = text.split('`').collect();
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        let closed = i + 1 < pieces.len();
        if i % 2 == 1 && closed {
            let _ = write!(out, "<code>{}</code>", escape(piece));
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&escape(piece));
        }
    }
    out
}

/// JSON that can sit inside `<script type="application/json">`: no `</script>`, no `<!--`,
/// and no line separators (which older script parsers treat as line ends).
pub fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986), so a substituted
/// name can neither leave its URL component nor smuggle in a scheme, a query or a quote.
fn url_part(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The link of a finding: `{repo}`, `{commit}` (`HEAD` when the commit is not known), `{path}`
/// and `{line}` substituted in one pass (a value that holds `{line}` is not substituted again).
pub fn link(template: &str, repo: &str, commit: Option<&str>, path: &str, line: u32) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let value = [
            ("{repo}", url_part(repo)),
            ("{commit}", url_part(commit.unwrap_or("HEAD"))),
            ("{path}", url_part(path)),
            ("{line}", line.to_string()),
        ]
        .into_iter()
        .find(|(name, _)| after.starts_with(name));
        match value {
            Some((name, value)) => {
                out.push_str(&value);
                rest = &after[name.len()..];
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn verdict_badge(status: Option<Status>) -> String {
    match status {
        Some(s) => format!("<span class=\"v {0}\">{0}</span>", s.as_str()),
        None => "<span class=\"v none\">not swept</span>".to_owned(),
    }
}

/// The ordering of lowest targets: net20 < net35 < net45 < net452 < net48 < modern < none.
fn target_rank(target: Option<&str>) -> u32 {
    match target {
        None => 2000,
        Some("modern") => 1000,
        Some(label) => {
            let digits: String = label.chars().filter(char::is_ascii_digit).collect();
            let padded = format!("{digits:0<3}");
            padded.get(..3).and_then(|d| d.parse().ok()).unwrap_or(999)
        }
    }
}

fn verdict_rank(status: Status) -> u8 {
    match status {
        Status::Ready => 0,
        Status::AtRisk => 1,
        Status::Breaks => 2,
        Status::Error => 3,
    }
}

/// The `## Fix` section of a rule's explanation, as one paragraph.
fn fix_text(explanation: &str) -> String {
    let Some(start) = explanation.find("## Fix\n") else {
        return String::new();
    };
    let section = &explanation[start + "## Fix\n".len()..];
    let end = section.find("\n## ").unwrap_or(section.len());
    section[..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn rule_counts(by_rule: &BTreeMap<String, usize>) -> String {
    by_rule
        .iter()
        .map(|(rule, n)| format!("{} {n}", escape(rule)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Horizontal bars, one per row: (label, count, CSS class).
fn bar_chart(title: &str, rows: &[(String, usize, &str)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = 24 * rows.len().max(1) + 4;
    let mut out = format!(
        "<figure><figcaption>{0}</figcaption><svg width=\"380\" height=\"{height}\" role=\"img\" aria-label=\"{0}\">",
        escape(title)
    );
    for (i, (label, n, class)) in rows.iter().enumerate() {
        let y = 4 + 24 * i;
        // The bar's width is proportional, at most 220 pixels (in u128: counts come from the
        // documents read, which may hold any number).
        let width = if *n == 0 {
            0
        } else {
            ((220 * *n as u128 / (max as u128).max(1)) as usize).max(2)
        };
        let _ = write!(
            out,
            "<text x=\"104\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"{class}\" x=\"110\" y=\"{y}\" width=\"{width}\" height=\"18\" rx=\"3\"><title>{}: {n}</title></rect><text x=\"{}\" y=\"{}\">{n}</text>",
            y + 13,
            escape(label),
            escape(label),
            114 + width,
            y + 13,
        );
    }
    if rows.is_empty() {
        out.push_str("<text x=\"0\" y=\"16\">none</text>");
    }
    out.push_str("</svg></figure>");
    out
}

fn card(class: &str, n: usize, label: &str) -> String {
    format!(
        "<div class=\"card {class}\"><span class=\"n\">{n}</span>{}</div>",
        escape(label)
    )
}

/// The page around `body`, with the data the script reads.
fn page(title: &str, subtitle: &str, body: &str, data: &serde_json::Value) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Nothing may be fetched: the report must open the same from a mail attachment, offline.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>\n{CSS}</style>");
    // Registered before the main script, so that an error in it is shown in the page (and
    // the browser test can see it).
    out.push_str("<script>window.addEventListener('error', function (e) { var p = document.createElement('p'); p.id = 'tlslint-error'; p.textContent = 'Script error: ' + e.message; document.body.insertBefore(p, document.body.firstChild); });</script>\n");
    out.push_str("</head>\n<body>\n");
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><p class=\"meta\">{}</p></header>",
        escape(title),
        subtitle
    );
    out.push_str(body);
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"tlslint-data\">{}</script>",
        script_json(data)
    );
    let _ = writeln!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>");
    out
}

fn subtitle(inventory: &Inventory) -> String {
    format!(
        "Sweep of {} · tlslint {}",
        escape(inventory.date.as_deref().unwrap_or("an unknown date")),
        escape(&inventory.tool.version)
    )
}

/// The whole inventory: summary, charts, the repository table and the rules.
fn inventory_body(inventory: &Inventory, options: &HtmlOptions) -> (String, serde_json::Value) {
    let s = &inventory.summary;
    let mut out = String::from("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">");
    out.push_str(&card("", s.repositories, "repositories"));
    for status in [Status::Breaks, Status::AtRisk, Status::Ready, Status::Error] {
        out.push_str(&card(
            status.as_str(),
            s.verdicts.get(status),
            status.as_str(),
        ));
    }
    out.push_str("</div>\n<div class=\"cards\">");
    let projects: Vec<_> = inventory
        .repositories
        .iter()
        .flat_map(|r| &r.projects)
        .collect();
    out.push_str(&card("", projects.len(), "projects"));
    for status in [Status::Breaks, Status::AtRisk, Status::Ready] {
        let n = projects.iter().filter(|p| p.verdict == status).count();
        out.push_str(&card(
            status.as_str(),
            n,
            &format!("{} projects", status.as_str()),
        ));
    }
    out.push_str(&card("", s.findings, "findings"));
    out.push_str("</div>\n");

    let verdicts: Vec<(String, usize, &str)> =
        [Status::Breaks, Status::AtRisk, Status::Ready, Status::Error]
            .into_iter()
            .map(|st| (st.as_str().to_owned(), s.verdicts.get(st), st.as_str()))
            .collect();
    let by_rule: Vec<(String, usize, &str)> = s
        .by_rule
        .iter()
        .map(|(rule, n)| (rule.clone(), *n, "bar"))
        .collect();
    let mut targets: BTreeMap<(u32, String), usize> = BTreeMap::new();
    for repo in &inventory.repositories {
        let label = repo
            .lowest_target
            .clone()
            .unwrap_or_else(|| "none".to_owned());
        *targets
            .entry((target_rank(repo.lowest_target.as_deref()), label))
            .or_insert(0) += 1;
    }
    let targets: Vec<(String, usize, &str)> = targets
        .into_iter()
        .map(|((_, label), n)| (label, n, "bar"))
        .collect();
    out.push_str("<div class=\"charts\">");
    out.push_str(&bar_chart("Repositories by verdict", &verdicts));
    out.push_str(&bar_chart("Findings by rule", &by_rule));
    out.push_str(&bar_chart(
        "Lowest .NET Framework target per repository",
        &targets,
    ));
    out.push_str("</div></section>\n");

    out.push_str("<section id=\"repositories\"><h2>Repositories</h2>\n");
    out.push_str("<div id=\"controls\" hidden><label>Verdict <select id=\"f-verdict\"><option value=\"\">any</option>");
    for status in [Status::Breaks, Status::AtRisk, Status::Ready, Status::Error] {
        let _ = write!(out, "<option value=\"{0}\">{0}</option>", status.as_str());
    }
    out.push_str(
        "</select></label><label>Rule <select id=\"f-rule\"><option value=\"\">any</option>",
    );
    for rule in RULES {
        let _ = write!(out, "<option value=\"{0}\">{0}</option>", rule.id);
    }
    out.push_str("</select></label><label>Text <input id=\"f-text\" type=\"search\" placeholder=\"name, path, message\"></label><span id=\"shown\"></span></div>\n");
    out.push_str("<table id=\"repos\"><thead><tr><th data-sort=\"name\">Repository</th><th data-sort=\"verdict_rank\" data-first=\"desc\">Verdict</th><th data-sort=\"target_rank\">Lowest target</th><th class=\"n\" data-sort=\"projects\" data-first=\"desc\">Projects</th><th class=\"n\" data-sort=\"findings\" data-first=\"desc\">Findings</th><th>By rule</th></tr></thead>\n");
    let mut data = Vec::new();
    for repo in &inventory.repositories {
        out.push_str(&repository_rows(repo, options));
        data.push(repository_data(repo));
    }
    out.push_str("</table></section>\n");

    out.push_str("<section id=\"rules\"><h2>Rules</h2><dl class=\"rules\">");
    for rule in RULES.iter().filter(|r| s.by_rule.contains_key(r.id)) {
        let _ = write!(
            out,
            "<dt id=\"rule-{0}\">{0} {1}</dt><dd>{2}<br><b>Fix:</b> {3}</dd>",
            rule.id,
            escape(rule.name),
            code_spans(rule.summary),
            code_spans(&fix_text(rule.explanation))
        );
    }
    out.push_str("</dl><p class=\"meta\">Run <code>tlslint explain TLS001</code> for a rule's whole documentation.</p></section>\n");
    (out, serde_json::json!({ "repositories": data }))
}

/// What the script sorts and filters a repository by.
fn repository_data(repo: &Repository) -> serde_json::Value {
    let findings = repo.all_findings.as_ref().unwrap_or(&repo.top_findings);
    let mut text = vec![repo.name.clone()];
    text.extend(repo.projects.iter().map(|p| p.path.clone()));
    text.extend(findings.iter().map(|f| format!("{} {}", f.path, f.message)));
    text.extend(repo.error.clone());
    serde_json::json!({
        "name": repo.name,
        "verdict": repo.verdict.as_str(),
        "verdict_rank": verdict_rank(repo.verdict),
        "target_rank": target_rank(repo.lowest_target.as_deref()),
        "projects": repo.projects.len(),
        "findings": repo.findings,
        "rules": repo.by_rule.keys().collect::<Vec<_>>(),
        "text": text.join("\n").to_lowercase(),
    })
}

fn repository_rows(repo: &Repository, options: &HtmlOptions) -> String {
    let mut out = String::from("<tbody class=\"repo\">");
    let _ = write!(
        out,
        "<tr><td><b>{}</b></td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
        escape(&repo.name),
        verdict_badge(Some(repo.verdict)),
        escape(repo.lowest_target.as_deref().unwrap_or("-")),
        repo.projects.len(),
        repo.findings,
        rule_counts(&repo.by_rule)
    );
    let (findings, partial) = match &repo.all_findings {
        Some(all) => (all, false),
        None => (&repo.top_findings, true),
    };
    let _ = write!(
        out,
        "<tr class=\"detail\"><td colspan=\"6\"><details><summary>{}, {}</summary>",
        crate::output::plural(repo.projects.len(), "project", "projects"),
        crate::output::plural(repo.findings, "finding", "findings"),
    );
    if let Some(error) = &repo.error {
        let _ = write!(
            out,
            "<p class=\"error-text\">Could not be checked: {}</p>",
            escape(error)
        );
    }
    if let Some(commit) = &repo.commit {
        let _ = write!(
            out,
            "<p class=\"meta\">Commit <code>{}</code></p>",
            escape(commit)
        );
    }
    if !repo.projects.is_empty() {
        out.push_str("<table><thead><tr><th>Project</th><th>Kind</th><th>Targets</th><th>Opt-in</th><th>Verdict</th><th>By rule</th></tr></thead><tbody>");
        for p in &repo.projects {
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&p.path),
                escape(&p.kind),
                escape(&p.targets.join(", ")),
                if p.opt_in { "yes" } else { "no" },
                verdict_badge(Some(p.verdict)),
                rule_counts(&p.by_rule)
            );
        }
        out.push_str("</tbody></table>");
    }
    // Each project with the findings that count for it (a file several projects compile is
    // listed under each), then what no project owns; flat for documents that do not say.
    let grouped = !partial && repo.projects.iter().all(|p| p.fingerprints.is_some());
    if grouped && !findings.is_empty() {
        let mut listed = std::collections::HashSet::new();
        for p in &repo.projects {
            let keys: std::collections::HashSet<&str> = p
                .fingerprints
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let own: Vec<&TopFinding> = findings
                .iter()
                .filter(|f| f.fingerprint.as_deref().is_some_and(|k| keys.contains(k)))
                .collect();
            if own.is_empty() {
                continue;
            }
            listed.extend(keys);
            let summary = format!(
                "<code>{}</code> {}",
                escape(&p.path),
                verdict_badge(Some(p.verdict))
            );
            out.push_str(&findings_group(repo, &summary, &own, options));
        }
        let rest: Vec<&TopFinding> = findings
            .iter()
            .filter(|f| !f.fingerprint.as_deref().is_some_and(|k| listed.contains(k)))
            .collect();
        if !rest.is_empty() {
            out.push_str(&findings_group(repo, "Outside any project", &rest, options));
        }
    } else if !findings.is_empty() {
        if partial {
            out.push_str("<p class=\"meta\">Only the top findings: the sweep document was written by an older tlslint.</p>");
        }
        out.push_str(&findings_table(
            &repo.name,
            repo.commit.as_deref(),
            findings.iter(),
            options,
        ));
    }
    if !repo.errors.is_empty() {
        out.push_str("<p>Files that could not be read:</p><ul>");
        for e in &repo.errors {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                escape(&e.path),
                escape(&e.message)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</details></td></tr></tbody>\n");
    out
}

/// A collapsible list of findings under `summary` (HTML): a project's, or those no project
/// owns.
fn findings_group(
    repo: &Repository,
    summary: &str,
    findings: &[&TopFinding],
    options: &HtmlOptions,
) -> String {
    format!(
        "<details class=\"project\"><summary>{summary} ({})</summary>{}</details>",
        crate::output::plural(findings.len(), "finding", "findings"),
        findings_table(
            &repo.name,
            repo.commit.as_deref(),
            findings.iter().copied(),
            options
        )
    )
}

fn findings_table<'a>(
    repo: &str,
    commit: Option<&str>,
    findings: impl IntoIterator<Item = &'a TopFinding>,
    options: &HtmlOptions,
) -> String {
    let mut out = String::from(
        "<table><thead><tr><th>Location</th><th>Rule</th><th>Verdict</th><th>Finding</th></tr></thead><tbody>",
    );
    for f in findings {
        let location = escape(&format!("{}:{}:{}", f.path, f.line, f.column));
        let location = match &options.link_template {
            Some(template) => format!(
                "<a href=\"{}\"><code>{location}</code></a>",
                escape(&link(template, repo, commit, &f.path, f.line))
            ),
            None => format!("<code>{location}</code>"),
        };
        let rule = RULES.iter().find(|r| r.id == f.rule);
        let _ = write!(
            out,
            "<tr><td>{location}</td><td><a href=\"#rule-{0}\">{0}</a></td><td>{1}</td><td>{2}",
            escape(&f.rule),
            verdict_badge(Some(f.verdict)),
            code_spans(&f.message),
        );
        if let Some(rule) = rule {
            let _ = write!(
                out,
                "<div class=\"explain\">{}</div><details class=\"explain\"><summary>Fix</summary>{}</details>",
                code_spans(rule.summary),
                code_spans(&fix_text(rule.explanation))
            );
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// `tlslint sweep|report --format html`.
pub fn inventory(inventory: &Inventory, options: &HtmlOptions) -> String {
    let (body, data) = inventory_body(inventory, options);
    page("TLS readiness", &subtitle(inventory), &body, &data)
}

fn delta(old: usize, new: usize) -> String {
    match new.cmp(&old) {
        std::cmp::Ordering::Equal => "±0".to_owned(),
        std::cmp::Ordering::Greater => format!("+{}", new - old),
        std::cmp::Ordering::Less => format!("−{}", old - new),
    }
}

fn changes_table(title: &str, changes: &[super::compare::Change], options: &HtmlOptions) -> String {
    let mut out = format!("<h3>{} ({})</h3>", escape(title), changes.len());
    if changes.is_empty() {
        return out;
    }
    out.push_str("<table><thead><tr><th>Repository</th><th>Location</th><th>Rule</th><th>Finding</th></tr></thead><tbody>");
    for change in changes {
        let f = &change.finding;
        let location = escape(&format!("{}:{}:{}", f.path, f.line, f.column));
        let location = match &options.link_template {
            Some(template) => format!(
                "<a href=\"{}\"><code>{location}</code></a>",
                escape(&link(
                    template,
                    &change.repository,
                    change.commit.as_deref(),
                    &f.path,
                    f.line
                ))
            ),
            None => format!("<code>{location}</code>"),
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{location}</td><td>{}</td><td>{}</td></tr>",
            escape(&change.repository),
            escape(&f.rule),
            code_spans(&f.message)
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// `report --compare OLD NEW --format html`: the progress, then the new inventory.
pub fn comparison(c: &Comparison, new: &Inventory, options: &HtmlOptions) -> String {
    let mut out = format!(
        "<section id=\"progress\"><h2>Progress: {} → {}</h2><div class=\"cards\">",
        escape(&c.old.label()),
        escape(&c.new.label())
    );
    for status in [Status::Breaks, Status::AtRisk, Status::Ready, Status::Error] {
        let (old, new) = (c.old.verdicts.get(status), c.new.verdicts.get(status));
        let _ = write!(
            out,
            "<div class=\"card {0}\"><span class=\"n\">{new}</span>{0} ({1})</div>",
            status.as_str(),
            delta(old, new)
        );
    }
    let _ = write!(
        out,
        "<div class=\"card\"><span class=\"n\">{}</span>findings ({})</div></div>",
        c.new.findings,
        delta(c.old.findings, c.new.findings)
    );
    let _ = write!(out, "<h3>Moved ({})</h3>", c.moved.len());
    if !c.moved.is_empty() {
        out.push_str("<table id=\"moved\"><thead><tr><th>Repository</th><th>From</th><th>To</th></tr></thead><tbody>");
        for m in &c.moved {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&m.repository),
                verdict_badge(m.from),
                verdict_badge(m.to)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str(&changes_table("Fixed", &c.fixed, options));
    out.push_str(&changes_table("New", &c.new_findings, options));
    if !c.uncompared.is_empty() {
        let _ = write!(out, "<h3>Not compared ({})</h3><ul>", c.uncompared.len());
        for u in &c.uncompared {
            let _ = write!(
                out,
                "<li>{}: {}</li>",
                escape(&u.repository),
                escape(&u.reason)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
    let (body, data) = inventory_body(new, options);
    out.push_str(&body);
    page("TLS readiness: progress", &subtitle(new), &out, &data)
}

/// The burndown: breaks and at-risk over the sweeps, evenly spaced in the order given.
fn burndown(points: &[Side]) -> String {
    let (width, height) = (680.0_f64, 260.0_f64);
    let (left, right, top, bottom) = (44.0, 24.0, 16.0, 56.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max = points
        .iter()
        .map(|p| p.verdicts.breaks.max(p.verdicts.at_risk))
        .max()
        .unwrap_or(0)
        .max(1);
    // Counts are far below 2^52, so the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let y = |v: usize| top + plot_h - (v as f64) * plot_h / (max as f64);
    #[allow(clippy::cast_precision_loss)]
    let x = |i: usize| {
        if points.len() < 2 {
            left + plot_w / 2.0
        } else {
            left + (i as f64) * plot_w / ((points.len() - 1) as f64)
        }
    };
    let mut out = format!(
        "<svg id=\"burndown\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"breaks and at-risk repositories per sweep\">"
    );
    for value in [0, max] {
        let (x2, line_y, label_x, label_y) = (width - right, y(value), left - 6.0, y(value) + 4.0);
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{left}\" x2=\"{x2:.1}\" y1=\"{line_y:.1}\" y2=\"{line_y:.1}\"/><text x=\"{label_x:.1}\" y=\"{label_y:.1}\" text-anchor=\"end\">{value}</text>"
        );
    }
    for (class, get) in [("breaks", Status::Breaks), ("at-risk", Status::AtRisk)] {
        let coordinates: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.verdicts.get(get))))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"{class}\" points=\"{}\"/>",
            coordinates.join(" ")
        );
        for (i, p) in points.iter().enumerate() {
            let _ = write!(
                out,
                "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>{}: {} {class}</title></circle>",
                x(i),
                y(p.verdicts.get(get)),
                escape(&p.label()),
                p.verdicts.get(get)
            );
        }
    }
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(i),
            height - bottom + 18.0,
            escape(&p.label())
        );
    }
    let _ = write!(
        out,
        "<rect class=\"breaks\" x=\"{left}\" y=\"{0:.1}\" width=\"12\" height=\"12\"/><text x=\"{1:.1}\" y=\"{2:.1}\">breaks</text><rect class=\"at-risk\" x=\"{3:.1}\" y=\"{0:.1}\" width=\"12\" height=\"12\"/><text x=\"{4:.1}\" y=\"{2:.1}\">at-risk</text></svg>",
        height - 20.0,
        left + 16.0,
        height - 10.0,
        left + 80.0,
        left + 96.0
    );
    out
}

/// `report --history A B C… --format html`: the burndown and its table, then the inventory of
/// the last sweep.
pub fn history(h: &History, last: &Inventory, options: &HtmlOptions) -> String {
    let mut out = String::from("<section id=\"history\"><h2>Burndown</h2>");
    out.push_str(&burndown(&h.points));
    out.push_str("<table><thead><tr><th>Sweep</th><th class=\"n\">breaks</th><th class=\"n\">at-risk</th><th class=\"n\">ready</th><th class=\"n\">error</th><th class=\"n\">findings</th></tr></thead><tbody>");
    for p in &h.points {
        let v = &p.verdicts;
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&p.label()),
            v.breaks,
            v.at_risk,
            v.ready,
            v.error,
            p.findings
        );
    }
    out.push_str("</tbody></table></section>\n");
    let (body, data) = inventory_body(last, options);
    out.push_str(&body);
    page("TLS readiness: history", &subtitle(last), &out, &data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_json_cannot_escape_their_context() {
        assert_eq!(
            escape("<script>\"a\" & 'b'"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;"
        );
        assert_eq!(code_spans("`<b>` and `x"), "<code>&lt;b&gt;</code> and `x");
        let json = script_json(&serde_json::json!({"n": "</script><!-- & \u{2028}\u{2029}"}));
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        assert!(!json.contains('\u{2028}') && !json.contains('\u{2029}'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["n"], "</script><!-- & \u{2028}\u{2029}");
    }

    #[test]
    fn links_encode_what_they_substitute() {
        let template = "https://git.example.com/{repo}/blob/{commit}/{path}#L{line}";
        assert_eq!(
            link(template, "org/app", Some("abc123"), "src/My App.cs", 7),
            "https://git.example.com/org/app/blob/abc123/src/My%20App.cs#L7"
        );
        assert_eq!(
            link(template, "a\"><script>", None, "x?y#{line}&z", 1),
            "https://git.example.com/a%22%3E%3Cscript%3E/blob/HEAD/x%3Fy%23%7Bline%7D%26z#L1"
        );
        assert_eq!(link("{unknown}/{line}", "r", None, "p", 3), "{unknown}/3");
    }

    #[test]
    fn targets_rank_oldest_first() {
        let mut labels = vec![
            None,
            Some("modern"),
            Some("net48"),
            Some("net20"),
            Some("net452"),
            Some("net45"),
        ];
        labels.sort_by_key(|l| target_rank(*l));
        assert_eq!(
            labels,
            [
                Some("net20"),
                Some("net45"),
                Some("net452"),
                Some("net48"),
                Some("modern"),
                None
            ]
        );
    }

    #[test]
    fn every_rule_has_a_fix_paragraph_or_none() {
        let fix = fix_text(crate::rules::RULES[0].explanation);
        assert!(fix.starts_with("Removing the legacy operands"), "{fix}");
        assert!(!fix.contains('\n'));
        assert_eq!(fix_text("no such section"), "");
    }
}
