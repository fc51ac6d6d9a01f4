//! What the client can do (read from `initialize`) and what the server announces.

use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DiagnosticOptions, DiagnosticServerCapabilities, HoverProviderCapability,
    ResourceOperationKind, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use super::actions::FIX_ALL;
use super::position::Encoding;

/// The client's abilities that change what the server sends.
#[derive(Clone, Copy, Debug)]
pub struct Client {
    /// How positions count columns.
    pub encoding: Encoding,
    /// Versioned `documentChanges` in workspace edits.
    pub document_changes: bool,
    /// Creating files in workspace edits.
    pub create_files: bool,
    /// `window/workDoneProgress/create` and `$/progress`.
    pub work_done_progress: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`): nothing is pushed then, or it
    /// would show every finding twice.
    pub pull_diagnostics: bool,
    /// `workspace/diagnostic/refresh`: the client pulls again when told to.
    pub refresh_diagnostics: bool,
    /// The server may register file watchers (`workspace/didChangeWatchedFiles`).
    pub watch_files: bool,
}

impl Client {
    /// Reads what the client announced at `initialize`.
    pub fn from_capabilities(capabilities: &ClientCapabilities) -> Client {
        let workspace = capabilities.workspace.as_ref();
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        Client {
            encoding: Encoding::negotiate(
                capabilities
                    .general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            document_changes: edit.and_then(|e| e.document_changes) == Some(true),
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            work_done_progress: capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                == Some(true),
            pull_diagnostics: capabilities
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            refresh_diagnostics: workspace
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                == Some(true),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                == Some(true),
        }
    }

    /// What the server offers this client.
    pub fn server_capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    will_save: None,
                    will_save_wait_until: None,
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(FIX_ALL),
                ]),
                work_done_progress_options: Default::default(),
                resolve_provider: None,
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("tlslint".to_owned()),
                // A project file's findings change with its App.config.
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: Default::default(),
            })),
            ..ServerCapabilities::default()
        }
    }
}
