//! `--format full`: miette snippets with the offending expression underlined, the rule id and
//! name, and a help line. Files are rendered in parallel; the text is written in order.

use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use rayon::prelude::*;

use super::RenderOptions;
use crate::diagnostic::{Finding, Severity};
use crate::engine::{CheckResult, FileReport};
use crate::fix::Applicability;
use crate::source::SourceFile;

/// One finding as a miette diagnostic, borrowing the file's line-indexed source.
struct Rendered<'a> {
    finding: &'a Finding,
    source: &'a SourceFile,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!(
            "{} {}",
            self.finding.rule.id, self.finding.rule.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // The fix, when there is one, is the most precise advice.
        match (&self.finding.fix, &self.finding.help) {
            (Some(fix), _) => Some(Box::new(match fix.applicability {
                Applicability::Safe => format!("{} (fix available)", fix.description),
                Applicability::Unsafe => {
                    format!("{} (unsafe fix: --unsafe-fixes)", fix.description)
                }
            })),
            (None, Some(help)) => Some(Box::new(help)),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = &self.finding.span;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(self.finding.label.clone()),
                (span.start, span.end - span.start),
            ),
        )))
    }
}

fn handler(options: &RenderOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(options.width)
        .with_context_lines(1)
}

fn render_file(report: &FileReport, handler: &GraphicalReportHandler) -> String {
    let mut text = String::new();
    for finding in &report.findings {
        let diagnostic = Rendered {
            finding,
            source: &report.source,
        };
        if handler.render_report(&mut text, &diagnostic).is_err() {
            // Rendering into a String only fails on a span outside the file: fall back to the
            // concise line rather than lose the finding.
            let position = report.source.position(finding.span.start);
            text.push_str(&format!(
                "{}:{}:{}: {} {}\n",
                report.display(),
                position.line,
                position.column,
                finding.rule.id,
                finding.message
            ));
        }
        text.push('\n');
    }
    text
}

pub fn emit(result: &CheckResult, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let handler = handler(&options);
    let rendered: Vec<String> = result
        .reports
        .par_iter()
        .map(|report| render_file(report, &handler))
        .collect();
    for text in rendered {
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}
