//! `--format concise`: `path:line:col: TLS001 [error] message`, one line per finding. A line
//! break or other control character in a name or message is written `\xNN`
//! ([`super::escape::one_line`]), so that a finding is always one line.

use std::io::{self, Write};

use crate::engine::CheckResult;

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    for (report, finding) in result.findings() {
        let position = report.source.position(finding.span.start);
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            super::escape::one_line(report.display()),
            position.line,
            position.column,
            finding.rule.id,
            finding.severity,
            super::escape::one_line(&finding.message)
        )?;
    }
    Ok(())
}
