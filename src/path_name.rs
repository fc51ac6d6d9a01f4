//! Paths as text. Paths are bytes on Unix and need not be UTF-8; a name shown lossily (with
//! U+FFFD) could not be told from another, nor found again. Display names are therefore
//! escaped: `\` is written `\\` and every byte that is not part of valid UTF-8 is written
//! `\xNN`. Names that are UTF-8 without a backslash (nearly all) are shown as they are, and the
//! escaped form converts back to the exact bytes, so the machine formats can derive from it
//! the lossy name (JSON `path`), the escaped bytes (JSON `path_bytes`) and the percent-encoded
//! bytes (SARIF URIs).

use std::borrow::Cow;

/// Appends `bytes` to `out` in the escaped form described above.
pub fn push_escaped(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
}

/// The bytes an escaped display name stands for. A backslash that starts no escape is kept
/// as it is (display names never hold one, but this never fails).
pub fn bytes(display: &str) -> Cow<'_, [u8]> {
    if !display.contains('\\') {
        return Cow::Borrowed(display.as_bytes());
    }
    let text = display.as_bytes();
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'\\' {
            if text.get(i + 1) == Some(&b'\\') {
                out.push(b'\\');
                i += 2;
                continue;
            }
            if text.get(i + 1) == Some(&b'x')
                && let Some(byte) = text
                    .get(i + 2..i + 4)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                out.push(byte);
                i += 4;
                continue;
            }
        }
        out.push(text[i]);
        i += 1;
    }
    Cow::Owned(out)
}

/// The name as UTF-8, with U+FFFD for bytes that are not (what the name looked like before
/// escaping, for readers that only want text).
pub fn lossy(display: &str) -> Cow<'_, str> {
    if !display.contains('\\') {
        return Cow::Borrowed(display);
    }
    match bytes(display) {
        Cow::Borrowed(_) => Cow::Borrowed(display),
        Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// The escaped form when the name is not UTF-8 (the lossy name alone would lose it), else
/// `None`.
pub fn escaped_if_not_utf8(display: &str) -> Option<&str> {
    (display.contains("\\x") && std::str::from_utf8(&bytes(display)).is_err()).then_some(display)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(bytes: &[u8]) -> String {
        let mut out = String::new();
        push_escaped(&mut out, bytes);
        out
    }

    #[test]
    fn escaping_is_lossless_and_leaves_plain_names_alone() {
        let cases: &[&[u8]] = &[
            b"src/a.cs",
            "ünïcödé/Ωmega.cs".as_bytes(),
            b"caf\xe9.cs",
            b"a\\b.cs",
            b"a\\xe9.cs",
            b"\xff\xfe\\\\x",
            b"half\xe2\x82.cs",
            b"",
        ];
        for &case in cases {
            let display = escaped(case);
            assert_eq!(bytes(&display).as_ref(), case, "{display}");
        }
        assert_eq!(escaped(b"src/a.cs"), "src/a.cs");
        assert_eq!(escaped(b"caf\xe9.cs"), "caf\\xE9.cs");
        assert_eq!(escaped(b"a\\xe9.cs"), "a\\\\xe9.cs");
        assert_eq!(lossy("caf\\xE9.cs"), "caf\u{fffd}.cs");
        assert_eq!(lossy("a\\\\b.cs"), "a\\b.cs");
        assert_eq!(escaped_if_not_utf8("caf\\xE9.cs"), Some("caf\\xE9.cs"));
        assert_eq!(escaped_if_not_utf8("a\\\\xe9.cs"), None);
        assert_eq!(escaped_if_not_utf8("plain.cs"), None);
    }
}
