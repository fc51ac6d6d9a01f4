//! `--format concise`: `path:line:col: TLS001 [error] message`, one line per finding.

use std::io::{self, Write};

use crate::check::CheckResult;

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    for (report, finding) in result.findings() {
        let position = report.source.position(finding.span.start);
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            report.display(),
            position.line,
            position.column,
            finding.rule.id,
            finding.severity,
            finding.message
        )?;
    }
    Ok(())
}
