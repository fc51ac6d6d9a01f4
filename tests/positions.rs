//! Property tests for what every report and every fix depends on: decoding is reversible for
//! the encodings tlslint writes back, and byte offsets, lines, columns and UTF-16 columns
//! convert into each other without drift.

use proptest::prelude::*;
use tlslint::source::{Encoding, LineIndex, decode, encode};

/// Text with what makes positions hard: every kind of line break, tabs, multi-byte and astral
/// characters, BOM-like and replacement characters.
fn tricky_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\r".to_owned()),
            Just("\t".to_owned()),
            Just("é".to_owned()),
            Just("€".to_owned()),
            Just("𝄞".to_owned()),
            Just("\u{feff}".to_owned()),
            Just("\u{fffd}".to_owned()),
            "[a-zA-Z0-9 .;|()]{1,8}",
        ],
        0..40,
    )
    .prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn offsets_and_positions_round_trip(text in tricky_text(), pick in any::<prop::sample::Index>()) {
        let index = LineIndex::new(&text);
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let offset = *pick.get(&boundaries);
        let position = index.position(&text, offset);
        prop_assert_eq!(index.offset(&text, position.line, position.column), Some(offset));

        let line_start = index.line_start(position.line as usize - 1);
        let prefix = &text[line_start..offset];
        prop_assert_eq!(position.column as usize - 1, prefix.chars().count());
        prop_assert_eq!(position.utf16_column as usize - 1, prefix.encode_utf16().count());
        prop_assert!(position.utf16_column >= position.column);
        prop_assert!(!prefix.contains('\n'), "a line never spans a line break");
    }

    #[test]
    fn lines_cover_the_text(text in tricky_text()) {
        let index = LineIndex::new(&text);
        let mut rebuilt = String::new();
        for line in 0..index.line_count() {
            let start = index.line_start(line);
            let end = index.line_end_inclusive(line, &text);
            prop_assert_eq!(start, rebuilt.len());
            rebuilt.push_str(&text[start..end]);
            let content = index.line_text(line, &text);
            prop_assert!(!content.contains(['\r', '\n']));
        }
        prop_assert_eq!(rebuilt, text);
    }

    #[test]
    fn text_written_back_is_byte_identical(text in tricky_text(), which in 0..6usize) {
        let encoding = [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le { bom: true },
            Encoding::Utf16Be { bom: true },
            Encoding::Utf16Le { bom: false },
            Encoding::Utf16Be { bom: false },
        ][which];
        let bytes = encode(&text, encoding);
        match decode(&bytes) {
            // Text that starts with U+FEFF in UTF-8 reads as a BOM, and UTF-16 without a BOM is
            // recognised only when it looks like text (otherwise it is lossy UTF-8, never
            // written): whatever is decoded as lossless must write back the same bytes, and
            // what tlslint wrote it reads as it wrote it when there is a BOM.
            Ok((decoded, found)) => {
                if found.is_lossless() {
                    prop_assert_eq!(encode(&decoded, found), bytes.clone());
                }
                if matches!(which, 1..=3) {
                    prop_assert_eq!((decoded, found), (text.clone(), encoding));
                }
            }
            Err(_) => prop_assert!(bytes.contains(&0), "only NUL bytes make a file binary"),
        }
    }

    #[test]
    fn arbitrary_bytes_are_lossless_or_said_to_be_lossy(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Ok((text, encoding)) = decode(&bytes)
            && encoding.is_lossless()
        {
            prop_assert_eq!(encode(&text, encoding), bytes);
        }
    }
}
