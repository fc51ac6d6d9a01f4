//! The documents the editor has open: their text as the editor has it (saved or not) and the
//! version it gave.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::position::{Encoding, Text};
use crate::source::LineIndex;

/// One open document.
#[derive(Debug)]
pub struct Document {
    /// The file it is (the URI is `file:`).
    pub path: PathBuf,
    /// The editor's version of the text (it only grows).
    pub version: i32,
    /// The text as the editor has it, saved or not.
    pub text: String,
}

/// Why a change was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The document is not open.
    Unknown,
    /// The change is for an older version than the one held (or the same one again).
    Stale { held: i32, sent: i32 },
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Unknown => f.write_str("the document is not open"),
            Refused::Stale { held, sent } => write!(
                f,
                "version {sent} is not newer than version {held}, which is held: ignored"
            ),
        }
    }
}

/// The open documents, by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: BTreeMap<Url, Document>,
}

impl Documents {
    /// Opens (or reopens) a document.
    pub fn open(&mut self, uri: Url, path: PathBuf, version: i32, text: String) {
        self.open.insert(
            uri,
            Document {
                path,
                version,
                text,
            },
        );
    }

    /// Closes a document; returns it if it was open.
    pub fn close(&mut self, uri: &Url) -> Option<Document> {
        self.open.remove(uri)
    }

    /// The open document at `uri`.
    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.open.get(uri)
    }

    /// Every open document, by URI.
    pub fn iter(&self) -> impl Iterator<Item = (&Url, &Document)> {
        self.open.iter()
    }

    /// Applies the changes of one `didChange` in order: each incremental change's range is in
    /// the text as the changes before it left it; a change without range replaces the text.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Result<&Document, Refused> {
        let document = self.open.get_mut(uri).ok_or(Refused::Unknown)?;
        if version <= document.version {
            return Err(Refused::Stale {
                held: document.version,
                sent: version,
            });
        }
        for change in changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let lines = LineIndex::new(&document.text);
                    let text = Text {
                        text: &document.text,
                        lines: &lines,
                        encoding,
                    };
                    let start = text.offset(range.start);
                    // A reversed range is read as the range between its ends.
                    let end = text.offset(range.end);
                    let (start, end) = (start.min(end), start.max(end));
                    document.text.replace_range(start..end, &change.text);
                }
            }
        }
        document.version = version;
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn uri() -> Url {
        Url::parse("file:///w/a.cs").unwrap()
    }

    fn edit(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(range.0.0, range.0.1),
                Position::new(range.1.0, range.1.1),
            )),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut documents = Documents::default();
        documents.open(uri(), "/w/a.cs".into(), 1, "ab\r\n\u{1F600}cd\n".into());
        let changes = vec![
            // After the emoji (2 UTF-16 units) on line 1: `c` becomes `X`.
            edit(((1, 2), (1, 3)), "X"),
            // Then the whole first line's text, in the text as the first change left it.
            edit(((0, 0), (0, 2)), "first"),
        ];
        let document = documents
            .change(&uri(), 2, changes, Encoding::Utf16)
            .unwrap();
        assert_eq!(document.text, "first\r\n\u{1F600}Xd\n");
        assert_eq!(document.version, 2);
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".into(),
        };
        let document = documents
            .change(&uri(), 3, vec![whole], Encoding::Utf16)
            .unwrap();
        assert_eq!(document.text, "new");
    }

    #[test]
    fn stale_versions_and_unknown_documents_are_refused() {
        let mut documents = Documents::default();
        let other = Url::parse("file:///w/other.cs").unwrap();
        assert_eq!(
            documents
                .change(&other, 1, vec![edit(((0, 0), (0, 0)), "x")], Encoding::Utf8)
                .unwrap_err(),
            Refused::Unknown
        );
        documents.open(uri(), "/w/a.cs".into(), 5, "abc".into());
        for version in [4, 5] {
            let refused = documents
                .change(
                    &uri(),
                    version,
                    vec![edit(((0, 0), (0, 1)), "")],
                    Encoding::Utf8,
                )
                .unwrap_err();
            assert_eq!(
                refused,
                Refused::Stale {
                    held: 5,
                    sent: version
                }
            );
        }
        assert_eq!(documents.get(&uri()).unwrap().text, "abc");
    }

    #[test]
    fn ranges_past_the_end_and_reversed_ranges_do_not_panic() {
        let mut documents = Documents::default();
        documents.open(uri(), "/w/a.cs".into(), 1, "abc".into());
        let changes = vec![edit(((0, 2), (0, 1)), "-"), edit(((9, 9), (9, 9)), "!")];
        let document = documents
            .change(&uri(), 2, changes, Encoding::Utf8)
            .unwrap();
        assert_eq!(document.text, "a-c!");
    }
}
