//! `--format msbuild`: MSBuild's canonical error format, `path(line,col): error TLS001: message`,
//! which Visual Studio, TeamCity and the `dotnet build` log parsers pick up; a file that could
//! not be checked is `path: warning tlslint: could not be checked: reason`.
//!
//! MSBuild's parser (`CanonicalError`) takes everything before the first `:` as the origin (a
//! drive letter's `X:` excepted) and reads one line per message, so a `:` in a file name (but
//! the one of a Windows drive) and control characters in names and messages are written
//! `\xNN` ([`super::escape`]). MSBuild knows only errors and warnings: notes are warnings.
//! Columns count UTF-16 code units, as the C# compiler's do.

use std::io::{self, Write};

use super::escape::one_line;
use crate::diagnostic::Severity;
use crate::engine::CheckResult;

/// A display name as an MSBuild origin.
pub fn origin(path: &str) -> String {
    let path = one_line(path);
    // Only Windows names start with a drive; elsewhere `a:b.cs` is a file in the folder.
    let drive = cfg!(windows)
        && path.len() >= 2
        && path.as_bytes()[0].is_ascii_alphabetic()
        && path.as_bytes()[1] == b':';
    let (head, tail) = path.split_at(if drive { 2 } else { 0 });
    format!("{head}{}", tail.replace(':', "\\x3A"))
}

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    for (report, finding) in result.findings() {
        let start = report.source.position(finding.span.start);
        let category = match finding.severity {
            Severity::Error => "error",
            Severity::Warning | Severity::Note => "warning",
        };
        writeln!(
            out,
            "{}({},{}): {category} {}: {}",
            origin(report.display()),
            start.line,
            start.utf16_column,
            finding.rule.id,
            one_line(&finding.message),
        )?;
    }
    // A file that could not be checked: MSBuild's form without a position.
    for error in &result.errors {
        let category = if error.fatal { "error" } else { "warning" };
        writeln!(
            out,
            "{}: {category} tlslint: could not be checked: {}",
            origin(&error.path),
            one_line(&error.message),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_hold_no_colon_or_line_break() {
        assert_eq!(origin("src/a.cs"), "src/a.cs");
        if cfg!(windows) {
            assert_eq!(origin("C:/src/a:b.cs"), "C:/src/a\\x3Ab.cs");
        }
        assert_eq!(origin("a:b\nc.cs"), "a\\x3Ab\\x0Ac.cs");
    }
}
