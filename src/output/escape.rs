//! Escaping shared by the report formats. File names and messages come from the repository
//! being checked: a name may hold any byte but `/` and NUL (newlines included), so every format
//! must keep it from ending a line, closing an element or starting a second command.
//!
//! Where a format has no escaping of its own, a character is written `\xNN`, the form display
//! names already use for bytes that are not UTF-8 ([`crate::path_name`]): display names write
//! `\` itself as `\\`, so the result reads back to the exact bytes.

use crate::source::SourceFile;

/// `text` as a markdown table cell: pipes escaped, one line, code spans kept (the sweep's
/// markdown tables, `report --compare` and `--history`).
pub fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// Characters XML 1.0 forbids even as character references (C0 controls other than tab, line
/// feed and carriage return; U+FFFE and U+FFFF).
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` as an XML attribute value (in double quotes). Tabs and line breaks become character
/// references, which attribute-value normalisation keeps (a literal one would become a space).
pub fn xml_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_forbidden(c) => push_hex(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// `text` as XML character data. A carriage return is written as a reference, since XML
/// parsers turn a literal one into a line feed.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if xml_forbidden(c) => push_hex(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// `text` on one line: control characters (line breaks included) written `\xNN`.
///
/// The first `#` of `##vso[` and `##[` is written `\x23` too: the Azure Pipelines agent runs
/// a logging command found anywhere in a line of a build log, so a file named
/// `x##vso[task.setvariable …]` must not become one when `msbuild` or `concise` output is
/// printed there.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let command = c == '#' && {
            let rest = &text[i + 1..];
            rest.starts_with("#vso[") || rest.starts_with("#[")
        };
        if command || (c.is_control() && (c as u32) < 0x80) {
            push_hex(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

fn push_hex(out: &mut String, c: char) {
    let code = c as u32;
    if code < 0x100 {
        out.push_str(&format!("\\x{code:02X}"));
    } else {
        // U+FFFE and U+FFFF: their UTF-8 bytes, as a display name would read back.
        let mut buffer = [0; 4];
        for byte in c.encode_utf8(&mut buffer).bytes() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
}

/// The 1-based column of byte `offset` counted in bytes of UTF-8 (reviewdog's unit).
pub fn utf8_column(source: &SourceFile, offset: usize) -> u32 {
    let mut offset = offset.min(source.text.len());
    while !source.text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = source.lines.line_of(offset);
    let column = offset - source.lines.line_start(line) + 1;
    u32::try_from(column).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_keeps_markup_and_line_breaks_out() {
        assert_eq!(
            xml_attribute("a<b>&\"c'\n\r\t\u{1}\u{7f}é"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#13;&#9;\\x01\u{7f}é"
        );
        assert_eq!(xml_text("]]>\r\n\u{b}"), "]]&gt;&#13;\n\\x0B");
        assert_eq!(xml_attribute("\u{fffe}"), "\\xEF\\xBF\\xBE");
    }

    #[test]
    fn one_line_escapes_controls_and_azure_commands_only() {
        assert_eq!(one_line("a\nb\r\tc;é%"), "a\\x0Ab\\x0D\\x09c;é%");
        assert_eq!(
            one_line("x##vso[task.setvariable variable=PATH]y ##[error] #tag ##"),
            "x\\x23#vso[task.setvariable variable=PATH]y \\x23#[error] #tag ##"
        );
    }

    #[test]
    fn escaped_controls_read_back_as_the_bytes_of_a_display_name() {
        let name = "a\nb\u{1}.cs";
        assert_eq!(
            crate::path_name::bytes(&one_line(name)).as_ref(),
            name.as_bytes()
        );
        assert_eq!(
            crate::path_name::bytes(&xml_attribute("x\u{1}")).as_ref(),
            b"x\x01"
        );
    }

    #[test]
    fn utf8_columns_count_bytes() {
        let source = SourceFile::new(
            "a".into(),
            "x\na\u{10400}b".into(),
            crate::source::Encoding::Utf8,
        );
        assert_eq!(utf8_column(&source, 2), 1);
        assert_eq!(utf8_column(&source, 3), 2);
        assert_eq!(utf8_column(&source, 7), 6);
    }
}
