//! "Suppress TLSxxx on this line": the `tlslint:ignore` comment each file kind reads
//! (README "Suppressions"), inserted on its own line above the finding's line, which it covers.

use crate::lang::FileKind;
use crate::source::LineIndex;

/// What the user is asked to replace: a suppression is expected to say why (TLS100 reports
/// one without a reason).
pub const REASON_PLACEHOLDER: &str = "reason";

/// The comment that suppresses `rule`, or `None` for kinds without comments (runtimeconfig
/// JSON). The syntax is `suppress`'s, the module that reads it back.
pub fn comment(kind: FileKind, rule: &str) -> Option<String> {
    crate::suppress::suppression_comment(kind, rule, REASON_PLACEHOLDER)
}

/// The insertion that suppresses `rule` at byte `offset` of `text`: where it goes (the start of
/// the line) and the line to insert, indented as that line and ended as it is. `None` when the
/// kind has no comments, or (XML) when the line does not start a tag or text, so that a
/// comment there would land inside a tag.
pub fn insertion(
    kind: FileKind,
    text: &str,
    lines: &LineIndex,
    offset: usize,
    rule: &str,
) -> Option<(usize, String)> {
    let comment = comment(kind, rule)?;
    let line = lines.line_of(offset.min(text.len()));
    let line_text = lines.line_text(line, text);
    let body = line_text.trim_start();
    if matches!(kind, FileKind::MsBuild | FileKind::Config) && !body.starts_with('<') {
        return None;
    }
    let indent = &line_text[..line_text.len() - body.len()];
    let start = lines.line_start(line);
    let line_end = lines.line_end_inclusive(line, text);
    let line_break = match &text[start + line_text.len()..line_end] {
        "" => first_line_break(text),
        ending => ending,
    };
    Some((start, format!("{indent}{comment}{line_break}")))
}

/// The file's line break style, from its first line break (`\n` when it has none).
fn first_line_break(text: &str) -> &'static str {
    match text.find(['\r', '\n']) {
        Some(at) if text[at..].starts_with("\r\n") => "\r\n",
        Some(at) if text[at..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(kind: FileKind, text: &str, at: &str) -> Option<String> {
        let lines = LineIndex::new(text);
        let offset = text.find(at).unwrap();
        let (start, line) = insertion(kind, text, &lines, offset, "TLS001")?;
        let mut out = text.to_owned();
        out.insert_str(start, &line);
        Some(out)
    }

    #[test]
    fn the_comment_goes_above_the_line_indented_and_ended_as_it() {
        assert_eq!(
            insert(FileKind::CSharp, "{\r\n    x = Tls;\r\n}", "Tls").unwrap(),
            "{\r\n    // tlslint:ignore TLS001 -- reason\r\n    x = Tls;\r\n}"
        );
        assert_eq!(
            insert(FileKind::VisualBasic, "\tx = Tls", "Tls").unwrap(),
            "\t' tlslint:ignore TLS001 -- reason\n\tx = Tls"
        );
        assert_eq!(
            insert(FileKind::Config, "a\r\n  <x y='1' />", "y").unwrap(),
            "a\r\n  <!-- tlslint:ignore TLS001 -- reason -->\r\n  <x y='1' />"
        );
        assert_eq!(
            insert(FileKind::Registry, "[k]\r\"v\"=dword:0", "\"v\"").unwrap(),
            "[k]\r; tlslint:ignore TLS001 -- reason\r\"v\"=dword:0"
        );
        assert_eq!(
            insert(FileKind::PowerShell, "$x = 1", "1").unwrap(),
            "# tlslint:ignore TLS001 -- reason\n$x = 1"
        );
    }

    #[test]
    fn no_comment_where_it_cannot_go() {
        assert_eq!(insert(FileKind::RuntimeConfig, "{\"a\": 1}", "1"), None);
        // Inside a tag split over lines, a comment would break the XML.
        assert_eq!(insert(FileKind::MsBuild, "<x\n   y='1' />", "y"), None);
    }
}
