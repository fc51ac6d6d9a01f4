//! What the server does for each request and notification it understands.

use std::path::PathBuf;
use std::time::Duration;

use lsp_server::{ErrorCode, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Notification as _,
};
use lsp_types::request::{
    CodeActionRequest, DocumentDiagnosticRequest, HoverRequest, Request as _,
    WorkspaceDiagnosticRequest,
};
use lsp_types::{
    CodeActionParams, DocumentDiagnosticParams, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, FullDocumentDiagnosticReport, HoverParams, MessageType,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    UnchangedDocumentDiagnosticReport, Url, WorkspaceDiagnosticParams, WorkspaceDiagnosticReport,
    WorkspaceDiagnosticReportResult, WorkspaceDocumentDiagnosticReport,
    WorkspaceFullDocumentDiagnosticReport,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::actions;
use super::diagnostics::text_of;
use super::hover;
use super::settings::{Settings, speaks_about_tlslint};
use super::workspace::{DEBOUNCE, Workspace};

/// An error answer: its code and message.
pub type Failure = (ErrorCode, String);

/// The answer to a request.
pub fn request(workspace: &mut Workspace, request: Request) -> Result<Value, Failure> {
    match request.method.as_str() {
        CodeActionRequest::METHOD => {
            let params: CodeActionParams = params(request.params)?;
            workspace.flush();
            Ok(json(code_actions(workspace, &params)))
        }
        HoverRequest::METHOD => {
            let params: HoverParams = params(request.params)?;
            workspace.flush();
            let at = &params.text_document_position_params;
            let hover = workspace.report(&at.text_document.uri).and_then(|report| {
                let encoding = workspace.client.encoding;
                let offset = text_of(report, encoding).offset(at.position);
                hover::hover(report, offset, encoding)
            });
            Ok(json(hover))
        }
        DocumentDiagnosticRequest::METHOD => {
            let params: DocumentDiagnosticParams = params(request.params)?;
            workspace.flush();
            Ok(json(document_diagnostics(workspace, &params)))
        }
        WorkspaceDiagnosticRequest::METHOD => {
            let _: WorkspaceDiagnosticParams = params(request.params)?;
            workspace.flush();
            Ok(json(workspace_diagnostics(workspace)))
        }
        other => Err((
            ErrorCode::MethodNotFound,
            format!("tlslint does not answer `{other}`"),
        )),
    }
}

/// Whether a `workspace/diagnostic` request would get nothing new: every result it has is of
/// the last check. Such a request is answered after the next check (a long poll, as the
/// protocol intends), so that a client that asks again at once does not spin.
pub fn workspace_diagnostics_unchanged(workspace: &Workspace, request: &Request) -> bool {
    let Ok(params) = serde_json::from_value::<WorkspaceDiagnosticParams>(request.params.clone())
    else {
        return false;
    };
    let current = workspace.generation.to_string();
    workspace.due.is_none()
        && workspace.generation > 0
        && !params.previous_result_ids.is_empty()
        && params
            .previous_result_ids
            .iter()
            .all(|previous| previous.value == current)
}

/// Acts on a notification.
pub fn notification(workspace: &mut Workspace, notification: Notification) -> Result<(), String> {
    match notification.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let params: lsp_types::DidOpenTextDocumentParams = note_params(notification.params)?;
            let document = params.text_document;
            let Some(path) = file_path(workspace, &document.uri) else {
                return Ok(());
            };
            workspace.set_buffer(&path, Some(&document.text));
            workspace
                .documents
                .open(document.uri, path, document.version, document.text);
            workspace.schedule(Duration::ZERO);
        }
        DidChangeTextDocument::METHOD => {
            let params: lsp_types::DidChangeTextDocumentParams = note_params(notification.params)?;
            let uri = params.text_document.uri;
            let encoding = workspace.client.encoding;
            let changed = workspace.documents.change(
                &uri,
                params.text_document.version,
                params.content_changes,
                encoding,
            );
            match changed {
                Ok(document) => {
                    let (path, text) = (document.path.clone(), document.text.clone());
                    workspace.set_buffer(&path, Some(&text));
                    workspace.schedule(DEBOUNCE);
                }
                Err(refused) => return Err(format!("didChange of {uri}: {refused}")),
            }
        }
        DidSaveTextDocument::METHOD => {
            let params: lsp_types::DidSaveTextDocumentParams = note_params(notification.params)?;
            if let Some(path) = file_path(workspace, &params.text_document.uri) {
                workspace.disk_changed(&path);
            }
        }
        DidCloseTextDocument::METHOD => {
            let params: lsp_types::DidCloseTextDocumentParams = note_params(notification.params)?;
            let uri = params.text_document.uri;
            if let Some(document) = workspace.documents.close(&uri) {
                workspace.set_buffer(&document.path, None);
                workspace.forget(&uri);
                workspace.schedule(Duration::ZERO);
            }
        }
        DidChangeWatchedFiles::METHOD => {
            let params: lsp_types::DidChangeWatchedFilesParams = note_params(notification.params)?;
            for change in params.changes {
                if let Some(path) = file_path(workspace, &change.uri) {
                    workspace.disk_changed(&path);
                }
            }
        }
        DidChangeConfiguration::METHOD => {
            let params: lsp_types::DidChangeConfigurationParams = note_params(notification.params)?;
            // `null` (a client that expects to be asked with `workspace/configuration`) or
            // settings without ours: the settings stay as they are.
            if speaks_about_tlslint(&params.settings) {
                apply_settings(workspace, &params.settings);
            }
        }
        // Nothing to do: requests are answered in order, and there is no trace to set.
        "$/cancelRequest" | "$/setTrace" | "initialized" => {}
        other => workspace.log(MessageType::LOG, &format!("ignored notification `{other}`")),
    }
    Ok(())
}

/// Reads settings and uses them, telling the user about values that mean nothing.
pub fn apply_settings(workspace: &mut Workspace, value: &Value) {
    let (settings, warnings) = Settings::from_json(value, &workspace.root);
    for warning in warnings {
        let message = format!("tlslint: {warning}");
        workspace.log(MessageType::WARNING, &message);
        workspace.show(MessageType::WARNING, &message);
    }
    if settings != workspace.settings {
        workspace.set_settings(settings);
    }
}

/// The file a URI names; other schemes (`untitled:`, `git:`) are not files tlslint can check.
fn file_path(workspace: &Workspace, uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        workspace.log(MessageType::LOG, &format!("{uri}: not a file, ignored"));
        return None;
    }
    match uri.to_file_path() {
        Ok(path) => Some(path),
        Err(()) => {
            workspace.log(
                MessageType::WARNING,
                &format!("{uri}: no file path, ignored"),
            );
            None
        }
    }
}

fn code_actions(
    workspace: &Workspace,
    params: &CodeActionParams,
) -> Vec<lsp_types::CodeActionOrCommand> {
    let Some(report) = workspace.report(&params.text_document.uri) else {
        return Vec::new();
    };
    let text = text_of(report, workspace.client.encoding);
    let range = (
        text.offset(params.range.start),
        text.offset(params.range.end),
    );
    let only = params.context.only.as_deref();
    actions::actions(report, range, only, &workspace.edit_context())
}

fn document_diagnostics(
    workspace: &Workspace,
    params: &DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    let result_id = workspace.generation.to_string();
    let report = if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items: workspace.diagnostics(&params.text_document.uri),
            },
        })
    };
    DocumentDiagnosticReportResult::Report(report)
}

/// Every file with findings, and every open document (with none, so that the client clears
/// what it showed).
fn workspace_diagnostics(workspace: &Workspace) -> WorkspaceDiagnosticReportResult {
    let result_id = workspace.generation.to_string();
    let mut items = Vec::new();
    let mut listed = std::collections::BTreeSet::new();
    let reported = workspace
        .reports()
        .iter()
        .filter_map(|report| Url::from_file_path(workspace.key(&report.path)).ok());
    let open = workspace.documents.iter().map(|(uri, _)| uri.clone());
    for uri in reported.chain(open) {
        if !listed.insert(uri.clone()) {
            continue;
        }
        let version = workspace.documents.get(&uri).map(|d| i64::from(d.version));
        items.push(WorkspaceDocumentDiagnosticReport::Full(
            WorkspaceFullDocumentDiagnosticReport {
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id.clone()),
                    items: workspace.diagnostics(&uri),
                },
                version,
                uri,
            },
        ));
    }
    WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items })
}

fn params<T: DeserializeOwned>(value: Value) -> Result<T, Failure> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn note_params<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("invalid parameters: {e}"))
}

fn json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A response from an answer.
pub fn response(id: RequestId, answer: Result<Value, Failure>) -> Response {
    match answer {
        Ok(value) => Response::new_ok(id, value),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}
