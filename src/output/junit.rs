//! `--format junit`: JUnit XML for Jenkins, Azure Pipelines "Publish Test Results", GitLab test
//! reports and TeamCity, in ruff's shape: a `testsuite` per file, a `testcase` per finding with a
//! `failure`. A file that could not be checked is a `testcase` with an `error`. A clean run is
//! one passing `testcase`, since several consumers treat a report without tests as a failure to
//! publish. Only attributes of the JUnit schema Jenkins validates against (`junit-10.xsd`) are
//! written: the position goes into the test name and the failure text.

use std::io::{self, Write};

use super::escape::{xml_attribute, xml_text};
use crate::engine::CheckResult;

/// The XML, built as a string first: every piece of it is escaped here, and nowhere else.
pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let findings = result.finding_count();
    let errors = result.errors.len();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let tests = (findings + errors).max(1);
    xml.push_str(&format!(
        "<testsuites name=\"tlslint\" tests=\"{tests}\" failures=\"{findings}\" errors=\"{errors}\">\n"
    ));
    for report in &result.reports {
        let path = xml_attribute(report.display());
        let count = report.findings.len();
        xml.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{count}\" failures=\"{count}\" errors=\"0\" file=\"{path}\">\n"
        ));
        for finding in &report.findings {
            let start = report.source.position(finding.span.start);
            let name = format!(
                "{} {} (line {}, column {})",
                finding.rule.id, finding.rule.name, start.line, start.column
            );
            let text = format!(
                "{}:{}:{}: {} [{}] {}",
                report.display(),
                start.line,
                start.column,
                finding.rule.id,
                finding.severity,
                finding.message
            );
            xml.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{path}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                xml_attribute(&name),
                finding.rule.id,
                xml_attribute(&finding.message),
                xml_text(&text),
            ));
        }
        xml.push_str("  </testsuite>\n");
    }
    for error in &result.errors {
        let path = xml_attribute(&error.path);
        xml.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\" file=\"{path}\">\n    <testcase name=\"could not be checked\" classname=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>\n",
            xml_attribute(&error.message),
        ));
    }
    if findings + errors == 0 {
        xml.push_str(&format!(
            "  <testsuite name=\"tlslint\" tests=\"1\" failures=\"0\" errors=\"0\">\n    <testcase name=\"no findings in {}\" classname=\"tlslint\"/>\n  </testsuite>\n",
            super::plural(result.files_checked, "file", "files")
        ));
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}
