//! `--format json-lines`: one finding per line, each the object the `json` format lists under
//! `findings` (for log pipelines and `jq`). JSON strings escape line breaks, so a name or
//! message can never split a record.

use std::io::{self, Write};

use crate::engine::CheckResult;

pub fn emit(result: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    for (report, finding) in result.findings() {
        serde_json::to_writer(&mut *out, &super::json::finding(report, finding))?;
        writeln!(out)?;
    }
    Ok(())
}
