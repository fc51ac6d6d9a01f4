//! Findings as LSP diagnostics: the same rule, range, severity and message as
//! `tlslint check` reports, with a link to the rule's documentation.

use lsp_types::{CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Url};

use super::position::{Encoding, Text};
use crate::diagnostic::{Finding, Severity};
use crate::engine::FileReport;
use crate::output::sarif::help_uri;

/// What diagnostics say they come from.
pub const SOURCE: &str = "tlslint";

/// The diagnostics of one file's findings, in the report's order.
pub fn of_report(report: &FileReport, encoding: Encoding) -> Vec<Diagnostic> {
    report
        .findings
        .iter()
        .map(|finding| diagnostic(report, finding, encoding))
        .collect()
}

/// The text of a report's file, for converting its offsets.
pub fn text_of(report: &FileReport, encoding: Encoding) -> Text<'_> {
    Text {
        text: &report.source.text,
        lines: &report.source.lines,
        encoding,
    }
}

/// One finding as a diagnostic.
pub fn diagnostic(report: &FileReport, finding: &Finding, encoding: Encoding) -> Diagnostic {
    let range = text_of(report, encoding).range(finding.span.start, finding.span.end);
    Diagnostic {
        range,
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.id.to_owned())),
        code_description: Url::parse(&help_uri(finding.rule))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        related_information: None,
        tags: None,
        data: None,
    }
}

/// Notes are information, not hints: editors hide hints almost entirely, and a note (a pin to
/// check, a target to confirm) is something to read.
fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{finding, lookup};
    use crate::source::{Encoding as TextEncoding, SourceFile};

    #[test]
    fn a_finding_keeps_its_rule_range_severity_and_message() {
        let text = "x\r\nvar p = SecurityProtocolType.Tls;\n";
        let source = SourceFile::new("a.cs".into(), text.into(), TextEncoding::Utf8);
        let start = text.find("SecurityProtocolType.Tls").unwrap();
        let rule = lookup("TLS001").unwrap();
        let mut found = finding(
            rule,
            start..start + 24,
            "TLS 1.0 is offered".into(),
            String::new(),
            None,
        );
        found.severity = Severity::Note;
        let report = FileReport {
            path: "a.cs".into(),
            kind: crate::lang::FileKind::CSharp,
            source,
            findings: vec![found],
            test_code: false,
        };
        let [diagnostic] = of_report(&report, Encoding::Utf16).try_into().unwrap();
        assert_eq!(diagnostic.range.start, lsp_types::Position::new(1, 8));
        assert_eq!(diagnostic.range.end, lsp_types::Position::new(1, 32));
        assert_eq!(diagnostic.severity, Some(DiagnosticSeverity::INFORMATION));
        assert_eq!(
            diagnostic.code,
            Some(NumberOrString::String("TLS001".into()))
        );
        assert_eq!(diagnostic.message, "TLS 1.0 is offered");
        assert!(
            diagnostic
                .code_description
                .unwrap()
                .href
                .as_str()
                .ends_with("docs/rules/TLS001.md")
        );
    }
}
