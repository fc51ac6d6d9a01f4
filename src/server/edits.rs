//! Fixes as `WorkspaceEdit`s the client applies: the server never writes a file itself.
//!
//! A fix may edit another file than the finding's (TLS006 adds the opt-in to the application's
//! `App.config`) or create it; with `documentChanges` each document's edits carry the version
//! they were computed against, so a client refuses them on a document that changed since.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    CreateFile, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Url, WorkspaceEdit,
};

use super::position::{Encoding, Text};
use crate::apply::Plan;
use crate::engine::FileReport;
use crate::fix::{EditFile, Fix};
use crate::source::SourceFile;

/// The version of an open document (`None`: not open).
pub type VersionOf<'a> = Box<dyn Fn(&Url) -> Option<i32> + 'a>;

/// What the client accepts, and what the server knows about its documents.
pub struct EditContext<'a> {
    /// How the client counts columns.
    pub encoding: Encoding,
    /// The client takes `documentChanges` (versioned edits).
    pub document_changes: bool,
    /// The client can create files (`resourceOperations` includes `create`).
    pub create_files: bool,
    /// The version of an open document, as the last check read it.
    pub version: VersionOf<'a>,
    /// A path made absolute, as the check's session knows it.
    pub absolute: Box<dyn Fn(&Path) -> PathBuf + 'a>,
}

/// The edits of one file, in the order they were added.
struct FileEdits {
    uri: Url,
    /// The file does not exist yet.
    create: bool,
    edits: Vec<TextEdit>,
}

/// Edits grouped by file, in the order files were first named.
#[derive(Default)]
pub struct EditBuilder {
    files: Vec<FileEdits>,
}

impl EditBuilder {
    /// Adds an edit of `path` (`source`: its text as read; `None`: the edit creates it).
    /// Returns `false` when the path has no `file:` URI.
    fn add(
        &mut self,
        context: &EditContext<'_>,
        path: &Path,
        source: Option<&SourceFile>,
        range: (usize, usize),
        content: String,
    ) -> bool {
        let Ok(uri) = Url::from_file_path((context.absolute)(path)) else {
            return false;
        };
        let range = match source {
            Some(source) => Text {
                text: &source.text,
                lines: &source.lines,
                encoding: context.encoding,
            }
            .range(range.0, range.1),
            None => Range::new(Position::new(0, 0), Position::new(0, 0)),
        };
        let edit = TextEdit::new(range, content);
        match self.files.iter_mut().find(|file| file.uri == uri) {
            Some(file) => file.edits.push(edit),
            None => self.files.push(FileEdits {
                uri,
                create: source.is_none(),
                edits: vec![edit],
            }),
        }
        true
    }

    /// The workspace edit, or `None` when the client cannot apply it (it would create a file
    /// and the client cannot, or nothing is left).
    pub fn build(self, context: &EditContext<'_>) -> Option<WorkspaceEdit> {
        if self.files.is_empty() {
            return None;
        }
        let creates = self.files.iter().any(|file| file.create);
        if creates && !(context.document_changes && context.create_files) {
            return None;
        }
        if !context.document_changes {
            let changes: HashMap<Url, Vec<TextEdit>> = self
                .files
                .into_iter()
                .map(|file| (file.uri, file.edits))
                .collect();
            return Some(WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            });
        }
        let mut operations = Vec::new();
        for file in self.files {
            if file.create {
                operations.push(DocumentChangeOperation::Op(ResourceOp::Create(
                    CreateFile {
                        uri: file.uri.clone(),
                        options: None,
                        annotation_id: None,
                    },
                )));
            }
            let version = (context.version)(&file.uri);
            operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: file.uri,
                    version,
                },
                edits: file.edits.into_iter().map(OneOf::Left).collect(),
            }));
        }
        Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(operations)),
            ..WorkspaceEdit::default()
        })
    }
}

/// A finding's fix, edit by edit, exactly as `tlslint check --format json` lists it.
pub fn of_fix(report: &FileReport, fix: &Fix, context: &EditContext<'_>) -> Option<WorkspaceEdit> {
    let mut builder = EditBuilder::default();
    for edit in &fix.edits {
        let (path, source) = match &edit.file {
            EditFile::Same => (report.path.as_path(), Some(&*report.source)),
            EditFile::Other { path, source, .. } => (path.as_path(), source.as_deref()),
        };
        let span = (edit.span.start, edit.span.end);
        if !builder.add(context, path, source, span, edit.content.clone()) {
            return None;
        }
    }
    builder.build(context)
}

/// One edit of `report`'s own file: bytes `span` become `content`.
pub fn of_text(
    report: &FileReport,
    span: (usize, usize),
    content: String,
    context: &EditContext<'_>,
) -> Option<WorkspaceEdit> {
    let mut builder = EditBuilder::default();
    if !builder.add(context, &report.path, Some(&report.source), span, content) {
        return None;
    }
    builder.build(context)
}

/// The changes of a fix plan, one edit per file: the part between what is unchanged at its
/// start and at its end (so that the client keeps the cursor and folds elsewhere).
pub fn of_plan(plan: &Plan, context: &EditContext<'_>) -> Option<WorkspaceEdit> {
    let mut builder = EditBuilder::default();
    for change in &plan.changes {
        let before = change.before.as_ref().map_or("", |source| &source.text);
        let (start, before_end, after_end) = changed_part(before, &change.after);
        let content = change.after[start..after_end].to_owned();
        let source = change.before.as_deref();
        if !builder.add(context, &change.path, source, (start, before_end), content) {
            return None;
        }
    }
    builder.build(context)
}

/// Where `before` and `after` differ: the start (shared) and the end in each, all on
/// character boundaries.
fn changed_part(before: &str, after: &str) -> (usize, usize, usize) {
    let mut start = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(start) || !after.is_char_boundary(start) {
        start -= 1;
    }
    let longest_suffix = before.len().min(after.len()) - start;
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(longest_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    (start, before.len() - suffix, after.len() - suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_part_stays_on_character_boundaries() {
        assert_eq!(changed_part("abcdef", "abXYef"), (2, 4, 4));
        assert_eq!(changed_part("aaa", "aaaa"), (3, 3, 4));
        assert_eq!(changed_part("", "new"), (0, 0, 3));
        assert_eq!(changed_part("same", "same"), (4, 4, 4));
        // é (C3 A9) and è (C3 A8) share their first byte: the edit starts before it.
        assert_eq!(changed_part("x\u{e9}", "x\u{e8}"), (1, 3, 3));
        assert_eq!(changed_part("\u{e9}y", "\u{e8}y"), (0, 2, 2));
    }

    fn context<'a>(document_changes: bool, create_files: bool) -> EditContext<'a> {
        EditContext {
            encoding: Encoding::Utf16,
            document_changes,
            create_files,
            version: Box::new(|_| Some(7)),
            absolute: Box::new(|path| Path::new("/w").join(path)),
        }
    }

    #[test]
    fn a_created_file_needs_document_changes_and_create() {
        let mut builder = EditBuilder::default();
        assert!(builder.add(
            &context(true, true),
            Path::new("App.config"),
            None,
            (0, 0),
            "<configuration/>".into()
        ));
        let edit = builder.build(&context(true, true)).unwrap();
        let Some(DocumentChanges::Operations(operations)) = edit.document_changes else {
            panic!("operations expected");
        };
        assert!(matches!(
            &operations[0],
            DocumentChangeOperation::Op(ResourceOp::Create(create))
                if create.uri.as_str() == "file:///w/App.config"
        ));
        assert_eq!(operations.len(), 2);
        for (changes, create) in [(false, true), (true, false)] {
            let mut builder = EditBuilder::default();
            builder.add(
                &context(changes, create),
                Path::new("App.config"),
                None,
                (0, 0),
                "x".into(),
            );
            assert!(builder.build(&context(changes, create)).is_none());
        }
    }

    #[test]
    fn plain_changes_without_document_changes() {
        let source = SourceFile::new(
            "a.cs".into(),
            "ab\ncd".into(),
            crate::source::Encoding::Utf8,
        );
        let mut builder = EditBuilder::default();
        let context = context(false, false);
        builder.add(
            &context,
            Path::new("a.cs"),
            Some(&source),
            (3, 4),
            "X".into(),
        );
        let edit = builder.build(&context).unwrap();
        let changes = edit.changes.unwrap();
        let edits = &changes[&Url::parse("file:///w/a.cs").unwrap()];
        assert_eq!(
            edits[0].range,
            Range::new(Position::new(1, 0), Position::new(1, 1))
        );
    }
}
