//! The command line: `tlslint check`, `tlslint rules`, `tlslint explain`, `tlslint sweep`,
//! `tlslint report`, and the `tlslint server` subcommand (run by [`crate::server`]).
//!
//! Exit codes: 0 when nothing reaches `--fail-on`, 1 when findings do, 2 for usage,
//! configuration and fatal I/O errors (never because one input file was bad).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::apply;
use crate::baseline::{self, Baseline};
use crate::config::{CliOverrides, FailOn, parse_framework_version};
use crate::engine::{self, CheckOptions, ConfigChoice, DEFAULT_MAX_FILE_SIZE};
use crate::fix;
use crate::output::{self, OutputFormat, RenderOptions};
use crate::rules::{self, RULES};
use crate::sweep::discover::Shard;
use crate::sweep::html::HtmlOptions;
use crate::sweep::inventory::{Inventory, ReportInput, Status};
use crate::sweep::render::SweepFormat;
use crate::sweep::{self, SweepOptions};
use crate::target::FrameworkVersion;
use crate::walk::WalkOptions;

#[derive(Debug, Parser)]
#[command(
    name = "tlslint",
    version,
    about = "Find legacy TLS usage in .NET code bases before it breaks production",
    after_help = format!("Exit codes of check:\n{CHECK_EXIT_CODES}\n\nExit codes of sweep and report:\n{SWEEP_EXIT_CODES}"),
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint files and folders (default: the current folder).
    #[command(after_help = format!("Exit codes:\n{CHECK_EXIT_CODES}"))]
    Check(Box<CheckArgs>),
    /// List the rules.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// Rule id (TLS001) or name (deprecated-security-protocol).
        rule: String,
    },
    /// Readiness inventory of many repositories: a verdict per repository and project.
    #[command(after_help = format!("Exit codes:\n{SWEEP_EXIT_CODES}"))]
    Sweep(Box<SweepArgs>),
    /// Merge sweep documents (`sweep --format json`, e.g. the shards of one sweep) into one,
    /// or show the progress between sweeps (--compare, --history).
    #[command(after_help = format!("Exit codes:\n{SWEEP_EXIT_CODES}"))]
    Report(ReportArgs),
    /// Run the language server (LSP over standard input and output) for editors.
    Server {
        /// Accepted for editors that pass it: standard input and output are the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Print a shell completion script for bash, zsh, fish, powershell or elvish.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
}

/// The exit codes of `check`, in `--help` (the README's table says the same at more length).
const CHECK_EXIT_CODES: &str =
    "  0    no finding at or above --fail-on (default: warning), or --exit-zero
  1    findings at or above --fail-on
  2    usage or configuration error, a path that does not exist, the report or a fix could not
       be written
  130  --fix was interrupted (files are whole, either as they were or fixed)";

/// The exit codes of `sweep` and `report`.
const SWEEP_EXIT_CODES: &str = "  0    the inventory was written (whatever it found)
  1    with --fail-on, a repository is that bad or worse (one that could not be checked counts)
  2    usage error: DIR, the list or a document cannot be read (or the documents merged), a
       bad --shard";

#[derive(Debug, Args)]
struct SweepArgs {
    /// Folder whose children are the repositories (every child folder, hidden ones only with
    /// --hidden).
    #[arg(required_unless_present = "list", conflicts_with = "list")]
    dir: Option<PathBuf>,
    /// File listing one repository path per line (`-` for standard input); blank lines and
    /// `#` comments are skipped; paths are relative to the working directory.
    #[arg(long, value_name = "FILE")]
    list: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: SweepFormat,
    /// Write the inventory to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Check only the K-th of N stable parts of the repositories (FNV-1a hash of each name).
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Repositories checked at once [default: one per core].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Worker threads of each job's walk and of the pool the jobs share [default: one per core].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Findings listed per repository.
    #[arg(long, value_name = "N", default_value_t = 3)]
    top: usize,
    /// Exit 1 when a repository's verdict is this bad or worse (or it could not be checked).
    #[arg(long, value_enum, default_value = "never")]
    fail_on: SweepFailOn,
    /// Only these rules (ids or names, comma-separated; `ALL` for every rule).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Skip these rules (ids or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Use this configuration file for every repository instead of each one's tlslint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    no_config: bool,
    /// Skip paths matching GLOB (gitignore syntax, relative to each repository).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Do not respect .gitignore, .ignore and git exclude files.
    #[arg(long)]
    no_ignore: bool,
    /// Also sweep hidden folders and lint hidden files.
    #[arg(long)]
    hidden: bool,
    /// Skip (and report) files larger than this many bytes; K and M suffixes work [default: 10M].
    #[arg(long, value_parser = parse_size, value_name = "SIZE")]
    max_filesize: Option<u64>,
    /// Last-resort wall-clock limit per parse, in seconds [default: 60]. Parsing is first
    /// bounded by a work budget counted in parser steps (20 per byte of the file, plus a
    /// million), which gives the same result on every machine; a file stopped by this limit
    /// instead is reported as such, and that outcome depends on the machine and its load.
    #[arg(long, value_parser = parse_seconds, value_name = "SECONDS")]
    parse_timeout: Option<std::time::Duration>,
    /// No progress bar and no summary line on stderr.
    #[arg(short, long)]
    quiet: bool,
    /// Print the names of the repositories this run would check (the shard's share with
    /// --shard), one per line, and check nothing.
    #[arg(long)]
    dry_run: bool,
    /// The day recorded in the inventory, YYYY-MM-DD [default: today, UTC].
    #[arg(long, value_parser = sweep::date::parse, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// With --format html: link each finding to
    /// TEMPLATE, e.g. 'https://git.example.com/{repo}/blob/{commit}/{path}#L{line}'.
    #[arg(long, value_name = "TEMPLATE")]
    link_template: Option<String>,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Sweep documents written by `tlslint sweep --format json`.
    #[arg(
        required_unless_present_any = ["compare", "history"],
        conflicts_with_all = ["compare", "history"],
        value_name = "FILE"
    )]
    inputs: Vec<PathBuf>,
    /// Show what changed from the sweep OLD to the sweep NEW: repositories that moved between
    /// verdicts, findings fixed and new findings.
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with = "history")]
    compare: Option<Vec<PathBuf>>,
    /// The breaks and at-risk repositories of each sweep, in the order given (a burndown).
    #[arg(long, num_args = 2.., value_name = "FILE")]
    history: Option<Vec<PathBuf>>,
    /// The day recorded in the merged inventory, YYYY-MM-DD [default: the latest of the
    /// documents'].
    #[arg(long, value_parser = sweep::date::parse, value_name = "YYYY-MM-DD", conflicts_with_all = ["compare", "history"])]
    date: Option<String>,
    /// With --format html: link each finding to
    /// TEMPLATE, e.g. 'https://git.example.com/{repo}/blob/{commit}/{path}#L{line}'.
    #[arg(long, value_name = "TEMPLATE")]
    link_template: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: SweepFormat,
    /// Write the inventory to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when a repository's verdict is this bad or worse (or it could not be checked).
    #[arg(long, value_enum, default_value = "never")]
    fail_on: SweepFailOn,
}

/// `sweep --fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SweepFailOn {
    Breaks,
    AtRisk,
    Never,
}

impl SweepFailOn {
    fn fails(self, inventory: &Inventory) -> bool {
        let threshold = match self {
            SweepFailOn::Breaks => Status::Breaks,
            SweepFailOn::AtRisk => Status::AtRisk,
            SweepFailOn::Never => return false,
        };
        inventory
            .repositories
            .iter()
            .any(|r| r.verdict >= threshold)
    }
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or folders to lint [default: .]; `-` reads standard input (with --stdin-filename).
    paths: Vec<PathBuf>,
    /// Lint standard input as if it were the file at PATH: its name gives its language, and
    /// its configuration and project are read from disk around PATH (which need not exist).
    /// With --fix the fixed text goes to standard output and the report to standard error;
    /// nothing is written to disk.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Print the settings that apply to the file at PATH and where each rule's severity comes
    /// from (default, .editorconfig, tlslint.toml, [[overrides]], command line); check nothing.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["stdin_filename", "show_files"])]
    show_settings: Option<PathBuf>,
    /// Print the files a check of PATHS would read, and the files and folders it skips with
    /// the reason; check nothing.
    #[arg(long, conflicts_with = "stdin_filename")]
    show_files: bool,
    /// Output format.
    #[arg(
        long,
        value_enum,
        default_value = "full",
        env = "TLSLINT_OUTPUT_FORMAT"
    )]
    format: OutputFormat,
    /// SARIF `automationDetails.id`, to upload several SARIF files for one commit.
    #[arg(long, value_name = "CATEGORY")]
    sarif_category: Option<String>,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only these rules (ids or names, comma-separated; `ALL` for every rule).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Skip these rules (ids or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Lowest severity that makes the exit code 1 [default: warning].
    // A fixed list (not a free-form parser) so that --help and shell completions show the values.
    #[arg(
        long,
        value_name = "SEVERITY",
        value_parser = PossibleValuesParser::new(["error", "warning", "note", "never"])
            .try_map(|text| text.parse::<FailOn>())
    )]
    fail_on: Option<FailOn>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// Report suppressions that suppress nothing or give no reason (rule TLS100).
    #[arg(long)]
    report_unused_suppressions: bool,
    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in a baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Apply safe fixes (only remove deprecated versions), then report what remains.
    #[arg(long)]
    fix: bool,
    /// Also apply unsafe fixes (they change which versions are negotiated, retarget projects,
    /// or edit machine-wide settings). Implies --fix.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit code 1 when there are any).
    #[arg(long)]
    diff: bool,
    /// With --fix: exit 1 when anything was fixed, even if nothing remains (for pre-commit).
    #[arg(long)]
    exit_non_zero_on_fix: bool,
    /// Use this configuration file instead of looking for tlslint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    no_config: bool,
    /// Skip paths matching GLOB (gitignore syntax, relative to the working directory).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Apply excludes and ignore files to files named on the command line too.
    #[arg(long)]
    force_exclude: bool,
    /// Do not respect .gitignore, .ignore and git exclude files.
    #[arg(long)]
    no_ignore: bool,
    /// Also lint hidden files and folders.
    #[arg(long)]
    hidden: bool,
    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// The .NET Framework version fixes retarget old projects to [default: 4.8].
    #[arg(long, value_parser = parse_target, value_name = "VERSION")]
    target_framework: Option<FrameworkVersion>,
    /// Skip (and report) files larger than this many bytes; K and M suffixes work [default: 10M].
    #[arg(long, value_parser = parse_size, value_name = "SIZE")]
    max_filesize: Option<u64>,
    /// Last-resort wall-clock limit per parse, in seconds [default: 60]. Parsing is first
    /// bounded by a work budget counted in parser steps (20 per byte of the file, plus a
    /// million), which gives the same result on every machine; a file stopped by this limit
    /// instead is reported as such, and that outcome depends on the machine and its load.
    #[arg(long, value_parser = parse_seconds, value_name = "SECONDS")]
    parse_timeout: Option<std::time::Duration>,
    /// When to use colours.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Print findings only: no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Print how many findings each rule has, and how many have a fix, instead of the findings
    /// (as text, or JSON with --format json).
    #[arg(long)]
    statistics: bool,
}

#[derive(Debug, Args)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: RulesFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RulesFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_target(text: &str) -> Result<FrameworkVersion, String> {
    parse_framework_version(text)
}

fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, factor) = match text.char_indices().last() {
        Some((i, 'k' | 'K')) => (&text[..i], 1024),
        Some((i, 'm' | 'M')) => (&text[..i], 1024 * 1024),
        _ => (text, 1),
    };
    digits
        .parse::<u64>()
        .map(|n| n.saturating_mul(factor))
        .map_err(|_| format!("`{text}` is not a size such as 500K or 10M"))
}

/// Runs the command line and returns the process exit code. `server` runs `tlslint server`:
/// the language server is a front end beside this one (it may not be used from here, see
/// tests/layers.rs), so `main.rs`, which sees both, passes it in.
pub fn main(server: fn() -> u8) -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Rules(args) => run_rules(args),
        Command::Explain { rule } => run_explain(&rule),
        Command::Sweep(args) => run_sweep(*args),
        Command::Report(args) => run_report(args),
        Command::Server { stdio: _ } => server(),
        Command::Completions { shell } => run_completions(shell),
    };
    ExitCode::from(code)
}

/// `tlslint completions SHELL`: the script, generated from the same definitions as `--help`, so
/// it never lists an option the binary does not have.
fn run_completions(shell: clap_complete::Shell) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "tlslint", &mut script);
    match io::stdout().lock().write_all(&script) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => error(e),
        _ => 0,
    }
}

fn error(message: impl std::fmt::Display) -> u8 {
    let _ = writeln!(io::stderr(), "error: {message}");
    2
}

/// A thread count from the command line (`None` or 0: the default), lowered to
/// [`engine::max_threads`] with a note on stderr. Output never depends on the count.
fn capped_threads(option: &str, requested: Option<usize>, quiet: bool) -> usize {
    let requested = requested.unwrap_or(0);
    let limit = engine::max_threads();
    if requested <= limit {
        return requested;
    }
    if !quiet {
        let _ = writeln!(
            io::stderr(),
            "note: {option} {requested} lowered to {limit} ({} per core)",
            engine::MAX_THREADS_PER_CORE
        );
    }
    limit
}

fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e6)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| format!("`{text}` is not a number of seconds such as 5 or 0.5"))
}

fn run_check(args: CheckArgs) -> u8 {
    if args.statistics
        && !matches!(
            args.format,
            OutputFormat::Full | OutputFormat::Concise | OutputFormat::Json
        )
    {
        return error(
            "--statistics prints text (--format full or concise) or JSON (--format json)",
        );
    }
    crate::lang::tree::set_parse_timeout(
        args.parse_timeout
            .unwrap_or(crate::lang::tree::DEFAULT_PARSE_TIMEOUT),
    );
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => return error(format!("cannot read the working directory: {e}")),
    };
    let threads = capped_threads("--threads", args.threads, args.quiet);
    let max_file_size = args.max_filesize.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let stdin = match stdin_text(&args, max_file_size) {
        Ok(stdin) => stdin.map(Arc::new),
        Err(code) => return code,
    };
    let options = CheckOptions {
        paths: match &stdin {
            Some(stdin) => vec![stdin.path.clone()],
            None if args.paths.is_empty() => vec![PathBuf::from(".")],
            None => args.paths.clone(),
        },
        config: match (args.config.clone(), args.no_config) {
            (Some(file), _) => ConfigChoice::File(file),
            (None, true) => ConfigChoice::Defaults,
            (None, false) => ConfigChoice::Discover,
        },
        overrides: CliOverrides {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            exclude: args.exclude.clone(),
            fail_on: args.fail_on,
            target_framework: args.target_framework,
        },
        walk: WalkOptions {
            hidden: args.hidden,
            no_ignore: args.no_ignore,
            force_exclude: args.force_exclude,
            threads,
        },
        threads,
        max_file_size,
        cwd,
        report_unused_suppressions: args.report_unused_suppressions,
        baseline: match &args.baseline {
            Some(path) => match Baseline::load(path) {
                Ok(baseline) => Some(Arc::new(baseline)),
                Err(e) => return error(e),
            },
            None => None,
        },
        pool: None,
        progress: None,
        stdin,
        overlays: Default::default(),
    };
    // Dropped (and cleared) before the report is written, and on every early return.
    let progress = draws_progress(args.quiet).then(|| CheckProgress::start(progress_delay()));
    let mut options = CheckOptions {
        progress: progress.as_ref().map(|p| p.files.clone()),
        ..options
    };
    if let Some(path) = &args.show_settings {
        return match crate::show::settings(path, &options) {
            Ok(text) => print_text(&text),
            Err(e) => error(e),
        };
    }
    if args.show_files {
        return match crate::show::files(&options) {
            Ok(text) => print_text(&text),
            Err(e) => error(e),
        };
    }
    let result = match engine::check(&options) {
        Ok(result) => result,
        Err(e) => return error(e),
    };
    let fixing = args.fix || args.unsafe_fixes || args.diff;
    let (result, fixes) = if fixing && options.stdin.is_some() {
        match fix_stdin(&mut options, result, &args) {
            Ok(done) => done,
            Err(code) => return code,
        }
    } else if fixing {
        match fix_loop(&options, result, &args) {
            Ok(done) => done,
            Err(code) => return code,
        }
    } else {
        (result, FixSummary::default())
    };
    drop(progress);
    if args.diff {
        return fixes.diff_exit_code();
    }
    // `--fix` on standard input prints the text, fixed or not, where an editor reads it back;
    // the report then goes to standard error.
    let report_to_stderr = fixing && options.stdin.is_some();
    if let Some(stdin) = &options.stdin
        && report_to_stderr
        && let Err(e) = echo_stdin(stdin)
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return error(format!("cannot write the fixed text: {e}"));
    }
    if let Some(path) = &args.write_baseline {
        return write_baseline(path, &result, args.quiet);
    }

    let to_terminal = args.output.is_none()
        && if report_to_stderr {
            io::stderr().is_terminal()
        } else {
            io::stdout().is_terminal()
        };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|_| to_terminal)
        .unwrap_or(100);
    let render = RenderOptions {
        color,
        width,
        root_uri: Some(file_uri(&options.cwd)),
        sarif_category: args.sarif_category.clone(),
    };
    let report = |out: &mut dyn Write| match (args.statistics, args.format) {
        (true, OutputFormat::Json) => output::statistics::emit_json(&result, out),
        (true, _) => output::statistics::emit_text(&result, out),
        (false, format) => output::emit(format, &result, render.clone(), out),
    };
    let written = match &args.output {
        Some(path) => write_report_file(path, &report),
        None if report_to_stderr => {
            let mut out = io::BufWriter::new(io::stderr().lock());
            report(&mut out).and_then(|()| out.flush())
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            report(&mut out).and_then(|()| out.flush())
        }
    };
    if let Err(e) = written
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return error(format!("cannot write the report: {e}"));
    }

    let mut stderr = io::stderr().lock();
    // What makes the exit code 2 is an `error:`; what the scan went on past is a `warning:`.
    for scan_error in &result.errors {
        let level = if scan_error.fatal { "error" } else { "warning" };
        let _ = writeln!(
            stderr,
            "{level}: {}: {}",
            scan_error.path, scan_error.message
        );
    }
    for (path, reason) in &fixes.refused {
        let _ = writeln!(stderr, "warning: {path}: fix not applied: {reason}");
    }
    for (path, reason) in &fixes.write_failures {
        let _ = writeln!(stderr, "error: {path}: fix not applied: {reason}");
    }
    if args.format.is_human() && !args.quiet {
        if fixing {
            let _ = writeln!(stderr, "{}", fixes.line(&result, args.unsafe_fixes));
        }
        let _ = writeln!(stderr, "{}", output::summary_line(&result));
    }
    if result.usage_errors > 0 || !fixes.write_failures.is_empty() {
        2
    } else if (result.failing > 0 && !args.exit_zero)
        || (args.exit_non_zero_on_fix && fixes.fixed > 0)
    {
        1
    } else {
        0
    }
}

/// Writes `text` to standard output (exit code 0, or 2 when it cannot be written).
fn print_text(text: &str) -> u8 {
    match io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => error(e),
        _ => 0,
    }
}

/// `--stdin-filename` and `-`: the text to lint from standard input, if any (read up to the
/// size limit), or the usage error (exit code 2).
fn stdin_text(args: &CheckArgs, max_file_size: u64) -> Result<Option<engine::StdinText>, u8> {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    let Some(path) = &args.stdin_filename else {
        // ruff assumes Python; tlslint reads eight languages and would have to guess.
        // `-` means standard input to every linter a newcomer knows; checking a file of that
        // name instead would be a surprise. A file named `-` can still be given as `./-`.
        return if dash {
            Err(error(
                "`-` reads standard input, which needs --stdin-filename PATH: the file's name \
                 gives its language, and its folder the configuration and project (a file \
                 named `-` can be given as `./-`)",
            ))
        } else {
            Ok(None)
        };
    };
    if args.paths.iter().any(|p| p.as_os_str() != "-") {
        return Err(error(
            "--stdin-filename lints standard input: give no other paths (or only `-`)",
        ));
    }
    if crate::lang::FileKind::from_path(path).is_none() {
        return Err(error(format!(
            "--stdin-filename {}: tlslint does not read files of that name (see `File kinds` \
             in the README)",
            path.display()
        )));
    }
    engine::StdinText::read(path.clone(), io::stdin().lock(), max_file_size)
        .map(Some)
        .map_err(|e| {
            error(format!(
                "cannot read standard input: {}",
                crate::walk::io_message(&e)
            ))
        })
}

/// Writes the (fixed) text of standard input to standard output; past the size limit, the part
/// that was read and then the rest as it comes, unchanged.
fn echo_stdin(stdin: &engine::StdinText) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(&stdin.bytes)?;
    if stdin.oversized.is_some() {
        io::copy(&mut io::stdin().lock(), &mut out)?;
    }
    out.flush()
}

/// `--write-baseline`: records the findings instead of reporting them.
fn write_baseline(path: &std::path::Path, result: &engine::CheckResult, quiet: bool) -> u8 {
    let files = result.reports.iter().map(|report| {
        (
            report.path.as_path(),
            report.source.as_ref(),
            report.findings.as_slice(),
        )
    });
    match baseline::write(path, files) {
        Ok(count) => {
            if !quiet {
                let _ = writeln!(
                    io::stderr(),
                    "wrote {count} finding{} to the baseline {}",
                    if count == 1 { "" } else { "s" },
                    path.display()
                );
            }
            if result.usage_errors > 0 { 2 } else { 0 }
        }
        Err(e) => error(format!("cannot write the baseline {}: {e}", path.display())),
    }
}

/// `--link-template` means something only in the HTML report; elsewhere it would be silently
/// ignored, which hides a typo in `--format`.
fn check_link_template(template: Option<&String>, format: SweepFormat) -> Result<(), u8> {
    match template {
        Some(_) if format != SweepFormat::Html => {
            Err(error("--link-template applies only to --format html"))
        }
        _ => Ok(()),
    }
}

fn run_sweep(args: SweepArgs) -> u8 {
    if let Err(code) = check_link_template(args.link_template.as_ref(), args.format) {
        return code;
    }
    crate::lang::tree::set_parse_timeout(
        args.parse_timeout
            .unwrap_or(crate::lang::tree::DEFAULT_PARSE_TIMEOUT),
    );
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => return error(format!("cannot read the working directory: {e}")),
    };
    let source = match (&args.dir, &args.list) {
        (_, Some(list)) => {
            let text = if list.as_os_str() == "-" {
                io::read_to_string(io::stdin())
            } else {
                std::fs::read_to_string(list)
            };
            match text {
                Ok(text) => sweep::Source::List(text),
                Err(e) => {
                    return error(format!(
                        "cannot read {}: {}",
                        list.display(),
                        crate::walk::io_message(&e)
                    ));
                }
            }
        }
        (Some(dir), None) => sweep::Source::Dir(dir.clone()),
        (None, None) => return error("give a folder of repositories or --list FILE"),
    };
    let threads = capped_threads("--threads", args.threads, args.quiet);
    let options = SweepOptions {
        source,
        shard: args.shard,
        jobs: capped_threads("--jobs", args.jobs, args.quiet),
        threads,
        top: args.top,
        config: match (args.config.clone(), args.no_config) {
            (Some(file), _) => ConfigChoice::File(file),
            (None, true) => ConfigChoice::Defaults,
            (None, false) => ConfigChoice::Discover,
        },
        overrides: CliOverrides {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            exclude: args.exclude.clone(),
            fail_on: None,
            target_framework: None,
        },
        walk: WalkOptions {
            hidden: args.hidden,
            no_ignore: args.no_ignore,
            force_exclude: false,
            threads,
        },
        max_file_size: args.max_filesize.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        cwd,
        date: args.date.clone().unwrap_or_else(sweep::date::today),
    };
    if args.dry_run {
        return match sweep::select(&options) {
            Ok(repos) => {
                let names: String = repos.iter().map(|r| format!("{}\n", r.name)).collect();
                match io::stdout().lock().write_all(names.as_bytes()) {
                    Err(e) if e.kind() != io::ErrorKind::BrokenPipe => error(e),
                    _ => 0,
                }
            }
            Err(e) => error(e),
        };
    }
    // Only where someone watches: never in pipes, CI logs or tests.
    let bar = (!args.quiet && io::stderr().is_terminal()).then(ProgressBar::default);
    let result = match &bar {
        Some(bar) => sweep::sweep(&options, bar),
        None => sweep::sweep(&options, &sweep::Quiet),
    };
    if let Some(bar) = &bar {
        bar.finish();
    }
    let result = match result {
        Ok(result) => result,
        Err(e) => return error(e),
    };
    let html = HtmlOptions {
        link_template: args.link_template.clone(),
    };
    let written = write_output(args.output.as_deref(), |out| {
        sweep::render::emit(args.format, &result.inventory, &html, out)
    });
    if let Err(code) = written {
        return code;
    }
    if !args.quiet {
        let mut stderr = io::stderr().lock();
        if args.format != SweepFormat::Table || args.output.is_some() {
            let _ = writeln!(stderr, "{}", sweep::render::summary_line(&result.inventory));
        }
    }
    u8::from(args.fail_on.fails(&result.inventory))
}

fn run_report(args: ReportArgs) -> u8 {
    if let Err(code) = check_link_template(args.link_template.as_ref(), args.format) {
        return code;
    }
    let html = HtmlOptions {
        link_template: args.link_template.clone(),
    };
    let output = args.output.as_deref();
    let (written, inventory) = if let Some(files) = &args.compare {
        let documents = match load_documents(files) {
            Ok(documents) => documents,
            Err(code) => return code,
        };
        let [(old_name, old), (new_name, new)] = documents.as_slice() else {
            return error("--compare needs two sweep documents: OLD and NEW");
        };
        let comparison = sweep::compare::compare(old_name, old, new_name, new);
        let written = write_output(output, |out| {
            sweep::render::emit_comparison(args.format, &comparison, new, &html, out)
        });
        (written, new.clone())
    } else if let Some(files) = &args.history {
        let documents = match load_documents(files) {
            Ok(documents) => documents,
            Err(code) => return code,
        };
        let Some((_, last)) = documents.last() else {
            return error("--history needs sweep documents");
        };
        let history = sweep::compare::history(&documents);
        let written = write_output(output, |out| {
            sweep::render::emit_history(args.format, &history, last, &html, out)
        });
        (written, last.clone())
    } else {
        let inputs = match read_inputs(&args.inputs) {
            Ok(inputs) => inputs,
            Err(code) => return code,
        };
        let mut inventory = match sweep::inventory::merge(&inputs) {
            Ok(inventory) => inventory,
            Err(e) => return error(e),
        };
        if let Some(date) = &args.date {
            inventory.date = Some(date.clone());
        }
        let written = write_output(output, |out| {
            sweep::render::emit(args.format, &inventory, &html, out)
        });
        (written, inventory)
    };
    if let Err(code) = written {
        return code;
    }
    u8::from(args.fail_on.fails(&inventory))
}

fn read_inputs(paths: &[PathBuf]) -> Result<Vec<ReportInput>, u8> {
    let mut inputs = Vec::new();
    for path in paths {
        match std::fs::read_to_string(path) {
            Ok(text) => inputs.push(ReportInput {
                name: path.display().to_string(),
                text,
            }),
            Err(e) => {
                return Err(error(format!(
                    "cannot read {}: {}",
                    path.display(),
                    crate::walk::io_message(&e)
                )));
            }
        }
    }
    Ok(inputs)
}

/// Reads whole sweep documents (each on its own: `--compare` and `--history` accept documents
/// of different tlslint versions), with the names they were given as.
fn load_documents(paths: &[PathBuf]) -> Result<Vec<(String, Inventory)>, u8> {
    read_inputs(paths)?
        .iter()
        .map(|input| {
            sweep::inventory::load(input)
                .map(|inventory| (input.name.clone(), inventory))
                .map_err(error)
        })
        .collect()
}

/// Renders into a buffer, then writes it to standard output or (atomically) to a file.
fn write_output(
    output: Option<&std::path::Path>,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), u8> {
    let mut buffer = Vec::new();
    let written = render(&mut buffer).and_then(|()| match output {
        Some(path) => crate::report_file::write(path, &buffer),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&buffer).and_then(|()| out.flush())
        }
    });
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(error(format!("cannot write the inventory: {e}")))
        }
        _ => Ok(()),
    }
}

/// Progress is drawn only where someone watches: on a terminal, not in a CI log (`CI` set, as
/// every CI service sets it), and not with `--quiet`.
fn draws_progress(quiet: bool) -> bool {
    !quiet && io::stderr().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty())
}

/// How long `check` runs before it shows its progress: most runs end sooner, and a bar that
/// flashes for a moment is noise. `TLSLINT_PROGRESS_DELAY_MS` sets it (for tests).
fn progress_delay() -> std::time::Duration {
    let millis = std::env::var("TLSLINT_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .unwrap_or(1000);
    std::time::Duration::from_millis(millis)
}

/// A progress bar (indicatif) on stderr: the sweep's, or `check`'s.
struct ProgressBar(indicatif::ProgressBar);

impl Default for ProgressBar {
    /// The sweep's: repositories done out of those found, and the one being checked.
    fn default() -> Self {
        ProgressBar::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {wide_msg}")
    }
}

impl ProgressBar {
    fn with_template(template: &str) -> Self {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        ProgressBar(bar)
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// `check`'s progress: after `delay`, a spinner with the number of files checked so far (the
/// walk finds files as it goes, so there is no total to draw a bar against). Dropping it
/// stops and clears it.
struct CheckProgress {
    /// Counted by the check's walk.
    files: Arc<std::sync::atomic::AtomicUsize>,
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl CheckProgress {
    fn start(delay: std::time::Duration) -> CheckProgress {
        use std::sync::mpsc::RecvTimeoutError;
        let files = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let counter = files.clone();
        let thread = std::thread::spawn(move || {
            // Dropping the sender (the check is done) ends the wait early.
            if !matches!(stopped.recv_timeout(delay), Err(RecvTimeoutError::Timeout)) {
                return;
            }
            let bar = ProgressBar::with_template(
                "{spinner} [{elapsed_precise}] {pos} files checked {wide_msg}",
            );
            loop {
                let files = counter.load(std::sync::atomic::Ordering::Relaxed);
                bar.0.set_position(files as u64);
                bar.0.tick();
                if !matches!(
                    stopped.recv_timeout(std::time::Duration::from_millis(100)),
                    Err(RecvTimeoutError::Timeout)
                ) {
                    break;
                }
            }
            bar.finish();
        });
        CheckProgress {
            files,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for CheckProgress {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl sweep::Progress for ProgressBar {
    fn start(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn begin(&self, name: &str) {
        self.0.set_message(name.to_owned());
    }
    fn done(&self, _: &str) {
        self.0.inc(1);
    }
}

/// A folder as a `file://` URI ending in `/` (SARIF `%SRCROOT%`).
fn file_uri(folder: &std::path::Path) -> String {
    // In the escaped form `uri` reads (a folder that is not UTF-8 keeps its bytes); Windows
    // separators, escaped as `\\`, become `/`.
    let mut path = String::new();
    crate::path_name::push_escaped(&mut path, folder.as_os_str().as_encoded_bytes());
    let path = if cfg!(windows) {
        path.replace("\\\\", "/")
    } else {
        path
    };
    let encoded = output::sarif::uri(path.trim_start_matches('/')).uri;
    let encoded = encoded.trim_start_matches("file://");
    format!("file:///{}/", encoded.trim_end_matches('/'))
}

/// Passes are repeated while they change something: a fix can make another one possible, and
/// overlapping fixes wait for the next pass. Real files converge in two or three.
const MAX_FIX_PASSES: usize = 10;

/// What `--fix` did.
#[derive(Debug, Default)]
struct FixSummary {
    fixed: usize,
    /// Fixes that were not applied for their content, and why (warnings).
    refused: Vec<(String, String)>,
    /// Files that could not be written (refused by the writer, or failed), and why: the run
    /// exits 2.
    write_failures: Vec<(String, String)>,
    /// `--diff`: the changes would not be empty.
    would_change: bool,
}

impl FixSummary {
    /// Notes a refused fix once: the same one is refused again on every pass.
    fn refuse(&mut self, refused: (String, String)) {
        if !self.refused.contains(&refused) {
            self.refused.push(refused);
        }
    }

    fn diff_exit_code(&self) -> u8 {
        u8::from(self.would_change)
    }

    /// "Fixed 3 findings; 2 remain (1 fixable with --unsafe-fixes, 1 without an automatic fix)".
    fn line(&self, result: &engine::CheckResult, unsafe_fixes: bool) -> String {
        let remaining = result.finding_count();
        let with_unsafe = result
            .findings()
            .filter(|(_, f)| {
                !unsafe_fixes
                    && f.fix
                        .as_ref()
                        .is_some_and(|fix| fix.applicability == fix::Applicability::Unsafe)
            })
            .count();
        let without = result.findings().filter(|(_, f)| f.fix.is_none()).count();
        let other = remaining - with_unsafe - without;
        let mut reasons = Vec::new();
        if with_unsafe > 0 {
            reasons.push(format!("{with_unsafe} fixable with --unsafe-fixes"));
        }
        if without > 0 {
            reasons.push(format!("{without} without an automatic fix"));
        }
        if other > 0 {
            reasons.push(format!("{other} not fixed (conflicting or refused)"));
        }
        let mut line = format!(
            "fixed {}",
            output::plural(self.fixed, "finding", "findings")
        );
        if remaining > 0 {
            line.push_str(&format!("; {remaining} remaining ({})", reasons.join(", ")));
        }
        line
    }
}

/// Applies fixes pass after pass; returns the check of the final tree. `--diff` prints the
/// first pass's changes and writes nothing.
fn fix_loop(
    options: &CheckOptions,
    mut result: engine::CheckResult,
    args: &CheckArgs,
) -> Result<(engine::CheckResult, FixSummary), u8> {
    let fix_options = apply::FixOptions {
        unsafe_fixes: args.unsafe_fixes,
    };
    let mut summary = FixSummary::default();
    if !args.diff {
        apply::interrupt::install();
    }
    for _ in 0..MAX_FIX_PASSES {
        let plan = apply::plan(&result, fix_options);
        for refused in &plan.refused {
            summary.refuse(refused.clone());
        }
        if plan.changes.is_empty() {
            break;
        }
        if args.diff {
            summary.would_change = true;
            summary.fixed += plan.fixed;
            let mut out = io::stdout().lock();
            let _ = out.write_all(apply::diff(&plan).as_bytes());
            if !args.quiet {
                let _ = writeln!(io::stderr(), "{}", would_fix(plan.fixed));
            }
            break;
        }
        let written = apply::write::write(&plan, &options.paths, &options.cwd);
        for failure in written.failures {
            // A file that cannot be written fails again on every pass: say so once.
            if !summary.write_failures.contains(&failure) {
                summary.write_failures.push(failure);
            }
        }
        summary.fixed += written.fixed;
        if written.files == 0 {
            break;
        }
        result = engine::check(options).map_err(error)?;
    }
    Ok((result, summary))
}

/// `--fix`/`--diff` on standard input: fixes edit the text, which the next pass checks again;
/// no file on disk is written. A fix that also edits another file (an `App.config` beside the
/// project) is not applied: half of it would change behaviour without the other half.
fn fix_stdin(
    options: &mut CheckOptions,
    mut result: engine::CheckResult,
    args: &CheckArgs,
) -> Result<(engine::CheckResult, FixSummary), u8> {
    let fix_options = apply::FixOptions {
        unsafe_fixes: args.unsafe_fixes,
    };
    let mut summary = FixSummary::default();
    for _ in 0..MAX_FIX_PASSES {
        let Some(stdin) = options.stdin.clone() else {
            break;
        };
        for report in &mut result.reports {
            for finding in &mut report.findings {
                let Some(other) = finding.fix.as_ref().and_then(|fix| {
                    fix.edits.iter().find_map(|edit| match &edit.file {
                        fix::EditFile::Other { display, .. } => Some(display.clone()),
                        fix::EditFile::Same => None,
                    })
                }) else {
                    continue;
                };
                finding.fix = None;
                let refused = (
                    report.source.name.clone(),
                    format!(
                        "{} edits {other}, and with --stdin-filename no file is written",
                        finding.rule.id
                    ),
                );
                summary.refuse(refused);
            }
        }
        let mut plan = apply::plan(&result, fix_options);
        for refused in &plan.refused {
            summary.refuse(refused.clone());
        }
        let Some(change) = plan.changes.pop() else {
            break;
        };
        if args.diff {
            summary.would_change = true;
            summary.fixed += plan.fixed;
            plan.changes = vec![change];
            let _ = io::stdout().lock().write_all(apply::diff(&plan).as_bytes());
            if !args.quiet {
                let _ = writeln!(io::stderr(), "{}", would_fix(plan.fixed));
            }
            break;
        }
        let encoding = change
            .before
            .as_ref()
            .map_or(crate::source::Encoding::Utf8, |before| before.encoding);
        summary.fixed += plan.fixed;
        options.stdin = Some(Arc::new(engine::StdinText {
            path: stdin.path.clone(),
            bytes: crate::source::encode(&change.after, encoding),
            oversized: None,
        }));
        result = engine::check(options).map_err(error)?;
    }
    Ok((result, summary))
}

/// What `--diff` says it would do: `would fix 1 finding`, `would fix 3 findings`.
fn would_fix(fixed: usize) -> String {
    format!("would fix {}", output::plural(fixed, "finding", "findings"))
}

/// Writes the report next to its destination and renames it into place, so that a reader
/// never sees half a report.
fn write_report_file(
    path: &std::path::Path,
    report: &dyn Fn(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut buffer = Vec::new();
    report(&mut buffer)?;
    crate::report_file::write(path, &buffer)
}

fn run_rules(args: RulesArgs) -> u8 {
    let mut out = io::stdout().lock();
    let written = match args.format {
        RulesFormat::Table => {
            let name_width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(4);
            let mut text = format!(
                "{:<7} {:<name_width$}  {:<8} SUMMARY\n",
                "ID", "NAME", "SEVERITY"
            );
            for rule in RULES {
                text.push_str(&format!(
                    "{:<7} {:<name_width$}  {:<8} {}\n",
                    rule.id,
                    rule.name,
                    rule.default_severity.as_str(),
                    rule.summary
                ));
            }
            out.write_all(text.as_bytes())
        }
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = RULES
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "id": rule.id,
                        "name": rule.name,
                        "severity": rule.default_severity.as_str(),
                        "summary": rule.summary,
                        "languages": rule.languages,
                        "precision": rule.precision.as_str(),
                        "security_severity": rule.security_severity,
                        "tags": rule.tags,
                        "since": rule.since,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rules)
                .map_err(io::Error::other)
                .and_then(|()| writeln!(out))
        }
    };
    match written {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => error(e),
    }
}

fn run_explain(selector: &str) -> u8 {
    let Some(rule) = rules::lookup(selector) else {
        return error(format!("unknown rule `{selector}` (see `tlslint rules`)"));
    };
    let text = rule.documentation();
    match io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => error(e),
    }
}
