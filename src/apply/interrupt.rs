//! Temporary files that `--fix` is writing, removed when the run is interrupted.
//!
//! A fixed file is written to `.tlslint-…` beside the original and renamed over it. Ctrl-C,
//! SIGTERM or SIGHUP between the two would leave the temporary file in the repository, so
//! [`install`] sets a handler that removes every registered one and ends the process (exit code
//! 130). The handler and the rename take the same lock: a file is either renamed into place or
//! removed, never both and never neither. Only `kill -9` (which no process can catch) can still
//! leave one behind.

use std::sync::{Mutex, MutexGuard};

/// A temporary file being written.
pub struct Temporary {
    #[cfg(unix)]
    folder: std::sync::Arc<std::os::fd::OwnedFd>,
    #[cfg(unix)]
    name: std::ffi::OsString,
    #[cfg(not(unix))]
    path: std::path::PathBuf,
}

impl Temporary {
    /// The file `name` in the folder open as `folder`.
    #[cfg(unix)]
    pub fn new(folder: std::sync::Arc<std::os::fd::OwnedFd>, name: std::ffi::OsString) -> Self {
        Temporary { folder, name }
    }

    #[cfg(not(unix))]
    pub fn new(path: std::path::PathBuf) -> Self {
        Temporary { path }
    }

    fn remove(&self) {
        #[cfg(unix)]
        let _ = rustix::fs::unlinkat(&*self.folder, &self.name, rustix::fs::AtFlags::empty());
        #[cfg(not(unix))]
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A registered temporary file, to be [`settle`]d or [`forget`]ten.
pub struct Pending(u64);

struct Registry {
    next: u64,
    files: Vec<(u64, Temporary)>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next: 0,
    files: Vec::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    // A panic while the lock was held leaves the list as valid as before.
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes the temporary files of an interrupted run. Called once, before the first write; a
/// second call (or a handler set by someone else) leaves the first in place.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        let registry = registry();
        for (_, file) in &registry.files {
            file.remove();
        }
        // The lock is never released: no rename can start after the files are gone.
        std::process::exit(130);
    });
}

/// Registers a temporary file (before it is created, so no moment is unprotected).
pub fn register(file: Temporary) -> Pending {
    let mut registry = registry();
    let id = registry.next;
    registry.next += 1;
    registry.files.push((id, file));
    Pending(id)
}

/// Runs `finish` (the rename into place, or the removal) while no interrupt can remove files,
/// then forgets the file.
pub fn settle<R>(pending: Pending, finish: impl FnOnce() -> R) -> R {
    let mut registry = registry();
    let result = finish();
    registry.files.retain(|(id, _)| *id != pending.0);
    result
}

/// Forgets a file that was never created.
pub fn forget(pending: Pending) {
    settle(pending, || ());
}
