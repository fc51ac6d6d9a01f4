//! `tlslint server`: the Language Server Protocol over standard input and output.
//!
//! Every answer comes from [`crate::engine::Session`], the same stages `tlslint check` runs,
//! with the editor's unsaved buffers in place of the files on disk; fixes, documentation and
//! severities are the check's own. The loop is single-threaded (the check itself runs on the
//! engine's worker pool): messages are handled in order, and a check runs when no message is
//! waiting any more (changes that arrive during a check are merged into the next one, see
//! [`workspace::DEBOUNCE`]) or before a request that needs an up-to-date answer.
//!
//! - [`transport`]: JSON-RPC frames in and out;
//! - [`capabilities`]: what the client can do and what the server offers;
//! - [`settings`]: `initializationOptions` and `didChangeConfiguration`;
//! - [`documents`] and [`position`]: open documents, incremental changes, position encodings;
//! - [`workspace`]: the session, the last result, publishing diagnostics, progress;
//! - [`handlers`]: each request and notification;
//! - [`diagnostics`], [`actions`], [`edits`], [`suppression`], [`hover`]: findings as
//!   diagnostics, code actions and their workspace edits, and rule documentation.

pub mod actions;
pub mod capabilities;
pub mod diagnostics;
pub mod documents;
pub mod edits;
pub mod handlers;
pub mod hover;
pub mod position;
pub mod settings;
pub mod suppression;
pub mod transport;
pub mod workspace;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Instant;

use lsp_server::{ErrorCode, Message, Request, RequestId, Response};
use lsp_types::notification::{DidChangeWatchedFiles, Notification as _};
use lsp_types::request::{RegisterCapability, Request as _};
use lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, MessageType, Registration, RegistrationParams, ServerInfo,
};

use self::capabilities::Client;
use self::settings::Settings;
use self::transport::{Incoming, Output};
use self::workspace::Workspace;

/// Runs the server until the client says `exit`; returns the process exit code: 0 after a
/// `shutdown` request, 1 otherwise (the protocol's rule), 2 when standard input cannot be read.
pub fn run() -> u8 {
    let out = Output;
    let incoming = match transport::read_stdin() {
        Ok(incoming) => incoming,
        Err(e) => {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("error: cannot start the language server: {e}\n").as_bytes(),
            );
            return 2;
        }
    };
    let Some(workspace) = initialize(out, &incoming) else {
        return 1;
    };
    serve(workspace, &incoming)
}

/// Waits for `initialize` (answering other requests with an error, as the protocol says) and
/// answers it; `None` when the client goes away or says `exit` first.
fn initialize(out: Output, incoming: &Receiver<Incoming>) -> Option<Workspace> {
    loop {
        let message = match incoming.recv().ok()? {
            Incoming::Message(message) => message,
            Incoming::Malformed(e) => {
                workspace::log(&out, MessageType::ERROR, &format!("malformed message: {e}"));
                continue;
            }
        };
        match message {
            Message::Request(request) if request.method == "initialize" => {
                let params: InitializeParams = match serde_json::from_value(request.params.clone())
                {
                    Ok(params) => params,
                    Err(e) => {
                        out.send(Response::new_err(
                            request.id,
                            ErrorCode::InvalidParams as i32,
                            e.to_string(),
                        ));
                        continue;
                    }
                };
                return Some(start(out, request.id, params));
            }
            Message::Request(request) => out.send(Response::new_err(
                request.id,
                ErrorCode::ServerNotInitialized as i32,
                "the server is not initialized yet".to_owned(),
            )),
            Message::Notification(note) if note.method == "exit" => return None,
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

/// Answers `initialize` and builds the workspace from its parameters.
fn start(out: Output, id: RequestId, params: InitializeParams) -> Workspace {
    let client = Client::from_capabilities(&params.capabilities);
    let folders = workspace_folders(&params);
    let result = InitializeResult {
        capabilities: client.server_capabilities(),
        server_info: Some(ServerInfo {
            name: "tlslint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    out.send(Response::new_ok(id, result));
    let mut workspace = Workspace::new(out, client, folders, Settings::default());
    if let Some(options) = &params.initialization_options {
        handlers::apply_settings(&mut workspace, options);
    }
    workspace
}

/// The folders to check: the workspace folders, else the root, else the working directory.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let mut uris: Vec<&lsp_types::Url> = params
        .workspace_folders
        .iter()
        .flatten()
        .map(|folder| &folder.uri)
        .collect();
    #[allow(deprecated)] // rootUri is what clients without workspace folders send
    if uris.is_empty()
        && let Some(root) = &params.root_uri
    {
        uris.push(root);
    }
    let folders: Vec<PathBuf> = uris
        .into_iter()
        .filter_map(|uri| uri.to_file_path().ok())
        .collect();
    if folders.is_empty() {
        std::env::current_dir().into_iter().collect()
    } else {
        folders
    }
}

/// Handles messages until `exit`, checking the workspace whenever a check is due.
fn serve(workspace: Workspace, incoming: &Receiver<Incoming>) -> u8 {
    let mut server = Loop {
        workspace,
        shutdown: false,
        parked: Vec::new(),
    };
    loop {
        server.release_parked();
        let next = match server.workspace.due {
            Some(due) => incoming.recv_timeout(due.saturating_duration_since(Instant::now())),
            None => incoming.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            Ok(Incoming::Message(message)) => {
                if let Some(code) = server.handle(message) {
                    return code;
                }
            }
            Ok(Incoming::Malformed(e)) => {
                let message = format!("malformed message: {e}");
                server.workspace.log(MessageType::ERROR, &message);
            }
            Err(RecvTimeoutError::Timeout) => {
                guarded(&mut server.workspace, "the check", |workspace| {
                    workspace.check();
                    Ok(())
                });
            }
            // Standard input ended without `exit`.
            Err(RecvTimeoutError::Disconnected) => return server.exit_code(),
        }
    }
}

/// The main loop's state.
struct Loop {
    workspace: Workspace,
    /// `shutdown` was requested: only `exit` is expected now.
    shutdown: bool,
    /// `workspace/diagnostic` requests waiting for a check after the one they have seen.
    parked: Vec<(Request, u64)>,
}

impl Loop {
    /// Handles one message; returns the exit code once the client says `exit`.
    fn handle(&mut self, message: Message) -> Option<u8> {
        let workspace = &mut self.workspace;
        match message {
            Message::Request(request) if self.shutdown => workspace.out.send(Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            )),
            Message::Request(request) if request.method == "shutdown" => {
                self.shutdown = true;
                workspace.out.send(Response::new_ok(request.id, ()));
            }
            Message::Request(request)
                if request.method == lsp_types::request::WorkspaceDiagnosticRequest::METHOD
                    && handlers::workspace_diagnostics_unchanged(workspace, &request) =>
            {
                self.parked.push((request, workspace.generation));
            }
            Message::Request(request) => answer(workspace, request),
            Message::Notification(note) if note.method == "exit" => return Some(self.exit_code()),
            Message::Notification(note) => {
                if note.method == "initialized" {
                    watch_files(workspace);
                    workspace.schedule(std::time::Duration::ZERO);
                }
                let method = note.method.clone();
                guarded(workspace, &method, |workspace| {
                    handlers::notification(workspace, note)
                });
            }
            Message::Response(response) => {
                if let Err(error) = response.response_result {
                    let message = format!(
                        "the client refused request {}: {}",
                        response.id, error.message
                    );
                    workspace.log(MessageType::WARNING, &message);
                }
            }
        }
        None
    }

    /// Answers the parked requests for which a newer check exists.
    fn release_parked(&mut self) {
        let generation = self.workspace.generation;
        if self.parked.iter().all(|(_, seen)| *seen == generation) {
            return;
        }
        let (ready, waiting) = std::mem::take(&mut self.parked)
            .into_iter()
            .partition(|(_, seen)| *seen != generation);
        self.parked = waiting;
        for (request, _) in ready {
            answer(&mut self.workspace, request);
        }
    }

    /// The protocol's exit code: 0 after `shutdown`, 1 without.
    fn exit_code(&self) -> u8 {
        u8::from(!self.shutdown)
    }
}

/// Answers a request; a panic while answering is logged and answered as an internal error.
fn answer(workspace: &mut Workspace, request: Request) {
    let id = request.id.clone();
    let method = request.method.clone();
    let answer = caught(&method, || handlers::request(workspace, request));
    if let Err((ErrorCode::InternalError, message)) = &answer {
        workspace.log(MessageType::ERROR, message);
    }
    workspace.out.send(handlers::response(id, answer));
}

/// Runs `work`, turning a panic into an internal error that names `method`.
fn caught(
    method: &str,
    work: impl FnOnce() -> Result<serde_json::Value, handlers::Failure>,
) -> Result<serde_json::Value, handlers::Failure> {
    // A panic leaves the workspace as the last completed step left it: each of its fields is
    // replaced whole, so it is still consistent and the server goes on.
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        Err((
            ErrorCode::InternalError,
            format!("tlslint failed on `{method}`: {}", panic_message(&panic)),
        ))
    })
}

/// Runs `work`, logging its error or its panic: the server goes on either way.
fn guarded(
    workspace: &mut Workspace,
    what: &str,
    work: impl FnOnce(&mut Workspace) -> Result<(), String>,
) {
    let done = caught(what, || {
        work(workspace)
            .map(|()| serde_json::Value::Null)
            .map_err(|message| (ErrorCode::RequestFailed, message))
    });
    match done {
        Ok(_) => {}
        Err((ErrorCode::InternalError, message)) => workspace.log(MessageType::ERROR, &message),
        Err((_, message)) => workspace.log(MessageType::WARNING, &message),
    }
}

/// The text of a panic's payload.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic".to_owned()
    }
}

/// Asks the client to report changes to any file, when it lets the server ask: a
/// `tlslint.toml`, an `App.config` or a project file changed by another program changes the
/// findings of open documents.
fn watch_files(workspace: &Workspace) {
    if !workspace.client.watch_files {
        return;
    }
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*".to_owned()),
            kind: None,
        }],
    };
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "tlslint/watch".to_owned(),
            method: DidChangeWatchedFiles::METHOD.to_owned(),
            register_options: serde_json::to_value(options).ok(),
        }],
    };
    workspace.out.send(Request::new(
        RequestId::from("tlslint/watch".to_owned()),
        RegisterCapability::METHOD.to_owned(),
        params,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let answer = caught("textDocument/hover", || panic!("index out of bounds"));
        let (code, message) = answer.unwrap_err();
        assert_eq!(code as i32, ErrorCode::InternalError as i32);
        assert_eq!(
            message,
            "tlslint failed on `textDocument/hover`: index out of bounds"
        );
        let formatted = caught("x", || panic!("{} of {}", 3, 4)).unwrap_err().1;
        assert!(formatted.ends_with("3 of 4"), "{formatted}");
        let fine = caught("x", || Ok(serde_json::Value::Bool(true)));
        assert_eq!(fine.ok(), Some(serde_json::Value::Bool(true)));
    }
}
