//! Putting fixed files on disk, where nothing a repository ships can redirect the write.
//!
//! A file is written only inside a scanned tree, and never through a symbolic link: a hostile
//! repository can ship `src/linkdir -> /home/you/other-checkout`, and `tlslint check --fix
//! src/linkdir` must not rewrite the other checkout. Links are followed only in the part of a
//! named path that the user vouches for: above the current directory for a path below it, and
//! above the named folder for any other path. From there every folder is opened without
//! following links, the file is checked and replaced relative to the handle of its folder
//! (`openat`/`renameat`), so a link swapped in between the check and the write cannot redirect
//! either. The new contents go to a temporary file beside the original, take its mode (and its
//! owner, where the runner may set it) and are renamed over it.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use super::plan::{FileChange, Plan};
use crate::project::model_path_in;
use crate::source::{Encoding, decode, encode};

/// What writing a plan did.
#[derive(Debug, Default)]
pub struct Written {
    /// Files replaced or created.
    pub files: usize,
    /// Findings whose fix was written whole (every file it edits).
    pub fixed: usize,
    /// Files that were not written, and why.
    pub failures: Vec<(String, String)>,
}

/// Writes the plan's changes, each inside one of the trees named by `roots` (the paths given
/// on the command line, relative to `cwd`).
pub fn write(plan: &Plan, roots: &[PathBuf], cwd: &Path) -> Written {
    let trees: Vec<Tree> = roots.iter().map(|root| Tree::new(root, cwd)).collect();
    let mut written = Written::default();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    let mut failed: BTreeSet<usize> = BTreeSet::new();
    for change in &plan.changes {
        match write_change(change, &trees) {
            Ok(()) => {
                written.files += 1;
                done.extend(change.findings.iter().copied());
            }
            Err(reason) => {
                written.failures.push((change.display.clone(), reason));
                failed.extend(change.findings.iter().copied());
            }
        }
    }
    written.fixed = done.difference(&failed).count();
    written
}

/// A scanned tree: where writing may happen, and from where no link is followed.
#[derive(Debug)]
struct Tree {
    /// The scanned folder (a named file's folder), absolute and lexically normal.
    root: PathBuf,
    /// The folder opened by path, following links; everything below it is opened without.
    anchor: PathBuf,
}

impl Tree {
    fn new(named: &Path, cwd: &Path) -> Tree {
        let path = model_path_in(named, cwd);
        let root = if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            path
        } else {
            path.parent()
                .map_or_else(|| path.clone(), Path::to_path_buf)
        };
        let anchor = if root.starts_with(cwd) {
            cwd.to_path_buf()
        } else {
            root.parent()
                .map_or_else(|| root.clone(), Path::to_path_buf)
        };
        Tree { root, anchor }
    }

    /// The folders from the anchor down to `path`'s folder, and its file name, when `path`
    /// lies inside this tree.
    fn locate<'p>(&self, path: &'p Path) -> Option<(Vec<&'p OsStr>, &'p OsStr)> {
        if !path.starts_with(&self.root) {
            return None;
        }
        let below = path.strip_prefix(&self.anchor).ok()?;
        let mut parts = Vec::new();
        for component in below.components() {
            match component {
                Component::Normal(part) => parts.push(part),
                // Paths are normalised; anything else cannot be checked component by component.
                _ => return None,
            }
        }
        let name = parts.pop()?;
        Some((parts, name))
    }
}

fn write_change(change: &FileChange, trees: &[Tree]) -> Result<(), String> {
    let mut located = trees
        .iter()
        .filter_map(|tree| {
            tree.locate(&change.path)
                .map(|(dirs, name)| (tree, dirs, name))
        })
        .peekable();
    if located.peek().is_none() {
        return Err("outside the scanned paths; not written".to_owned());
    }
    let mut first_error = None;
    for (tree, dirs, name) in located {
        match os::open_folder(&tree.anchor, &dirs) {
            Ok(folder) => return replace(&folder, name, change),
            Err(os::OpenError::Link(link)) => {
                let real = std::fs::canonicalize(&change.path).unwrap_or_else(|_| link.clone());
                first_error.get_or_insert(format!(
                    "its path goes through the symbolic link {} (real path {}), and tlslint \
                     writes only inside the scanned tree {}, never through a link; not written",
                    link.display(),
                    real.display(),
                    tree.root.display()
                ));
            }
            Err(os::OpenError::Io(e)) => {
                first_error.get_or_insert(format!("cannot open its folder: {e}; not written"));
            }
        }
    }
    Err(first_error.unwrap_or_else(|| "outside the scanned paths; not written".to_owned()))
}

/// Checks that the file in `folder` is still what was read, then replaces (or creates) it.
fn replace(folder: &os::Folder, name: &OsStr, change: &FileChange) -> Result<(), String> {
    let existing = folder.existing(name)?;
    let encoding = match (&change.before, &existing) {
        (Some(before), Some(file)) => {
            if file.read_only {
                return Err("read-only; not written".to_owned());
            }
            match decode(&file.bytes) {
                Ok((text, _)) if text == before.text => {}
                _ => return Err("changed since it was read; not written".to_owned()),
            }
            before.encoding
        }
        (Some(_), None) => return Err("disappeared since it was read".to_owned()),
        (None, Some(_)) => return Err("appeared since it was read; not overwritten".to_owned()),
        (None, None) => Encoding::Utf8Bom,
    };
    let bytes = encode(&change.after, encoding);
    folder.replace(name, existing.as_ref(), &bytes)
}

/// The file as found before writing.
struct Existing {
    bytes: Vec<u8>,
    /// No write permission bit is set: the owner asked for it to stay as it is.
    read_only: bool,
    #[cfg(unix)]
    stat: os::Identity,
}

/// A fresh name for a temporary file beside the one being replaced.
fn temporary_name(attempt: u32) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u32(attempt);
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    format!(".tlslint-{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

#[cfg(unix)]
mod os {
    //! The write, relative to folder handles opened without following links.

    use std::ffi::OsStr;
    use std::io::{Read, Write};
    use std::os::fd::OwnedFd;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use rustix::fs::{self, AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;

    use super::{Existing, temporary_name};
    use crate::apply::interrupt;

    /// What makes a file the same file: a rename over it in between is noticed.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub struct Identity {
        dev: u64,
        ino: u64,
        mode: u32,
        uid: u32,
        gid: u32,
    }

    pub enum OpenError {
        /// A folder on the way is a symbolic link (this one).
        Link(PathBuf),
        Io(std::io::Error),
    }

    pub struct Folder {
        fd: Arc<OwnedFd>,
    }

    /// Opens `anchor` (following links) and each of `below` under it without following any.
    pub fn open_folder(anchor: &Path, below: &[&OsStr]) -> Result<Folder, OpenError> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let mut fd = fs::open(anchor, flags, Mode::empty())
            .map_err(|e| OpenError::Io(std::io::Error::from(e)))?;
        let mut path = anchor.to_path_buf();
        for part in below {
            path.push(part);
            fd = match fs::openat(&fd, *part, flags | OFlags::NOFOLLOW, Mode::empty()) {
                Ok(next) => next,
                Err(e) => {
                    let is_link = fs::statat(&fd, *part, AtFlags::SYMLINK_NOFOLLOW)
                        .is_ok_and(|st| FileType::from_raw_mode(st.st_mode).is_symlink());
                    return Err(if is_link {
                        OpenError::Link(path)
                    } else {
                        OpenError::Io(std::io::Error::from(e))
                    });
                }
            };
        }
        Ok(Folder { fd: Arc::new(fd) })
    }

    // The `stat` fields' types differ between platforms (`st_dev` is `i32` on macOS).
    #[allow(clippy::unnecessary_cast)]
    fn identity(st: &fs::Stat) -> Identity {
        Identity {
            dev: st.st_dev as u64,
            ino: st.st_ino as u64,
            mode: st.st_mode as u32,
            uid: st.st_uid,
            gid: st.st_gid,
        }
    }

    impl Folder {
        /// The file called `name` here, read without following a link, or `None` when there
        /// is none.
        pub(super) fn existing(&self, name: &OsStr) -> Result<Option<Existing>, String> {
            let st = match fs::statat(&*self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(st) => st,
                Err(Errno::NOENT) => return Ok(None),
                Err(e) => return Err(format!("cannot look at it: {}", std::io::Error::from(e))),
            };
            match FileType::from_raw_mode(st.st_mode) {
                FileType::RegularFile => {}
                FileType::Symlink => return Err("a symbolic link; not written".to_owned()),
                _ => return Err("not a regular file; not written".to_owned()),
            }
            let read_only = st.st_mode & 0o222 == 0;
            if !read_only {
                // The mode bits say writable; the runner may still not be allowed to write it
                // (another user's file in a folder that lets the rename through).
                let write = OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
                match fs::openat(&*self.fd, name, write, Mode::empty()) {
                    Ok(_) => {}
                    Err(Errno::ACCESS | Errno::PERM) => {
                        return Err("not writable by this user; not written".to_owned());
                    }
                    Err(Errno::ROFS) => {
                        return Err("on a read-only file system; not written".to_owned());
                    }
                    Err(e) => return Err(format!("cannot open it: {}", std::io::Error::from(e))),
                }
            }
            let read = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
            let fd = fs::openat(&*self.fd, name, read, Mode::empty())
                .map_err(|e| format!("cannot read it again: {}", std::io::Error::from(e)))?;
            let opened = fs::fstat(&fd)
                .map_err(|e| format!("cannot read it again: {}", std::io::Error::from(e)))?;
            if identity(&opened) != identity(&st) {
                return Err("changed since it was read; not written".to_owned());
            }
            let mut bytes = Vec::new();
            std::fs::File::from(fd)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read it again: {e}"))?;
            Ok(Some(Existing {
                bytes,
                read_only,
                stat: identity(&st),
            }))
        }

        /// Writes `bytes` to a temporary file here and renames it over `name`.
        pub(super) fn replace(
            &self,
            name: &OsStr,
            existing: Option<&Existing>,
            bytes: &[u8],
        ) -> Result<(), String> {
            // A new file gets the usual permissions (the umask applies); a replaced one starts
            // private and takes the original's mode below.
            let mode = Mode::from_bits_truncate(if existing.is_some() { 0o600 } else { 0o666 });
            let create =
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let mut attempt = 0;
            let (temp, fd, pending) = loop {
                let temp = temporary_name(attempt);
                // Registered before it exists, so an interrupt at any point removes it.
                let pending = interrupt::register(interrupt::Temporary::new(
                    self.fd.clone(),
                    temp.clone().into(),
                ));
                match fs::openat(&*self.fd, temp.as_str(), create, mode) {
                    Ok(fd) => break (temp, fd, pending),
                    Err(Errno::EXIST) if attempt < 100 => {
                        interrupt::forget(pending);
                        attempt += 1;
                    }
                    Err(e) => {
                        interrupt::forget(pending);
                        return Err(format!(
                            "cannot create a temporary file beside it: {}",
                            std::io::Error::from(e)
                        ));
                    }
                }
            };
            let written = self.fill(fd, existing, bytes).and_then(|()| {
                // Last look before the rename: the file must still be the one that was read.
                let now = fs::statat(&*self.fd, name, AtFlags::SYMLINK_NOFOLLOW);
                let same = match (existing, &now) {
                    (Some(file), Ok(st)) => identity(st) == file.stat,
                    (None, Err(Errno::NOENT)) => true,
                    _ => false,
                };
                if same {
                    Ok(())
                } else {
                    Err("changed since it was read; not written".to_owned())
                }
            });
            interrupt::settle(pending, || match written {
                Ok(()) => fs::renameat(&*self.fd, temp.as_str(), &*self.fd, name)
                    .map_err(|e| format!("cannot replace it: {}", std::io::Error::from(e)))
                    .inspect_err(|_| {
                        let _ = fs::unlinkat(&*self.fd, temp.as_str(), AtFlags::empty());
                    }),
                Err(reason) => {
                    let _ = fs::unlinkat(&*self.fd, temp.as_str(), AtFlags::empty());
                    Err(reason)
                }
            })
        }

        fn fill(
            &self,
            fd: OwnedFd,
            existing: Option<&Existing>,
            bytes: &[u8],
        ) -> Result<(), String> {
            if let Some(file) = existing {
                // Keep the owner where the runner may (root, or a group it belongs to), then
                // the mode (a change of owner clears set-id bits).
                let _ = fs::fchown(
                    &fd,
                    Some(fs::Uid::from_raw(file.stat.uid)),
                    Some(fs::Gid::from_raw(file.stat.gid)),
                );
                fs::fchmod(&fd, Mode::from_bits_truncate(file.stat.mode & 0o7777))
                    .map_err(|e| format!("cannot set its mode: {}", std::io::Error::from(e)))?;
            }
            let mut file = std::fs::File::from(fd);
            // No fsync: like rustfmt and ruff, the rename is atomic for every reader, and a
            // sync per file would make fixing a large tree several times slower.
            file.write_all(bytes)
                .map_err(|e| format!("cannot write: {e}"))
        }
    }
}

#[cfg(not(unix))]
mod os {
    //! Without `openat`: every folder below the anchor is checked not to be a link (Windows
    //! symbolic links and junctions alike), then the file is replaced by path.

    use std::ffi::OsStr;
    use std::io::Write;
    use std::path::{Path, PathBuf};

    use super::Existing;
    use crate::apply::interrupt;

    pub enum OpenError {
        Link(PathBuf),
        Io(std::io::Error),
    }

    pub struct Folder {
        path: PathBuf,
    }

    pub fn open_folder(anchor: &Path, below: &[&OsStr]) -> Result<Folder, OpenError> {
        std::fs::metadata(anchor).map_err(OpenError::Io)?;
        let mut path = anchor.to_path_buf();
        for part in below {
            path.push(part);
            let metadata = std::fs::symlink_metadata(&path).map_err(OpenError::Io)?;
            if metadata.file_type().is_symlink() {
                return Err(OpenError::Link(path));
            }
        }
        Ok(Folder { path })
    }

    impl Folder {
        pub(super) fn existing(&self, name: &OsStr) -> Result<Option<Existing>, String> {
            let path = self.path.join(name);
            let metadata = match std::fs::symlink_metadata(&path) {
                Ok(metadata) => metadata,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(format!("cannot look at it: {e}")),
            };
            if metadata.file_type().is_symlink() {
                return Err("a symbolic link; not written".to_owned());
            }
            if !metadata.is_file() {
                return Err("not a regular file; not written".to_owned());
            }
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read it again: {e}"))?;
            Ok(Some(Existing {
                bytes,
                read_only: metadata.permissions().readonly(),
            }))
        }

        pub(super) fn replace(
            &self,
            name: &OsStr,
            existing: Option<&Existing>,
            bytes: &[u8],
        ) -> Result<(), String> {
            let path = self.path.join(name);
            let mut temp = tempfile::Builder::new()
                .prefix(".tlslint-")
                .tempfile_in(&self.path)
                .map_err(|e| format!("cannot create a temporary file beside it: {e}"))?;
            let pending = interrupt::register(interrupt::Temporary::new(temp.path().into()));
            let written = temp
                .write_all(bytes)
                .map_err(|e| format!("cannot write: {e}"));
            if existing.is_some()
                && let Ok(metadata) = std::fs::metadata(&path)
            {
                let _ = std::fs::set_permissions(temp.path(), metadata.permissions());
            }
            // On an error the temporary file removes itself when dropped.
            interrupt::settle(pending, || {
                written?;
                temp.persist(&path)
                    .map(|_| ())
                    .map_err(|e| format!("cannot replace it: {}", e.error))
            })
        }
    }
}
