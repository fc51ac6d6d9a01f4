//! Hover on a finding: its rule's documentation, as `tlslint explain` prints it.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::diagnostics::text_of;
use super::position::Encoding;
use crate::engine::FileReport;

/// The documentation of the rules whose findings cover byte `offset` of `report`'s file (each
/// rule once, in report order), with the first such finding's range.
pub fn hover(report: &FileReport, offset: usize, encoding: Encoding) -> Option<Hover> {
    let mut covering = report
        .findings
        .iter()
        .filter(|finding| finding.span.start <= offset && offset <= finding.span.end)
        .peekable();
    let first = covering.peek()?.span.clone();
    let mut rules: Vec<&str> = Vec::new();
    let mut pages: Vec<String> = Vec::new();
    for finding in covering {
        if !rules.contains(&finding.rule.id) {
            rules.push(finding.rule.id);
            pages.push(finding.rule.documentation());
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: pages.join("\n\n---\n\n"),
        }),
        range: Some(text_of(report, encoding).range(first.start, first.end)),
    })
}
