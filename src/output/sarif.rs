//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
//!
//! One run; every rule once in `tool.driver.rules` (in id order, so `ruleIndex` is stable);
//! results with one physical location relative to `%SRCROOT%` (the working directory), columns in
//! UTF-16 code units (`columnKind`), GitHub's `primaryLocationLineHash` and tlslint's own
//! `tlslint/v1` fingerprint, and fixes as `artifactChanges`. Files that could not be read are
//! `toolExecutionNotifications`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::RenderOptions;
use crate::diagnostic::Severity;
use crate::engine::{CheckResult, FileReport};
use crate::fingerprint::{action_view, finding_keys, line_hashes};
use crate::fix::EditFile;
use crate::offers::Offers;
use crate::rules::{RULES, RuleMeta};
use crate::source::Position;

/// The schema URI GitHub asks for.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where the project lives; rule pages are under `docs/rules/` there.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    automation_details: Option<AutomationDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BTreeMap<&'static str, ArtifactLocation>>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    invocations: Vec<Invocation>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

/// tlslint's own facts about a result (a SARIF property bag).
#[derive(Serialize)]
struct ResultProperties {
    /// The protocol set the finding judged (`["tls1.0", "tls1.2"]`).
    offers: Offers,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: InsertedContent<'a>,
}

#[derive(Serialize)]
struct InsertedContent<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The "What it does" paragraph of a rule's explanation (GitHub limits descriptions to 1024
/// characters).
pub fn what_it_does(rule: &RuleMeta) -> String {
    let text = rule
        .explanation
        .split("## What it does")
        .nth(1)
        .unwrap_or(rule.summary);
    let section = text.split("\n## ").next().unwrap_or(text);
    let paragraph = section
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .replace('\n', " ");
    truncate(&paragraph, 1024)
}

fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(limit - 1).collect();
    out.push('…');
    out
}

/// The page that documents a rule.
pub fn help_uri(rule: &RuleMeta) -> String {
    format!("{REPOSITORY}/blob/main/docs/rules/{}.md", rule.id)
}

fn rule(meta: &RuleMeta) -> Rule {
    let markdown = meta.documentation();
    Rule {
        id: meta.id,
        name: meta.name,
        short_description: Text {
            text: truncate(meta.summary, 1024),
        },
        full_description: Text {
            text: what_it_does(meta),
        },
        help: Help {
            text: markdown.clone(),
            markdown,
        },
        help_uri: help_uri(meta),
        default_configuration: Configuration {
            level: level(meta.default_severity),
        },
        properties: RuleProperties {
            tags: meta.tags.to_vec(),
            precision: meta.precision.as_str(),
            security_severity: meta.security_severity,
        },
    }
}

/// A relative path as a URI reference: `/`-separated, percent-encoded (RFC 3986). `path` is a
/// display name (`crate::path_name`): a name that is not UTF-8 is encoded byte for byte.
pub fn uri(path: &str) -> ArtifactLocationParts {
    let encoded: String = crate::path_name::bytes(path)
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    if path.starts_with('/') {
        ArtifactLocationParts {
            uri: format!("file://{encoded}"),
            relative: false,
        }
    } else {
        ArtifactLocationParts {
            uri: encoded,
            relative: true,
        }
    }
}

/// A URI and whether it is relative to `%SRCROOT%`.
pub struct ArtifactLocationParts {
    pub uri: String,
    pub relative: bool,
}

fn artifact(path: &str) -> ArtifactLocation {
    let parts = uri(path);
    ArtifactLocation {
        uri: parts.uri,
        uri_base_id: parts.relative.then_some("%SRCROOT%"),
    }
}

fn region(start: Position, end: Position) -> Region {
    Region {
        start_line: start.line,
        start_column: start.utf16_column,
        end_line: end.line,
        end_column: end.utf16_column,
    }
}

fn results<'a>(report: &'a FileReport, rule_index: &BTreeMap<&str, usize>) -> Vec<SarifResult<'a>> {
    let hashes = line_hashes(&action_view(&report.source));
    let keys = finding_keys(report.display(), &report.source, &report.findings);
    report
        .findings
        .iter()
        .zip(keys)
        .map(|(finding, key)| {
            let start = report.source.position(finding.span.start);
            let end = report.source.position(finding.span.end);
            let line_index = start.line as usize - 1;
            let mut fingerprints = BTreeMap::new();
            // The BOM is one UTF-16 unit on line 1 for the action, which does not change lines.
            if let Some(hash) = hashes.get(line_index) {
                fingerprints.insert("primaryLocationLineHash", hash.clone());
            }
            fingerprints.insert("tlslint/v1", key);
            SarifResult {
                rule_id: finding.rule.id,
                rule_index: rule_index.get(finding.rule.id).copied().unwrap_or(0),
                level: level(finding.severity),
                message: Text {
                    text: finding.message.clone(),
                },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact(report.display()),
                        region: Some(region(start, end)),
                    },
                }],
                partial_fingerprints: fingerprints,
                fixes: finding
                    .fix
                    .iter()
                    .map(|fix| sarif_fix(fix, report))
                    .collect(),
                properties: finding.offers.map(|offers| ResultProperties { offers }),
            }
        })
        .collect()
}

fn sarif_fix<'a>(fix: &'a crate::fix::Fix, report: &FileReport) -> SarifFix<'a> {
    let mut by_file: BTreeMap<String, Vec<Replacement<'a>>> = BTreeMap::new();
    for edit in &fix.edits {
        let path = match &edit.file {
            EditFile::Same => report.display().to_owned(),
            EditFile::Other { display, .. } => display.clone(),
        };
        let origin = Position {
            line: 1,
            column: 1,
            utf16_column: 1,
        };
        by_file.entry(path).or_default().push(Replacement {
            deleted_region: region(edit.start.unwrap_or(origin), edit.end.unwrap_or(origin)),
            inserted_content: InsertedContent {
                text: &edit.content,
            },
        });
    }
    SarifFix {
        description: Text {
            text: fix.description.clone(),
        },
        artifact_changes: by_file
            .into_iter()
            .map(|(path, replacements)| ArtifactChange {
                artifact_location: artifact(&path),
                replacements,
            })
            .collect(),
    }
}

pub fn emit(result: &CheckResult, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let rule_index: BTreeMap<&str, usize> = RULES
        .iter()
        .enumerate()
        .map(|(i, rule)| (rule.id, i))
        .collect();
    let root = options.root_uri.as_ref().map(|root| {
        let mut uris = BTreeMap::new();
        uris.insert(
            "%SRCROOT%",
            ArtifactLocation {
                uri: root.clone(),
                uri_base_id: None,
            },
        );
        uris
    });
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "tlslint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: REPOSITORY,
                    rules: RULES.iter().map(|meta| rule(meta)).collect(),
                },
            },
            automation_details: options
                .sarif_category
                .as_ref()
                .map(|category| AutomationDetails {
                    id: if category.ends_with('/') {
                        category.clone()
                    } else {
                        format!("{category}/")
                    },
                }),
            original_uri_base_ids: root,
            column_kind: "utf16CodeUnits",
            results: result
                .reports
                .iter()
                .flat_map(|report| results(report, &rule_index))
                .collect(),
            invocations: vec![Invocation {
                execution_successful: result.usage_errors == 0,
                tool_execution_notifications: result
                    .errors
                    .iter()
                    .map(|error| Notification {
                        level: "warning",
                        message: Text {
                            text: error.message.clone(),
                        },
                        locations: vec![Location {
                            physical_location: PhysicalLocation {
                                artifact_location: artifact(&error.path),
                                region: None,
                            },
                        }],
                    })
                    .collect(),
            }],
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("src/My App/a+b.cs").uri, "src/My%20App/a%2Bb.cs");
        assert_eq!(uri("src/caf\u{e9}.cs").uri, "src/caf%C3%A9.cs");
        // Display names of paths that are not UTF-8 hold their bytes escaped.
        assert_eq!(uri("src/caf\\xE9.cs").uri, "src/caf%E9.cs");
        assert_eq!(uri("a\\\\b.cs").uri, "a%5Cb.cs");
        let absolute = uri("/tmp/x.cs");
        assert_eq!(
            (absolute.uri.as_str(), absolute.relative),
            ("file:///tmp/x.cs", false)
        );
    }

    #[test]
    fn descriptions_fit_githubs_limits() {
        for rule in RULES {
            let full = what_it_does(rule);
            assert!(
                !full.is_empty() && full.chars().count() <= 1024,
                "{}",
                rule.id
            );
        }
    }
}
