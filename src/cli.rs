//! The command line: `tlslint check`, `tlslint rules`, `tlslint explain`.
//!
//! Exit codes: 0 when nothing reaches `--fail-on`, 1 when findings do, 2 for usage,
//! configuration and fatal I/O errors (never because one input file was bad).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckOptions, ConfigChoice, DEFAULT_MAX_FILE_SIZE};
use crate::config::{CliOverrides, FailOn, parse_framework_version};
use crate::output::{self, OutputFormat, RenderOptions};
use crate::rules::{self, RULES};
use crate::target::FrameworkVersion;
use crate::walk::WalkOptions;

#[derive(Debug, Parser)]
#[command(
    name = "tlslint",
    version,
    about = "Find legacy TLS usage in .NET code bases before it breaks production",
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint files and folders (default: the current folder).
    Check(CheckArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// Rule id (TLS001) or name (deprecated-security-protocol).
        rule: String,
    },
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or folders to lint.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(
        long,
        value_enum,
        default_value = "full",
        env = "TLSLINT_OUTPUT_FORMAT"
    )]
    format: OutputFormat,
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
    #[arg(long, value_parser = parse_fail_on, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
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
    /// When to use colours.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Print findings only: no summary line.
    #[arg(short, long)]
    quiet: bool,
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

fn parse_fail_on(text: &str) -> Result<FailOn, String> {
    text.parse()
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

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules(args) => run_rules(args),
        Command::Explain { rule } => run_explain(&rule),
    };
    ExitCode::from(code)
}

fn error(message: impl std::fmt::Display) -> u8 {
    let _ = writeln!(io::stderr(), "error: {message}");
    2
}

fn run_check(args: CheckArgs) -> u8 {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => return error(format!("cannot read the working directory: {e}")),
    };
    let options = CheckOptions {
        paths: args.paths,
        config: match (args.config, args.no_config) {
            (Some(file), _) => ConfigChoice::File(file),
            (None, true) => ConfigChoice::Defaults,
            (None, false) => ConfigChoice::Discover,
        },
        overrides: CliOverrides {
            select: args.select,
            ignore: args.ignore,
            exclude: args.exclude,
            fail_on: args.fail_on,
            target_framework: args.target_framework,
        },
        walk: WalkOptions {
            hidden: args.hidden,
            no_ignore: args.no_ignore,
            force_exclude: args.force_exclude,
            threads: args.threads.unwrap_or(0),
        },
        threads: args.threads.unwrap_or(0),
        max_file_size: args.max_filesize.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        cwd,
    };
    let result = match check::check(&options) {
        Ok(result) => result,
        Err(e) => return error(e),
    };

    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
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
    let render = RenderOptions { color, width };
    let written = match &args.output {
        Some(path) => write_report_file(path, args.format, &result, render),
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            output::emit(args.format, &result, render, &mut out).and_then(|()| out.flush())
        }
    };
    if let Err(e) = written
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return error(format!("cannot write the report: {e}"));
    }

    let mut stderr = io::stderr().lock();
    for scan_error in &result.errors {
        let _ = writeln!(
            stderr,
            "warning: {}: {}",
            scan_error.path, scan_error.message
        );
    }
    if args.format.is_human() && !args.quiet {
        let _ = writeln!(stderr, "{}", output::summary_line(&result));
    }
    if result.usage_errors > 0 {
        2
    } else if result.failing > 0 && !args.exit_zero {
        1
    } else {
        0
    }
}

/// Writes the report next to its destination and renames it into place, so that a reader
/// never sees half a report.
fn write_report_file(
    path: &std::path::Path,
    format: OutputFormat,
    result: &check::CheckResult,
    render: RenderOptions,
) -> io::Result<()> {
    let mut buffer = Vec::new();
    output::emit(format, result, render, &mut buffer)?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(&folder)?;
    temp.write_all(&buffer)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
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
    let text = format!(
        "# {} {}\n\n{}\n\nDefault severity: {}. Languages: {}.\n\n{}",
        rule.id,
        rule.name,
        rule.summary,
        rule.default_severity,
        rule.languages.join(", "),
        rule.explanation
    );
    match io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => error(e),
    }
}
