//! LSP positions (0-based line, column in the negotiated encoding) and byte offsets into text.
//!
//! Findings and fixes speak byte offsets into the decoded text; the client speaks lines and
//! columns counted in UTF-16 code units unless it offered another encoding at `initialize`
//! (`general.positionEncodings`). Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol
//! says and as [`LineIndex`] already splits them.

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::source::LineIndex;

/// How the client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8 (what the engine counts, so the cheapest).
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
    /// Unicode scalar values (what `--format json` columns count).
    Utf32,
}

impl Encoding {
    /// The encoding to use among those a client offers (`None`: it said nothing, which means
    /// UTF-16). UTF-8 wins when offered: no conversion at all.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let Some(offered) = offered else {
            return Encoding::Utf16;
        };
        let has = |kind: &PositionEncodingKind| offered.contains(kind);
        if has(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if has(&PositionEncodingKind::UTF16) || offered.is_empty() {
            Encoding::Utf16
        } else if has(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            // Nothing we know: the protocol says UTF-16 must always be supported.
            Encoding::Utf16
        }
    }

    /// The name announced in the server's capabilities.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// How many units `c` takes.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// How many units `text` takes.
    fn length(self, text: &str) -> usize {
        if text.is_ascii() {
            return text.len();
        }
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.encode_utf16().count(),
            Encoding::Utf32 => text.chars().count(),
        }
    }
}

/// A text with its line index, to convert positions in both directions.
pub struct Text<'a> {
    /// The text positions are in.
    pub text: &'a str,
    /// Where `text`'s lines start.
    pub lines: &'a LineIndex,
    /// How columns are counted.
    pub encoding: Encoding,
}

impl Text<'_> {
    /// The position of byte `offset` (clamped to the text and down to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line);
        let column = self.encoding.length(&self.text[start..offset]);
        Position::new(to_u32(line), to_u32(column))
    }

    /// The range of bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of `position`. As the protocol says, a column past the end of its line
    /// means the end of the line (before the line break), and a line past the end of the text
    /// the end of the text; a column inside a character (half a surrogate pair) means its
    /// start.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.lines.line_count() {
            return self.text.len();
        }
        let start = self.lines.line_start(line);
        let line_text = self.lines.line_text(line, self.text);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            let next = units + self.encoding.width(c);
            if next > wanted {
                return start + i;
            }
            units = next;
        }
        start + line_text.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str, encoding: Encoding, f: impl FnOnce(&Text<'_>)) {
        let lines = LineIndex::new(text);
        f(&Text {
            text,
            lines: &lines,
            encoding,
        });
    }

    #[test]
    fn columns_count_units_of_the_negotiated_encoding() {
        // é is 2 bytes, 1 UTF-16 unit; 😀 is 4 bytes, 2 UTF-16 units, 1 scalar.
        let source = "a\u{e9}\u{1F600}x";
        let x = source.find('x').unwrap();
        for (encoding, column) in [
            (Encoding::Utf8, 7),
            (Encoding::Utf16, 4),
            (Encoding::Utf32, 3),
        ] {
            text(source, encoding, |t| {
                assert_eq!(t.position(x), Position::new(0, column), "{encoding:?}");
                assert_eq!(t.offset(Position::new(0, column)), x, "{encoding:?}");
            });
        }
    }

    #[test]
    fn every_line_break_style_ends_a_line() {
        let source = "a\r\nb\rc\nd";
        text(source, Encoding::Utf16, |t| {
            for (name, line) in [("b", 1), ("c", 2), ("d", 3)] {
                let at = source.find(name).unwrap();
                assert_eq!(t.position(at), Position::new(line, 0));
                assert_eq!(t.offset(Position::new(line, 0)), at);
            }
            // The end of line 0 is before its `\r\n`, however far past it the column points.
            assert_eq!(t.offset(Position::new(0, 1)), 1);
            assert_eq!(t.offset(Position::new(0, 99)), 1);
        });
    }

    #[test]
    fn positions_outside_the_text_are_clamped() {
        text("ab\n", Encoding::Utf16, |t| {
            assert_eq!(t.offset(Position::new(7, 0)), 3);
            assert_eq!(t.position(99), Position::new(1, 0));
        });
        // Half a surrogate pair means the character's start.
        text("\u{1F600}z", Encoding::Utf16, |t| {
            assert_eq!(t.offset(Position::new(0, 1)), 0);
            assert_eq!(t.offset(Position::new(0, 2)), 4);
        });
        // An offset inside a character counts from the character's start.
        text("\u{e9}z", Encoding::Utf8, |t| {
            assert_eq!(t.position(1), Position::new(0, 0));
        });
    }

    #[test]
    fn utf8_is_preferred_and_utf16_is_the_default() {
        let offered = |kinds: &[PositionEncodingKind]| Encoding::negotiate(Some(kinds));
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            offered(&[PositionEncodingKind::UTF16, PositionEncodingKind::UTF8]),
            Encoding::Utf8
        );
        assert_eq!(
            offered(&[PositionEncodingKind::UTF32, PositionEncodingKind::UTF16]),
            Encoding::Utf16
        );
        assert_eq!(offered(&[PositionEncodingKind::UTF32]), Encoding::Utf32);
        assert_eq!(
            offered(&[PositionEncodingKind::new("utf-7")]),
            Encoding::Utf16
        );
        assert_eq!(offered(&[]), Encoding::Utf16);
    }
}
