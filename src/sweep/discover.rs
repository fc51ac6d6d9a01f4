//! Which repositories a sweep checks: the children of a folder, or the entries of a list, then
//! the shard's share of them.

use std::path::{Path, PathBuf};

use crate::walk::io_message;

/// A repository to check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RepoEntry {
    /// How the repository is named in the output, sorted on and hashed for `--shard`: its
    /// folder name below DIR, or the list entry as written (`/`-separated, no trailing `/`).
    pub name: String,
    pub path: PathBuf,
}

/// `--shard K/N`: the K-th of N stable parts (1-based).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let invalid = || format!("`{text}` is not a shard such as 1/4 (K/N with 1 <= K <= N)");
        let (k, n) = text.split_once('/').ok_or_else(invalid)?;
        let index: u32 = k.trim().parse().map_err(|_| invalid())?;
        let count: u32 = n.trim().parse().map_err(|_| invalid())?;
        if index == 0 || count == 0 || index > count {
            return Err(invalid());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether a repository belongs to this shard: FNV-1a (64 bit) of its name, modulo the
    /// shard count. The hash depends on nothing but the name's bytes, so every machine, run
    /// and tlslint version puts a repository in the same shard, and adding a repository moves
    /// no other one.
    pub fn contains(self, name: &str) -> bool {
        fnv1a(name.as_bytes()) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// FNV-1a, 64 bit (the reference constants). Not `DefaultHasher`: that one is seeded per
/// process.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The repositories below `dir`: every child folder that is not hidden (unless `hidden`),
/// sorted by name. None is left out for holding no project file: a retirement inventory must
/// not under-report, and a folder of install scripts, native code or `.reg` files can break as
/// surely as a project. A folder with nothing tlslint reads is swept too and shows `files: 0`,
/// exactly as it would if it were listed with `--list`. A child that cannot be read is kept, so
/// that the sweep reports it.
pub fn from_dir(dir: &Path, hidden: bool) -> Result<Vec<RepoEntry>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("{}: {}", dir.display(), io_message(&e)))?;
    let mut repos = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {}", dir.display(), io_message(&e)))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        // A symbolic link to a folder counts: organisations often link repositories together.
        if !path.is_dir() || (!hidden && name.starts_with('.')) {
            continue;
        }
        repos.push(RepoEntry { name, path });
    }
    repos.sort();
    Ok(repos)
}

/// The repositories of a list: one path per line (relative to the working directory), blank
/// lines and lines starting with `#` skipped, duplicates dropped.
pub fn from_list(text: &str, cwd: &Path) -> Vec<RepoEntry> {
    let mut repos: Vec<RepoEntry> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let name = line.replace('\\', "/");
            let name = match name.trim_end_matches('/') {
                "" => "/".to_owned(),
                trimmed => trimmed.to_owned(),
            };
            RepoEntry {
                path: cwd.join(line),
                name,
            }
        })
        .collect();
    repos.sort();
    repos.dedup_by(|a, b| a.name == b.name);
    repos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "1/4/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let names: Vec<String> = (0..200).map(|i| format!("org/repo-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|index| Shard { index, count: 4 }).collect();
        for name in &names {
            let owners = shards.iter().filter(|s| s.contains(name)).count();
            assert_eq!(owners, 1, "{name} belongs to exactly one shard");
        }
        // Roughly even, and independent of anything but the name.
        for shard in &shards {
            let share = names.iter().filter(|n| shard.contains(n)).count();
            assert!((25..=75).contains(&share), "{shard}: {share}");
        }
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn list_entries() {
        let repos = from_list("# repos\nb/\n\na\\x\n  b  \n", Path::new("/work"));
        let names: Vec<&str> = repos.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a/x", "b"]);
    }
}
