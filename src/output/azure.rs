//! `--format azure`: Azure Pipelines logging commands, one
//! `##vso[task.logissue type=error;sourcepath=…;linenumber=…;columnnumber=…;code=TLS001;]message`
//! per finding, which the pipeline shows as errors and warnings of the step, and one per file
//! that could not be checked (`code=tlslint`, no line).
//!
//! The agent reads a command per line and splits properties at `;`, so values are escaped as
//! the agent unescapes them (`azure-pipelines-agent`, `Command.cs`): `%` as `%AZP25` first,
//! then `;` `%3B`, `]` `%5D`, CR `%0D`, LF `%0A`; the message escapes `%`, CR and LF.
//! Azure knows only errors and warnings: notes are warnings. Columns count UTF-16 code units,
//! as .NET and the web editor do.

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::engine::CheckResult;

/// Escapes a logging-command message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a logging-command property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(';', "%3B").replace(']', "%5D")
}

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    for (report, finding) in result.findings() {
        let start = report.source.position(finding.span.start);
        let kind = match finding.severity {
            Severity::Error => "error",
            Severity::Warning | Severity::Note => "warning",
        };
        writeln!(
            out,
            "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={};]{}",
            escape_property(report.display()),
            start.line,
            start.utf16_column,
            finding.rule.id,
            escape_data(&finding.message),
        )?;
    }
    // Files that could not be checked are part of the result too: left out, they would vanish
    // from the pipeline's summary (their warnings also go to stderr).
    for error in &result.errors {
        let kind = if error.fatal { "error" } else { "warning" };
        writeln!(
            out,
            "##vso[task.logissue type={kind};sourcepath={};code=tlslint;]could not be checked: {}",
            escape_property(&error.path),
            escape_data(&error.message),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_agent_unescapes() {
        assert_eq!(escape_data("100% [a]\r\nb;"), "100%AZP25 [a]%0D%0Ab;");
        assert_eq!(escape_property("a;b]c%3B\nd"), "a%3Bb%5Dc%AZP253B%0Ad");
    }
}
