//! Source files: decoding bytes into text and mapping byte offsets to lines and columns.
//!
//! Every analyser works on UTF-8 text and byte offsets into it. Files on disk are UTF-8 (with or
//! without BOM), UTF-16 (config and `.reg` files often are) or broken; [`decode`] turns all of
//! them into one `String` and remembers the encoding, so that positions are reported in the
//! decoded text and a fix can write the file back in its own encoding.

use std::fmt;
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// How a file's bytes were turned into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (`EF BB BF`), which is not part of the text.
    Utf8Bom,
    /// UTF-16 little endian; `bom` tells whether the file starts with `FF FE`.
    Utf16Le { bom: bool },
    /// UTF-16 big endian; `bom` tells whether the file starts with `FE FF`.
    Utf16Be { bom: bool },
    /// Mostly UTF-8, but some byte sequences were invalid and became U+FFFD. Positions after
    /// them are still right, but the text cannot be written back byte for byte.
    Utf8Lossy,
    /// UTF-16 with unpaired surrogates or an odd trailing byte, which became U+FFFD: like
    /// [`Encoding::Utf8Lossy`], readable but not writable.
    Utf16Lossy { big_endian: bool, bom: bool },
}

impl Encoding {
    /// Whether text in this encoding can be re-encoded to exactly the original bytes.
    pub fn is_lossless(self) -> bool {
        !matches!(self, Encoding::Utf8Lossy | Encoding::Utf16Lossy { .. })
    }
}

/// Why a file's bytes were not turned into text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The file holds NUL bytes that are not UTF-16: an image, an assembly, an archive.
    Binary,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("binary file (NUL bytes), skipped"),
        }
    }
}

/// How many leading bytes are inspected to tell UTF-16 without a BOM and binary data apart.
const SNIFF_LEN: usize = 8 * 1024;

/// How a file's bytes are laid out, decided from the byte order mark and the first bytes only,
/// exactly as [`decode`] decides. Lets a caller scan UTF-8 bytes for ASCII tokens before paying
/// for validation and a copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// UTF-8 (or broken UTF-8), with or without BOM: ASCII tokens appear as themselves.
    Utf8,
    /// UTF-16 (either byte order, with or without BOM): must be decoded before scanning.
    Utf16,
    /// Binary data: [`decode`] refuses it.
    Binary,
}

pub fn layout(bytes: &[u8]) -> Layout {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Layout::Utf8;
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Layout::Utf16;
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if memchr::memchr(0, head).is_some() {
        return match sniff_utf16(head) {
            Some(_) => Layout::Utf16,
            None => Layout::Binary,
        };
    }
    Layout::Utf8
}

/// Decodes a file's bytes: BOMs are honoured and stripped, UTF-16 without a BOM is recognised
/// from its pattern of zero bytes, invalid UTF-8 is replaced lossily, and binary data is refused.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, lossy) = utf8_lossy(rest);
        return Ok((
            text,
            if lossy {
                Encoding::Utf8Lossy
            } else {
                Encoding::Utf8Bom
            },
        ));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, false, true));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, true, true));
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if memchr::memchr(0, head).is_some() {
        return match sniff_utf16(head) {
            Some(little_endian) => Ok(utf16(bytes, !little_endian, false)),
            None => Err(DecodeError::Binary),
        };
    }
    let (text, lossy) = utf8_lossy(bytes);
    Ok((
        text,
        if lossy {
            Encoding::Utf8Lossy
        } else {
            Encoding::Utf8
        },
    ))
}

/// Encodes text back into the bytes of `encoding` (the inverse of [`decode`] for lossless
/// encodings).
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Lossy => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Utf16Le { bom }
        | Encoding::Utf16Lossy {
            big_endian: false,
            bom,
        } => {
            let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        Encoding::Utf16Be { bom }
        | Encoding::Utf16Lossy {
            big_endian: true,
            bom,
        } => {
            let mut out = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
            out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            out
        }
    }
}

fn utf8_lossy(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

/// Text files in UTF-16 without a BOM show zero bytes in every other position (ASCII code
/// units). Returns `Some(true)` for little endian, `Some(false)` for big endian, `None` when the
/// zero bytes follow no such pattern (binary data).
fn sniff_utf16(head: &[u8]) -> Option<bool> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        zero_even += usize::from(pair[0] == 0);
        zero_odd += usize::from(pair[1] == 0);
    }
    // Mostly-ASCII UTF-16: one half of the bytes is nearly always zero, the other nearly never.
    if zero_odd * 10 >= pairs * 7 && zero_even * 10 <= pairs * 2 {
        Some(true)
    } else if zero_even * 10 >= pairs * 7 && zero_odd * 10 <= pairs * 2 {
        Some(false)
    } else {
        None
    }
}

/// Decodes UTF-16 (after its BOM, if any); unpaired surrogates and an odd trailing byte become
/// U+FFFD and make the result lossy.
fn utf16(bytes: &[u8], big_endian: bool, bom: bool) -> (String, Encoding) {
    let unit = if big_endian {
        u16::from_be_bytes
    } else {
        u16::from_le_bytes
    };
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut lossy = bytes.len() % 2 == 1;
    let mut text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                lossy = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let encoding = match (lossy, big_endian) {
        (true, _) => Encoding::Utf16Lossy { big_endian, bom },
        (false, true) => Encoding::Utf16Be { bom },
        (false, false) => Encoding::Utf16Le { bom },
    };
    (text, encoding)
}

/// A 1-based position in a text file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values.
    pub column: u32,
    /// 1-based column, counted in UTF-16 code units (SARIF's `utf16CodeUnits`).
    pub utf16_column: u32,
}

/// Byte offsets of line starts, so that positions and snippets cost a binary search instead of
/// a scan from the start of the file. Lines end at `\n`, `\r\n` or a lone `\r`, as in C#.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for pos in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n') {
                continue; // the `\n` that follows ends this line
            }
            starts.push(pos + 1);
        }
        LineIndex { starts }
    }

    /// Number of lines (a final line without a line break counts; an empty file has one line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// Byte offset where the line after 0-based `line` starts (its line break included), or the
    /// end of the text.
    pub fn line_end_inclusive(&self, line: usize, text: &str) -> usize {
        self.starts.get(line + 1).copied().unwrap_or(text.len())
    }

    /// The text of 0-based `line` without its line break.
    pub fn line_text<'t>(&self, line: usize, text: &'t str) -> &'t str {
        let start = self.line_start(line);
        let end = self.line_end_inclusive(line, text);
        text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// 1-based position of byte `offset` (clamped to the text and to a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let prefix = &text[self.starts[line]..offset];
        let (column, utf16_column) = if prefix.is_ascii() {
            (prefix.len(), prefix.len())
        } else {
            (prefix.chars().count(), prefix.encode_utf16().count())
        };
        Position {
            line: to_u32(line + 1),
            column: to_u32(column + 1),
            utf16_column: to_u32(utf16_column + 1),
        }
    }

    /// Byte offset of a 1-based line and 1-based column in Unicode scalar values (the inverse of
    /// [`LineIndex::position`]); `None` when the position lies outside the text.
    pub fn offset(&self, text: &str, line: u32, column: u32) -> Option<usize> {
        let line = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(line)?;
        let end = self.line_end_inclusive(line, text);
        let wanted = usize::try_from(column).ok()?.checked_sub(1)?;
        let line_text = &text[start..end];
        if wanted == line_text.chars().count() {
            return Some(end);
        }
        line_text.char_indices().nth(wanted).map(|(i, _)| start + i)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A decoded file, ready for analysis and rendering.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the working directory, `/`-separated).
    pub name: String,
    pub text: String,
    pub encoding: Encoding,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(name: String, text: String, encoding: Encoding) -> Arc<Self> {
        let lines = LineIndex::new(&text);
        Arc::new(SourceFile {
            name,
            text,
            encoding,
            lines,
        })
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }
}

/// miette's own `SourceCode` for strings scans from the start of the file on every call, which
/// makes rendering n findings in a large file O(n × size). This one answers from the line index.
impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.lines.line_of(start);
        let last_line = self.lines.line_of(end.saturating_sub(1).max(start));
        let from_line = first_line.saturating_sub(context_lines_before);
        let to_line = (last_line + context_lines_after).min(self.lines.line_count() - 1);
        let (data_start, column) = if context_lines_before == 0 {
            (
                start,
                self.lines.position(&self.text, start).column as usize - 1,
            )
        } else {
            (self.lines.line_start(from_line), 0)
        };
        let data_end = self.lines.line_end_inclusive(to_line, &self.text).max(end);
        let data = &self.text.as_bytes()[data_start..data_end];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            (data_start, data_end - data_start).into(),
            from_line,
            column,
            to_line - from_line + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_utf16() {
        assert_eq!(decode(b"abc").unwrap(), ("abc".into(), Encoding::Utf8));
        assert_eq!(
            decode(b"\xEF\xBB\xBFabc").unwrap(),
            ("abc".into(), Encoding::Utf8Bom)
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\u{e9}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            decode(&le).unwrap(),
            ("a\u{e9}".into(), Encoding::Utf16Le { bom: true })
        );
        let be_no_bom: Vec<u8> = "<configuration/>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(
            decode(&be_no_bom).unwrap(),
            ("<configuration/>".into(), Encoding::Utf16Be { bom: false })
        );
        assert_eq!(
            decode(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn encode_round_trips() {
        for enc in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le { bom: true },
            Encoding::Utf16Be { bom: false },
        ] {
            let bytes = encode("x = \u{1F600};\r\n", enc);
            assert_eq!(decode(&bytes).unwrap(), ("x = \u{1F600};\r\n".into(), enc));
        }
    }

    #[test]
    fn invalid_utf8_keeps_later_positions() {
        let (text, enc) = decode(b"a\xFF\xFEb\nSecurityProtocolType").unwrap();
        assert_eq!(enc, Encoding::Utf8Lossy);
        let index = LineIndex::new(&text);
        let at = text.find("Security").unwrap();
        assert_eq!(index.position(&text, at).line, 2);
        assert_eq!(index.position(&text, at).column, 1);
        let b = text.find('b').unwrap();
        assert_eq!(index.position(&text, b).column, 4);
    }

    #[test]
    fn positions_count_scalars_and_utf16_units() {
        let text = "a\r\nb\u{e9}\u{1F600}x\rz\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        let x = text.find('x').unwrap();
        let pos = index.position(text, x);
        assert_eq!((pos.line, pos.column, pos.utf16_column), (2, 4, 5));
        assert_eq!(index.offset(text, 2, 4), Some(x));
        let z = text.find('z').unwrap();
        assert_eq!(index.position(text, z).line, 3);
        assert_eq!(index.line_text(1, text), "b\u{e9}\u{1F600}x");
    }
}
