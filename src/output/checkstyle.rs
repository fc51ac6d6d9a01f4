//! `--format checkstyle`: Checkstyle's XML report (`<checkstyle><file name><error …/></file>`),
//! read by Jenkins warnings-ng, reviewdog (`-f=checkstyle`) and many IDEs. `source` is the rule
//! id; `severity` is `error`, `warning` or `info`; lines and columns are 1-based, columns in
//! UTF-16 code units (Java's characters, which its readers count in).

use std::io::{self, Write};

use super::escape::xml_attribute;
use crate::diagnostic::Severity;
use crate::engine::CheckResult;

/// The version attribute Checkstyle's own XML logger writes for this layout.
const CHECKSTYLE_VERSION: &str = "4.3";

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"{CHECKSTYLE_VERSION}\">\n"
    );
    for report in &result.reports {
        xml.push_str(&format!(
            "  <file name=\"{}\">\n",
            xml_attribute(report.display())
        ));
        for finding in &report.findings {
            let start = report.source.position(finding.span.start);
            let severity = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "info",
            };
            xml.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"{}\"/>\n",
                start.line,
                start.utf16_column,
                xml_attribute(&finding.message),
                finding.rule.id,
            ));
        }
        xml.push_str("  </file>\n");
    }
    xml.push_str("</checkstyle>\n");
    out.write_all(xml.as_bytes())
}
