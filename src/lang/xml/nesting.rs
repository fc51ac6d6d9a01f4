//! How deeply a document nests, found in one linear pass before tree-sitter reads it.
//!
//! tree-sitter-xml's external scanner keeps the names of the open elements and copies them (as
//! many as fit its 1 KB of state, about 340) in and out at every token: the parse of a document
//! nested `d` deep costs about `min(d, 340)` allocations per token. 100,000 unclosed `<a>` took
//! a minute, and 2,000 open elements followed by a megabyte of tags would take as long, though
//! the parser's own operation count stays small. So the tags are counted here first, the way
//! that scanner counts them, and a document nested deeper than [`MAX_DEPTH`], or whose tokens
//! would copy more open elements in all than the work budget for its size, is refused before
//! the parse.

use super::tree::{self, MAX_DEPTH, ParseFailure};

/// The open elements tree-sitter-xml's scanner copies at most per token (1 KB of state, a
/// length byte and a name of at least two bytes for each).
const SCANNER_STACK: u64 = 340;

/// Work-budget units per open element copied at a tag. Measured: 50,000 tags inside 2,000 open
/// elements take 5 s (0.3 µs per element copied at a tag), and 21 million units (the budget of
/// a megabyte) then stand for about 1.5 s; a malformed config nested ten deep with a tag every
/// 20 bytes needs two units per byte of the twenty allowed.
const COST_PER_COPY: u64 = 4;

/// Fails when `text` nests deeper than [`MAX_DEPTH`] elements or the scanner would copy more
/// open elements than the work budget allows.
pub(super) fn check(text: &str) -> Result<(), ParseFailure> {
    let b = text.as_bytes();
    let budget = tree::step_budget(b.len());
    let mut depth: u64 = 0;
    let mut work: u64 = 0;
    // Past the budget the pass goes on (it is linear) to say that the document nests too
    // deep, when it does: the plainer reason.
    let mut too_much_work = false;
    let mut i = 0;
    while let Some(n) = memchr::memchr(b'<', b.get(i..).unwrap_or_default()) {
        let at = i + n;
        // A tag and the text before it are several tokens of the scanner: the cost measured
        // per tag is counted per `<`.
        work = work.saturating_add(1 + COST_PER_COPY * depth.min(SCANNER_STACK));
        too_much_work |= work > budget;
        let rest = &b[at..];
        i = if rest.starts_with(b"<!--") {
            after(b, at + 4, b"-->")
        } else if rest.starts_with(b"<![CDATA[") {
            after(b, at + 9, b"]]>")
        } else if rest.starts_with(b"<?") {
            after(b, at + 2, b"?>")
        } else if rest.starts_with(b"<!") {
            after(b, at + 2, b">")
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            at + 2
        } else if rest
            .get(1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'_' | b':') || c >= 0x80)
        {
            let (end, empty) = tag_end(b, at + 1);
            if !empty {
                depth += 1;
                if depth > MAX_DEPTH as u64 {
                    return Err(ParseFailure::TooDeep(MAX_DEPTH));
                }
            }
            end
        } else {
            at + 1
        };
    }
    if too_much_work {
        return Err(ParseFailure::TooMuchWork(budget));
    }
    Ok(())
}

/// Where the start tag whose name begins at `from` ends, and whether it is empty (`/>`): at
/// its `>`, outside quoted values, or before the next `<` when it is left open.
fn tag_end(b: &[u8], from: usize) -> (usize, bool) {
    let mut j = from;
    while let Some(&c) = b.get(j) {
        match c {
            b'>' => return (j + 1, j > from && b[j - 1] == b'/'),
            b'<' => return (j, false),
            b'"' | b'\'' => {
                j = memchr::memchr(c, b.get(j + 1..).unwrap_or_default())
                    .map_or(b.len(), |n| j + 1 + n + 1);
            }
            _ => j += 1,
        }
    }
    (b.len(), false)
}

/// Just after the first `needle` at or after `from` (the end of the text when there is none).
fn after(b: &[u8], from: usize, needle: &[u8]) -> usize {
    b.get(from..)
        .and_then(|rest| memchr::memmem::find(rest, needle))
        .map_or(b.len(), |n| from + n + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_documents_pass() {
        let text = "<?xml version=\"1.0\"?>\n<!-- <a><a> --><configuration><runtime a=\"<b>\"><x/><![CDATA[<c>]]></runtime><broken></configuration>";
        assert_eq!(check(text), Ok(()));
    }

    #[test]
    fn deep_documents_are_refused_before_the_parse() {
        let open = "<a>".repeat(MAX_DEPTH + 1);
        assert_eq!(check(&open), Err(ParseFailure::TooDeep(MAX_DEPTH)));
        let closed = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert_eq!(check(&closed), Ok(()));
        assert_eq!(check(&"<a/>".repeat(100_000)), Ok(()));
        // Not too deep, but every one of a megabyte of tags would copy 340 open elements.
        let wide = format!("{}{}", "<a>".repeat(MAX_DEPTH), "<b/>".repeat(250_000));
        assert!(matches!(check(&wide), Err(ParseFailure::TooMuchWork(_))));
    }
}
