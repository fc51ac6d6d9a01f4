//! `tlslint sweep`: a readiness inventory of many repositories.
//!
//! Each repository goes through the same [`check`](crate::engine::check) as `tlslint check`
//! (with the repository as working directory, so paths are relative to it and its own
//! `tlslint.toml` applies), and is boiled down to an [`inventory::Repository`] as soon as it is
//! done, so memory holds one check per job, never the whole organisation. `--jobs` checks run at
//! once, fed from the sorted list of repositories. Each walks its repository with `--threads`
//! walker threads (which read and analyse the files) and they share one pool for the parallel
//! steps after the walk: while jobs overlap the threads outnumber the cores, which costs little,
//! and the last, often largest, repository still gets every core; a job in a serial step (the
//! project model, sorting) leaves its cores to the others. The
//! inventory is sorted by repository name and rendered once, so output does not depend on
//! `--jobs` or `--threads`.

pub mod compare;
pub mod date;
pub mod discover;
pub mod git;
pub mod html;
pub mod inventory;
pub mod render;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use self::discover::{RepoEntry, Shard};
use self::inventory::{Inventory, Repository};
use crate::config::CliOverrides;
use crate::engine::{self, CheckOptions, ConfigChoice};
use crate::walk::{WalkOptions, io_message};

/// Where the repositories come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Every child folder (not hidden, unless `--hidden`).
    Dir(PathBuf),
    /// The repositories listed (the list's text, already read).
    List(String),
}

/// Everything a sweep needs to know.
#[derive(Clone, Debug)]
pub struct SweepOptions {
    pub source: Source,
    pub shard: Option<Shard>,
    /// Repositories checked at once (0: one per core).
    pub jobs: usize,
    /// Worker threads shared by the jobs (0: one per core).
    pub threads: usize,
    /// How many findings each repository lists.
    pub top: usize,
    pub config: ConfigChoice,
    pub overrides: CliOverrides,
    pub walk: WalkOptions,
    pub max_file_size: u64,
    pub cwd: PathBuf,
    /// The day recorded in the inventory (`YYYY-MM-DD`).
    pub date: String,
}

/// Called when a repository starts and when it is done (for a progress bar).
pub trait Progress: Sync {
    fn start(&self, total: usize);
    fn begin(&self, name: &str);
    fn done(&self, name: &str);
}

/// No progress reporting.
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: usize) {}
    fn begin(&self, _: &str) {}
    fn done(&self, _: &str) {}
}

/// What a sweep found.
pub struct SweepResult {
    pub inventory: Inventory,
}

/// Runs a sweep. Errors are usage errors (DIR unreadable, no threads); a repository that cannot
/// be checked becomes an `error` entry of the inventory.
pub fn sweep(options: &SweepOptions, progress: &dyn Progress) -> Result<SweepResult, String> {
    let repos = select(options)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = Arc::new(
        crate::engine::worker_pool(options.threads)
            .map_err(|e| format!("cannot start worker threads: {e}"))?,
    );
    let jobs = match options.jobs {
        0 => cores,
        n => n,
    }
    .clamp(1, repos.len().max(1));
    progress.start(repos.len());
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Repository>>> = Mutex::new(vec![None; repos.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(repo) = repos.get(i) else { break };
                    progress.begin(&repo.name);
                    let entry = check_repo(repo, options, &pool);
                    progress.done(&repo.name);
                    lock(&done)[i] = Some(entry);
                }
            });
        }
    });
    let done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    let repositories = done
        .into_iter()
        .zip(&repos)
        .map(|(entry, repo)| {
            entry.unwrap_or_else(|| {
                inventory::failed(repo.name.clone(), "the check did not finish".to_owned())
            })
        })
        .collect();
    let mut inventory = Inventory::new(repositories, options.shard);
    inventory.date = Some(options.date.clone());
    Ok(SweepResult { inventory })
}

/// The repositories this sweep checks, sorted by name (the shard's share when sharded).
pub fn select(options: &SweepOptions) -> Result<Vec<RepoEntry>, String> {
    let repos = match &options.source {
        Source::Dir(dir) => discover::from_dir(&options.cwd.join(dir), options.walk.hidden)?,
        Source::List(text) => discover::from_list(text, &options.cwd),
    };
    let repos = match options.shard {
        Some(shard) => repos
            .into_iter()
            .filter(|r| shard.contains(&r.name))
            .collect(),
        None => repos,
    };
    Ok(repos)
}

/// Checks one repository; never fails the sweep. A panic in the check (a bug) is caught and
/// reported as that repository's error so that the rest of the organisation is still swept.
fn check_repo(
    repo: &RepoEntry,
    options: &SweepOptions,
    pool: &Arc<rayon::ThreadPool>,
) -> Repository {
    let path = match std::path::absolute(&repo.path) {
        Ok(path) => path,
        Err(e) => return inventory::failed(repo.name.clone(), io_message(&e)),
    };
    match std::fs::metadata(&path) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => return inventory::failed(repo.name.clone(), "not a folder".to_owned()),
        Err(e) => return inventory::failed(repo.name.clone(), io_message(&e)),
    }
    if let Err(e) = std::fs::read_dir(&path) {
        return inventory::failed(
            repo.name.clone(),
            format!("cannot read: {}", io_message(&e)),
        );
    }
    let check_options = CheckOptions {
        paths: vec![path.clone()],
        config: options.config.clone(),
        overrides: options.overrides.clone(),
        walk: options.walk.clone(),
        threads: options.threads,
        max_file_size: options.max_file_size,
        cwd: path,
        report_unused_suppressions: false,
        baseline: None,
        pool: Some(pool.clone()),
        // The sweep shows its progress per repository.
        progress: None,
        stdin: None,
        overlays: Default::default(),
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine::check(&check_options)
            .map(|result| inventory::summarize_check(repo.name.clone(), &result, options.top))
    }));
    match outcome {
        Ok(Ok(mut entry)) => {
            entry.commit = git::head_commit(&check_options.cwd);
            entry
        }
        Ok(Err(e)) => inventory::failed(repo.name.clone(), e.to_string()),
        Err(_) => inventory::failed(
            repo.name.clone(),
            "internal error while checking this repository (please report it)".to_owned(),
        ),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
