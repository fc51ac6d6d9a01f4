//! The server's state: the session that checks the workspace, the open documents, the last
//! result, and what the client was last told.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{Notification, Request, RequestId};
use lsp_types::notification::{
    LogMessage, Notification as _, Progress, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{Request as _, WorkDoneProgressCreate, WorkspaceDiagnosticRefresh};
use lsp_types::{
    Diagnostic, LogMessageParams, MessageType, ProgressParams, ProgressParamsValue, ProgressToken,
    PublishDiagnosticsParams, ShowMessageParams, Url, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCreateParams, WorkDoneProgressEnd,
};

use super::capabilities::Client;
use super::diagnostics;
use super::documents::Documents;
use super::edits::EditContext;
use super::settings::Settings;
use super::transport::Output;
use crate::engine::{CheckResult, FileReport, ScanError, Session, worker_pool};

/// How long after a change the workspace is checked again: at once. The loop handles every
/// message already waiting before it checks, so the changes typed while a check runs (a few
/// milliseconds with the incremental session) are merged into the next one; a fixed pause would
/// only add its length to every edit's wait.
pub const DEBOUNCE: Duration = Duration::ZERO;

/// The workspace as the server sees it.
pub struct Workspace {
    /// Where messages to the client go.
    pub out: Output,
    /// What the client can do.
    pub client: Client,
    /// The workspace folders, checked as `tlslint check FOLDERS` would.
    folders: Vec<PathBuf>,
    /// Paths are shown relative to the first folder.
    pub root: PathBuf,
    /// The settings the session was made with.
    pub settings: Settings,
    session: Session,
    /// One pool for every check, rather than a new one per keystroke.
    pool: Option<Arc<rayon::ThreadPool>>,
    /// The documents the editor has open.
    pub documents: Documents,
    /// The last successful check, and its reports by file (session key).
    last: Option<CheckResult>,
    by_path: HashMap<PathBuf, usize>,
    /// Counts successful checks: the `resultId` of pulled diagnostics.
    pub generation: u64,
    /// The diagnostics the client was last given for each open document.
    shown: BTreeMap<Url, Vec<Diagnostic>>,
    /// When the next check is due (`None`: nothing changed).
    pub due: Option<Instant>,
    /// The last check's error, said once until a check succeeds again.
    failed: Option<String>,
    /// The files the last check could not read, logged once each.
    scan_errors: Vec<ScanError>,
    /// Whether a check was started: only the first reports progress.
    started: bool,
    /// The next id of a request the server sends.
    next_id: i32,
}

impl Workspace {
    /// A workspace of `folders` (none checked yet).
    pub fn new(out: Output, client: Client, folders: Vec<PathBuf>, settings: Settings) -> Self {
        let root = folders.first().cloned().unwrap_or_default();
        let pool = match worker_pool(0) {
            Ok(pool) => Some(Arc::new(pool)),
            Err(e) => {
                log(&out, MessageType::WARNING, &e.to_string());
                None
            }
        };
        let mut options = settings.check_options(folders.clone(), root.clone());
        options.pool = pool.clone();
        Workspace {
            out,
            client,
            folders,
            root,
            settings,
            session: Session::new(options),
            pool,
            documents: Documents::default(),
            last: None,
            by_path: HashMap::new(),
            generation: 0,
            shown: BTreeMap::new(),
            due: None,
            failed: None,
            scan_errors: Vec::new(),
            started: false,
            next_id: 0,
        }
    }

    /// Uses new settings from the next check on (the editor's buffers are kept).
    pub fn set_settings(&mut self, settings: Settings) {
        let mut options = settings.check_options(self.folders.clone(), self.root.clone());
        options.pool = self.pool.clone();
        options.overlays = self.session.options().overlays.clone();
        self.settings = settings;
        self.session = Session::new(options);
        self.schedule(Duration::ZERO);
    }

    /// Asks for a check after `delay` (an earlier request stands).
    pub fn schedule(&mut self, delay: Duration) {
        let at = Instant::now() + delay;
        self.due = Some(self.due.map_or(at, |due| due.min(at)));
    }

    /// The editor's text of `path` (`None`: it closed it, the disk counts again).
    pub fn set_buffer(&mut self, path: &Path, text: Option<&str>) {
        self.session
            .set_buffer(path, text.map(|text| Arc::from(text.as_bytes())));
    }

    /// `path` changed on disk (saved, or changed by another program): checks again.
    pub fn disk_changed(&mut self, path: &Path) {
        self.session.disk_changed(path);
        self.schedule(Duration::ZERO);
    }

    /// The path a check knows `path` by.
    pub fn key(&self, path: &Path) -> PathBuf {
        self.session.key(path)
    }

    /// Checks now if a check is due or none was made yet, so that an answer reflects every
    /// change received before the request.
    pub fn flush(&mut self) {
        if self.due.is_some() || self.last.is_none() {
            self.check();
        }
    }

    /// Checks the workspace and tells the client what changed.
    pub fn check(&mut self) {
        self.due = None;
        let progress =
            (!self.started && self.client.work_done_progress).then(|| self.begin_progress());
        self.started = true;
        let checked = self.session.check();
        if let Some(token) = progress {
            self.progress(token, WorkDoneProgress::End(WorkDoneProgressEnd::default()));
        }
        match checked {
            Ok(result) => {
                self.failed = None;
                self.by_path = result
                    .reports
                    .iter()
                    .enumerate()
                    .map(|(i, report)| (self.session.key(&report.path), i))
                    .collect();
                for error in &result.errors {
                    if !self.scan_errors.contains(error) {
                        self.log(
                            MessageType::WARNING,
                            &format!("{}: {}", error.path, error.message),
                        );
                    }
                }
                self.scan_errors = result.errors.clone();
                self.last = Some(result);
                self.generation += 1;
                self.publish();
            }
            Err(e) => {
                let message = format!("tlslint cannot check the workspace: {e}");
                self.log(MessageType::ERROR, &message);
                if self.failed.as_ref() != Some(&message) {
                    self.show(MessageType::ERROR, &message);
                    self.failed = Some(message);
                }
            }
        }
    }

    /// The last check's report of the file at `uri`, if it has findings.
    pub fn report(&self, uri: &Url) -> Option<&FileReport> {
        let path = uri.to_file_path().ok()?;
        let index = self.by_path.get(&self.session.key(&path))?;
        self.last.as_ref()?.reports.get(*index)
    }

    /// Every report of the last check.
    pub fn reports(&self) -> &[FileReport] {
        self.last.as_ref().map_or(&[], |last| &last.reports)
    }

    /// The diagnostics of the file at `uri` from the last check.
    pub fn diagnostics(&self, uri: &Url) -> Vec<Diagnostic> {
        self.report(uri)
            .map(|report| diagnostics::of_report(report, self.client.encoding))
            .unwrap_or_default()
    }

    /// Pushes the diagnostics of each open document whose diagnostics changed (or, to a
    /// client that pulls, asks it to pull again).
    fn publish(&mut self) {
        let open: Vec<(Url, i32)> = self
            .documents
            .iter()
            .map(|(uri, document)| (uri.clone(), document.version))
            .collect();
        let mut changed = false;
        for (uri, version) in open {
            let diagnostics = self.diagnostics(&uri);
            if self.shown.get(&uri) == Some(&diagnostics) {
                continue;
            }
            changed = true;
            self.shown.insert(uri.clone(), diagnostics.clone());
            if !self.client.pull_diagnostics {
                self.push(uri, diagnostics, Some(version));
            }
        }
        if changed && self.client.pull_diagnostics && self.client.refresh_diagnostics {
            let id = self.request_id();
            self.out.send(Request::new(
                id,
                WorkspaceDiagnosticRefresh::METHOD.to_owned(),
                (),
            ));
        }
    }

    /// Clears what the client shows for a document it closed.
    pub fn forget(&mut self, uri: &Url) {
        if self.shown.remove(uri).is_some() && !self.client.pull_diagnostics {
            self.push(uri.clone(), Vec::new(), None);
        }
    }

    fn push(&self, uri: Url, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.out.send(Notification::new(
            PublishDiagnostics::METHOD.to_owned(),
            params,
        ));
    }

    /// What edits need to know: the client's abilities and the documents' versions.
    pub fn edit_context(&self) -> EditContext<'_> {
        EditContext {
            encoding: self.client.encoding,
            document_changes: self.client.document_changes,
            create_files: self.client.create_files,
            version: Box::new(|uri| self.documents.get(uri).map(|document| document.version)),
            absolute: Box::new(|path| self.session.key(path)),
        }
    }

    fn request_id(&mut self) -> RequestId {
        self.next_id += 1;
        RequestId::from(format!("tlslint/{}", self.next_id))
    }

    /// Starts a work-done progress for the first check (the client answers the `create`
    /// request later; its answer is not needed to go on).
    fn begin_progress(&mut self) -> ProgressToken {
        let token = ProgressToken::String("tlslint/check".to_owned());
        let id = self.request_id();
        self.out.send(Request::new(
            id,
            WorkDoneProgressCreate::METHOD.to_owned(),
            WorkDoneProgressCreateParams {
                token: token.clone(),
            },
        ));
        let begin = WorkDoneProgressBegin {
            title: "tlslint".to_owned(),
            cancellable: Some(false),
            message: Some("checking the workspace".to_owned()),
            percentage: None,
        };
        self.progress(token.clone(), WorkDoneProgress::Begin(begin));
        token
    }

    fn progress(&self, token: ProgressToken, value: WorkDoneProgress) {
        let params = ProgressParams {
            token,
            value: ProgressParamsValue::WorkDone(value),
        };
        self.out
            .send(Notification::new(Progress::METHOD.to_owned(), params));
    }

    /// A line in the client's log (`window/logMessage`).
    pub fn log(&self, level: MessageType, message: &str) {
        log(&self.out, level, message);
    }

    /// A message the user sees (`window/showMessage`), also logged.
    pub fn show(&self, level: MessageType, message: &str) {
        let params = ShowMessageParams {
            typ: level,
            message: message.to_owned(),
        };
        self.out
            .send(Notification::new(ShowMessage::METHOD.to_owned(), params));
    }
}

/// A line in the client's log.
pub fn log(out: &Output, level: MessageType, message: &str) {
    let params = LogMessageParams {
        typ: level,
        message: message.to_owned(),
    };
    out.send(Notification::new(LogMessage::METHOD.to_owned(), params));
}
