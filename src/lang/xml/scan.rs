//! A strict tokenizer for well-formed XML. It produces the same tag events as
//! `queries/xml/tags.scm` finds in tree-sitter-xml's tree, about fifty times faster, and gives
//! up (returns `None`) on anything it is not sure of: a DOCTYPE, non-ASCII names, mismatched or
//! unclosed tags, stray `<` or `&`, a second root. Those files go to tree-sitter, whose error
//! recovery was written for them.
//!
//! One malformation it does read: processing instructions without a target (`<? Copyright …?>`)
//! before the root element, which every project file of the .NET Framework's own sources opens
//! with. tree-sitter flags them and reads the rest of the document tag by tag as usual, so the
//! tokenizer skips them, reports the document as having errors, and lets the XML declaration
//! follow them.

use std::sync::LazyLock;

use regex::Regex;

use super::{Event, decode_char_ref, decode_entity};

/// A well-formed XML declaration (XML 1.0 productions 23-32, 80-81).
static XML_DECLARATION: LazyLock<Regex> = LazyLock::new(|| {
    // XML's white space is these four characters only.
    let value = |inner: &str| format!(r#"[ \t\r\n]*=[ \t\r\n]*(?:"{inner}"|'{inner}')"#);
    Regex::new(&format!(
        r"^<\?xml[ \t\r\n]+version{}(?:[ \t\r\n]+encoding{})?(?:[ \t\r\n]+standalone{})?[ \t\r\n]*\?>$",
        value(r"1\.[0-9]+"),
        value(r"[A-Za-z][A-Za-z0-9._\-]*"),
        value("(?:yes|no)"),
    ))
    .expect("static pattern compiles")
});

/// The events of a well-formed document, in document order, and whether it opened with
/// processing instructions without a target (an error to tree-sitter).
pub(super) fn events(text: &str) -> Option<(Vec<(usize, Event)>, bool)> {
    let b = text.as_bytes();
    // Control characters are not XML characters: tree-sitter flags them.
    if b.iter()
        .any(|&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    let mut events = Vec::new();
    // Where the XML declaration may stand: the start, or after targetless instructions.
    let mut declaration_at = 0;
    let mut targetless = false;
    let mut open: Vec<&str> = Vec::new();
    let mut seen_root = false;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |n| i + n);
            if open.is_empty() {
                // Outside the root only whitespace may appear.
                if !b[i..end]
                    .iter()
                    .all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
                {
                    return None;
                }
            } else {
                text_events(text, i, end, &mut events)?;
            }
            i = end;
            continue;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            let body = i + 4;
            let end = find(b, body, b"--")?;
            // `--` may only close the comment.
            if b.get(end + 2) != Some(&b'>') {
                return None;
            }
            i = end + 3;
        } else if rest.starts_with(b"<![CDATA[") {
            if open.is_empty() {
                return None;
            }
            i = find(b, i + 9, b"]]>")? + 3;
        } else if rest.starts_with(b"<?")
            && i == declaration_at
            && matches!(b.get(i + 2), Some(b' ' | b'\t' | b'\r' | b'\n'))
        {
            // A targetless instruction, before anything else but others of its kind.
            let end = find(b, i + 2, b"?>")? + 2;
            targetless = true;
            declaration_at = skip_space(b, end);
            i = end;
        } else if rest.starts_with(b"<?") {
            // The XML declaration may only open the document; tree-sitter flags one elsewhere.
            let target_end = name(b, i + 2)?;
            if (text[i + 2..target_end].eq_ignore_ascii_case("xml") && i != declaration_at)
                || !matches!(b.get(target_end), Some(b' ' | b'\t' | b'\r' | b'\n' | b'?'))
            {
                return None;
            }
            let end = find(b, target_end, b"?>")? + 2;
            // tree-sitter reads the declaration's parts (`version`, then `encoding`, then
            // `standalone`) and flags anything else: such a declaration is left to it.
            let target = &text[i + 2..target_end];
            if target.eq_ignore_ascii_case("xml")
                && (target != "xml" || !XML_DECLARATION.is_match(&text[i..end]))
            {
                return None;
            }
            i = end;
        } else if rest.starts_with(b"<!") {
            return None;
        } else if rest.starts_with(b"</") {
            let name_end = name(b, i + 2)?;
            let close = skip_space(b, name_end);
            if b.get(close) != Some(&b'>') || open.pop()? != &text[i + 2..name_end] {
                return None;
            }
            events.push((
                i,
                Event::End {
                    tag: i..close + 1,
                    name: i + 2..name_end,
                },
            ));
            i = close + 1;
        } else {
            if open.is_empty() && seen_root {
                return None;
            }
            seen_root = true;
            let name_end = name(b, i + 1)?;
            let mut attributes = Vec::new();
            let mut j = name_end;
            let (tag_end, empty) = loop {
                let k = skip_space(b, j);
                match b.get(k) {
                    Some(b'>') => break (k + 1, false),
                    Some(b'/') if b.get(k + 1) == Some(&b'>') => break (k + 2, true),
                    // An attribute, after at least one space.
                    Some(_) if k > j => {
                        let name_end = name(b, k)?;
                        let equals = skip_space(b, name_end);
                        if b.get(equals) != Some(&b'=') {
                            return None;
                        }
                        let quote_at = skip_space(b, equals + 1);
                        let quote = *b.get(quote_at)?;
                        if quote != b'"' && quote != b'\'' {
                            return None;
                        }
                        let close = quote_at + 1 + memchr::memchr(quote, &b[quote_at + 1..])?;
                        let value = &text[quote_at + 1..close];
                        if value.contains('<') || !references_are_valid(value) {
                            return None;
                        }
                        attributes.push((
                            k,
                            Event::Attribute {
                                span: k..close + 1,
                                name: k..name_end,
                                value: quote_at..close + 1,
                            },
                        ));
                        j = close + 1;
                    }
                    _ => return None,
                }
            };
            let tag = i..tag_end;
            let name_span = i + 1..name_end;
            if empty {
                events.push((
                    i,
                    Event::Empty {
                        tag,
                        name: name_span,
                    },
                ));
            } else {
                open.push(&text[i + 1..name_end]);
                events.push((
                    i,
                    Event::Start {
                        tag,
                        name: name_span,
                    },
                ));
            }
            events.extend(attributes);
            i = tag_end;
        }
    }
    (open.is_empty() && seen_root).then_some((events, targetless))
}

/// Character data between `start` and `end` (no `<` in it): runs of text, and each entity or
/// character reference on its own, as tree-sitter-xml has them.
fn text_events(
    text: &str,
    start: usize,
    end: usize,
    events: &mut Vec<(usize, Event)>,
) -> Option<()> {
    let b = text.as_bytes();
    if text[start..end].contains("]]>") {
        return None;
    }
    let mut k = start;
    while k < end {
        let Some(n) = memchr::memchr(b'&', &b[k..end]) else {
            events.push((
                k,
                Event::Text {
                    span: k..end,
                    decoded: None,
                },
            ));
            break;
        };
        let amp = k + n;
        if amp > k {
            events.push((
                k,
                Event::Text {
                    span: k..amp,
                    decoded: None,
                },
            ));
        }
        let semi = amp + memchr::memchr(b';', &b[amp..end])?;
        let reference = &text[amp..=semi];
        let decoded = if reference.starts_with("&#") {
            if !char_reference_is_valid(reference) {
                return None;
            }
            decode_char_ref(reference)?.to_string()
        } else {
            let entity = &text[amp + 1..semi];
            if name(entity.as_bytes(), 0) != Some(entity.len()) {
                return None;
            }
            decode_entity(entity).to_owned()
        };
        events.push((
            amp,
            Event::Text {
                span: amp..semi + 1,
                decoded: Some(decoded),
            },
        ));
        k = semi + 1;
    }
    Some(())
}

/// `&name;`, `&#65;`, `&#x41;` only, in an attribute value.
fn references_are_valid(value: &str) -> bool {
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        let tail = &rest[at..];
        let Some(semi) = tail.find(';') else {
            return false;
        };
        let reference = &tail[..=semi];
        let valid = if reference.starts_with("&#") {
            char_reference_is_valid(reference)
        } else {
            let entity = &reference[1..reference.len() - 1];
            name(entity.as_bytes(), 0) == Some(entity.len())
        };
        if !valid {
            return false;
        }
        rest = &tail[semi + 1..];
    }
    true
}

fn char_reference_is_valid(reference: &str) -> bool {
    let inner = &reference[2..reference.len() - 1];
    let digits = match inner.strip_prefix('x') {
        Some(hex) => !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit()),
        None => !inner.is_empty() && inner.bytes().all(|c| c.is_ascii_digit()),
    };
    digits && decode_char_ref(reference).is_some()
}

/// The end of an ASCII XML name starting at `at`.
fn name(b: &[u8], at: usize) -> Option<usize> {
    let first = *b.get(at)?;
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b':') {
        return None;
    }
    let len = b[at + 1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'.' | b'-'))
        .count();
    Some(at + 1 + len)
}

fn skip_space(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        at += 1;
    }
    at
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|n| from + n)
}
