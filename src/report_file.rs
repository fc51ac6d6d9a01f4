//! Writing a report or baseline to the file a user named.
//!
//! A regular file (or a new one) is written beside itself and renamed into place, so a reader
//! never sees half a report. Anything else is written in place: renaming over `/dev/null`, a
//! FIFO or a terminal would replace a device with a regular file (as root, `-o /dev/null`
//! once broke every later reader of `/dev/null` on the machine). A symbolic link is followed,
//! so the link survives and its target gets the report.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` (see the module documentation for how).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve(path);
    match fs::metadata(&target) {
        Ok(metadata) if !metadata.is_file() => {
            let mut file = File::create(&target)?;
            file.write_all(bytes)?;
            file.flush()
        }
        _ => {
            let folder = match target.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let existing = fs::metadata(&target).ok();
            let mut temp = temp_builder(existing.is_some()).tempfile_in(&folder)?;
            temp.write_all(bytes)?;
            if let Some(metadata) = existing {
                // An existing report keeps its permissions (where the file system cannot set
                // them, the replacement stays private rather than failing the run).
                let _ = fs::set_permissions(temp.path(), metadata.permissions());
            }
            temp.persist(&target).map_err(|e| e.error)?;
            Ok(())
        }
    }
}

/// How the temporary file is created. A new report gets the permissions any program's new file
/// gets (0666 minus the umask): tempfile's private 0600 default made an inventory that cron
/// publishes to a shared folder unreadable to everyone else. A file that replaces an existing
/// one starts private and then takes the original's mode, so it is never more open than that.
fn temp_builder(replaces: bool) -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tlslint-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if replaces { 0o600 } else { 0o666 };
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = replaces;
    builder
}

/// `path` with symbolic links resolved when it is one that leads somewhere; `path` itself
/// otherwise (a new file, or a dangling link, which is then replaced).
fn resolve(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && let Ok(target) = fs::canonicalize(path) {
        return target;
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_or_regular_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write(&path, b"first").unwrap();
        write(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    /// The mode a new file gets under the process's umask, found by creating one the usual way
    /// (the umask cannot be read without changing it, which would race other tests' threads).
    #[cfg(unix)]
    fn usual_new_file_mode(dir: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        let probe = dir.join("probe");
        fs::write(&probe, "").unwrap();
        let mode = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        fs::remove_file(probe).unwrap();
        mode
    }

    #[cfg(unix)]
    #[test]
    fn a_new_report_gets_the_usual_mode_and_an_existing_one_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let usual = usual_new_file_mode(dir.path());
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let new = dir.path().join("inventory.csv");
        write(&new, b"new").unwrap();
        assert_eq!(mode(&new), usual, "{:o} vs {usual:o}", mode(&new));
        let private = dir.path().join("private.json");
        fs::write(&private, "old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        write(&private, b"new").unwrap();
        assert_eq!(mode(&private), 0o600);
        let shared = dir.path().join("shared.json");
        fs::write(&shared, "old").unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o644)).unwrap();
        write(&shared, b"new").unwrap();
        assert_eq!(mode(&shared), 0o644);
        assert_eq!(fs::read(&shared).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_survives_and_its_target_gets_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_stays_a_device() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        // Only where /dev/null is what it should be (the test must not judge the machine).
        if !fs::metadata(null).is_ok_and(|m| m.file_type().is_char_device()) {
            return;
        }
        write(null, b"discarded").unwrap();
        assert!(fs::metadata(null).unwrap().file_type().is_char_device());
    }
}
