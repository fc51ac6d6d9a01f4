//! The rules: one module per rule holding its metadata, its documentation and its check.
//!
//! A rule turns the facts an analyser found in a file (`crate::facts`) and the file's context
//! (its effective target) into findings. Rules never parse and never format output.

pub mod fixes;
pub mod tls001_deprecated_security_protocol;
pub mod tls002_deprecated_ssl_protocols;
pub mod tls003_hardcoded_protocol_version;
pub mod tls004_strong_crypto_disabled;
pub mod tls005_legacy_target_framework;
pub mod tls006_missing_tls12_opt_in;
pub mod tls007_ineffective_tls_opt_in;
pub mod tls008_legacy_native_protocol_flags;
pub mod tls100_unused_suppression;

use std::collections::BTreeSet;

use crate::diagnostic::Finding;
pub use crate::diagnostic::{Precision, RuleMeta};
use crate::facts::{FileFacts, Operand, ProtocolWrite, Sink, Span, WriteOp};
use crate::fix::{EditFile, Fix};
use crate::lang::FileKind;
use crate::offers::Offers;
use crate::project::{ModelFile, Project, ProjectModel};
use crate::protocol::{MODERN_BITS, ProtocolEnum, describe_versions};
use crate::source::SourceFile;
use crate::target::{FrameworkVersion, Target};
use std::sync::Arc;

/// A project-level check: produces findings as (file index, finding).
pub type ProjectCheck = fn(&ProjectContext, &mut Vec<(usize, Finding)>);

/// A file check: adds the rule's findings in one file.
pub type FileCheck = fn(&FileContext, &FileFacts, &mut Vec<Finding>);

/// What a rule checks, beside its metadata ([`RuleMeta`], which findings carry): the file
/// check, and the project check of a rule that needs the whole project model.
pub struct Checks {
    pub file: FileCheck,
    pub project: Option<ProjectCheck>,
}

/// All rules, in id order.
pub static RULES: &[&RuleMeta] = &[
    &tls001_deprecated_security_protocol::RULE,
    &tls002_deprecated_ssl_protocols::RULE,
    &tls003_hardcoded_protocol_version::RULE,
    &tls004_strong_crypto_disabled::RULE,
    &tls005_legacy_target_framework::RULE,
    &tls006_missing_tls12_opt_in::RULE,
    &tls007_ineffective_tls_opt_in::RULE,
    &tls008_legacy_native_protocol_flags::RULE,
    &tls100_unused_suppression::RULE,
];

/// The checks of every rule, in the order of [`RULES`] (a test compares them).
static CHECKS: &[(&RuleMeta, &Checks)] = &[
    (
        &tls001_deprecated_security_protocol::RULE,
        &tls001_deprecated_security_protocol::CHECKS,
    ),
    (
        &tls002_deprecated_ssl_protocols::RULE,
        &tls002_deprecated_ssl_protocols::CHECKS,
    ),
    (
        &tls003_hardcoded_protocol_version::RULE,
        &tls003_hardcoded_protocol_version::CHECKS,
    ),
    (
        &tls004_strong_crypto_disabled::RULE,
        &tls004_strong_crypto_disabled::CHECKS,
    ),
    (
        &tls005_legacy_target_framework::RULE,
        &tls005_legacy_target_framework::CHECKS,
    ),
    (
        &tls006_missing_tls12_opt_in::RULE,
        &tls006_missing_tls12_opt_in::CHECKS,
    ),
    (
        &tls007_ineffective_tls_opt_in::RULE,
        &tls007_ineffective_tls_opt_in::CHECKS,
    ),
    (
        &tls008_legacy_native_protocol_flags::RULE,
        &tls008_legacy_native_protocol_flags::CHECKS,
    ),
    (
        &tls100_unused_suppression::RULE,
        &tls100_unused_suppression::CHECKS,
    ),
];

/// The checks of `rule`.
pub fn checks_of(rule: &RuleMeta) -> &'static Checks {
    CHECKS
        .iter()
        .find(|(registered, _)| *registered == rule)
        .map(|&(_, checks)| checks)
        .unwrap_or(&NO_CHECKS)
}

/// What a rule outside the registry checks: nothing.
static NO_CHECKS: Checks = Checks {
    file: no_file_check,
    project: None,
};

/// Looks a rule up by id (`TLS001`, any case) or name (`deprecated-security-protocol`).
pub fn lookup(selector: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.id.eq_ignore_ascii_case(selector) || rule.name == selector)
}

/// Resolves rule selectors (`ALL`, ids, names) to rule ids.
pub fn resolve_selectors(selectors: &[String]) -> Result<BTreeSet<&'static str>, String> {
    let mut out = BTreeSet::new();
    for selector in selectors {
        let selector = selector.trim();
        if selector.eq_ignore_ascii_case("ALL") {
            out.extend(RULES.iter().map(|rule| rule.id));
        } else if let Some(rule) = lookup(selector) {
            out.insert(rule.id);
        } else {
            return Err(format!("unknown rule `{selector}` (see `tlslint rules`)"));
        }
    }
    Ok(out)
}

/// What a rule knows about the file besides its facts.
#[derive(Clone, Copy, Debug)]
pub struct FileContext<'a> {
    /// The decoded text (for quoting code in messages).
    pub text: &'a str,
    pub kind: FileKind,
    /// The target the file's code is checked against: its project's lowest effective target.
    pub target: Target,
    /// The file's project, if it belongs to one.
    pub project: Option<&'a Project>,
    /// The .NET Framework version fixes retarget to (`target-framework`, default 4.8).
    pub fix_target: FrameworkVersion,
}

/// What a project-level rule sees: every file (reported or read for context) and the model.
pub struct ProjectContext<'a> {
    pub files: &'a [ModelFile<'a>],
    pub model: &'a ProjectModel,
    /// The decoded source of each file, when it was kept.
    pub sources: &'a [Option<Arc<SourceFile>>],
    /// How each file is displayed.
    pub displays: &'a [String],
    /// The .NET Framework version fixes retarget to, for each file (from its configuration).
    pub fix_targets: &'a [FrameworkVersion],
}

impl ProjectContext<'_> {
    /// The text of file `i`, if it was kept.
    pub fn text(&self, i: usize) -> Option<&str> {
        self.sources.get(i)?.as_deref().map(|s| s.text.as_str())
    }

    /// File `i` as the target of an edit from a finding in another file.
    pub fn edit_file(&self, i: usize) -> EditFile {
        EditFile::Other {
            path: self.files[i].path.to_path_buf(),
            display: self.displays[i].clone(),
            source: self.sources[i].clone(),
        }
    }
}

/// Runs every rule on one file's facts.
pub fn check_file(ctx: &FileContext, facts: &FileFacts) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (_, checks) in CHECKS {
        (checks.file)(ctx, facts, &mut findings);
    }
    findings
}

/// Runs the project-level part of every rule.
pub fn check_projects(ctx: &ProjectContext) -> Vec<(usize, Finding)> {
    let mut findings = Vec::new();
    for (_, checks) in CHECKS {
        if let Some(check) = checks.project {
            check(ctx, &mut findings);
        }
    }
    findings
}

/// A file rule with nothing to do.
pub(crate) fn no_file_check(_: &FileContext, _: &FileFacts, _: &mut Vec<Finding>) {}

/// A finding of `rule` with its default severity.
pub(crate) fn finding(
    rule: &'static RuleMeta,
    span: Span,
    message: String,
    label: String,
    help: Option<String>,
) -> Finding {
    Finding {
        rule,
        severity: rule.default_severity,
        span,
        message,
        label,
        help,
        fix: None,
        offers: None,
        project: None,
    }
}

/// A finding of a project-level rule about project `project`.
pub(crate) fn project_finding(
    rule: &'static RuleMeta,
    project: usize,
    span: Span,
    message: String,
    label: String,
    help: Option<String>,
) -> Finding {
    Finding {
        project: Some(project),
        ..finding(rule, span, message, label, help)
    }
}

/// The help of a legacy operand assigned in a `catch` clause, which gets no fix.
const CATCH_FALLBACK_HELP: &str = "this assignment is a fallback in a `catch` clause: it runs when the `try` failed, typically because the runtime rejected TLS 1.2, and a value with TLS 1.2 would fail the same way, so no fix is offered; remove the fallback once every runtime the code runs on has TLS 1.2 (.NET Framework 4.5 and later)";

/// TLS001 and TLS002 share their logic: one finding per legacy operand of a written value.
pub(crate) fn check_legacy_operands(
    rule: &'static RuleMeta,
    protocol: ProtocolEnum,
    ctx: &FileContext,
    facts: &FileFacts,
    out: &mut Vec<Finding>,
) {
    for write in &facts.writes {
        // Every legacy operand of a value gets the same whole-value edit: compute it once, so
        // that a chain of n operands costs n, not n² (and the engine sees identical edits).
        let mut shared_fix: Option<Option<Fix>> = None;
        let offers = write.offers(known_prior(write, ctx));
        for operand in &write.operands {
            if operand.protocol != protocol || !operand.written_here || operand.legacy_bits() == 0 {
                continue;
            }
            let versions = describe_versions(operand.legacy_bits());
            let mut found = finding(
                rule,
                operand.span.clone(),
                offers.explain(format!("`{}` enables deprecated {versions}", operand.text)),
                format!("enables {versions}"),
                Some(legacy_help(write, operand, ctx)),
            );
            found.offers = Some(offers);
            let editable = facts.statement_editable(write);
            if facts.in_catch(write) {
                // A fallback: it runs when the `try` failed, often because the runtime
                // rejected TLS 1.2 there, and any value with TLS 1.2 would fail the same way.
                // Which versions this runtime accepts is the author's call, not a fix's.
                found.help = Some(CATCH_FALLBACK_HELP.to_owned());
            } else if facts.fixable(write) {
                found.fix = if operand.bits & MODERN_BITS != 0 {
                    // A number that mixes old and new versions is rewritten on its own.
                    fixes::legacy_fix(write, operand, ctx, editable)
                } else {
                    shared_fix
                        .get_or_insert_with(|| fixes::legacy_fix(write, operand, ctx, editable))
                        .clone()
                };
            }
            out.push(found);
        }
    }
}

/// What `write`'s sink held before the write, where the model knows it: in the C# or VB code
/// of an application with a known target and no opt-in, `ServicePointManager.SecurityProtocol`
/// holds the target's default (domain.md §2.4). Elsewhere it is not known: a library runs with
/// its host's defaults, a script in PowerShell's process, an opt-in may have changed the
/// value, and handlers and options start from defaults of their own.
pub(crate) fn known_prior(write: &ProtocolWrite, ctx: &FileContext) -> Option<Offers> {
    if write.sink != Sink::SecurityProtocol
        || !matches!(ctx.kind, FileKind::CSharp | FileKind::VisualBasic)
    {
        return None;
    }
    let project = ctx.project?;
    if !project.kind.is_application() || !project.opt_ins.is_empty() {
        return None;
    }
    ctx.target.default_offers()
}

/// What to write instead of a legacy operand, given the rest of the value and the target.
fn legacy_help(write: &ProtocolWrite, operand: &Operand, ctx: &FileContext) -> String {
    let protocol = operand.protocol;
    let type_name = protocol.type_name();
    let target = ctx.target;
    let remaining = write
        .operands
        .iter()
        .filter(|o| o.legacy_bits() == 0 && o.bits & MODERN_BITS != 0)
        .count();
    if remaining > 0 || (write.summary.bits & MODERN_BITS != 0 && write.operands.len() > 1) {
        return format!(
            "remove `{}` from the value; the TLS 1.2+ part stays enabled",
            operand.text
        );
    }
    if write.op == WriteOp::Add {
        return "delete this statement: it only adds deprecated versions".to_owned();
    }
    if ctx.kind == FileKind::PowerShell {
        return match protocol {
            ProtocolEnum::SecurityProtocolType => "keep what is enabled and add TLS 1.2: `[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12`".to_owned(),
            ProtocolEnum::SslProtocols => "omit `-SslProtocol` (the OS default), or use `Tls12`".to_owned(),
        };
    }
    if ctx.kind == FileKind::Config {
        // WCF `sslProtocols` attributes: "None" throws below 4.7 (domain.md §4.8).
        return match target.os_decides() {
            Some(true) => "use `sslProtocols=\"None\"` (the OS default)".to_owned(),
            _ => "use `sslProtocols=\"Tls12\"` (`None`, the OS default, only works on .NET Framework 4.7+)".to_owned(),
        };
    }
    let os_default = protocol.os_default_member();
    match target.os_decides() {
        Some(true) => {
            format!("use `{type_name}.{os_default}` (let the OS choose), or remove the setting")
        }
        Some(false) => format!("use `{type_name}.Tls12`"),
        None => format!(
            "use `{type_name}.Tls12`; on .NET Framework 4.7+ and modern .NET prefer `{type_name}.{os_default}` (the OS default)"
        ),
    }
}

/// Statements that hold a legacy operand written there (TLS001/TLS002), with the value that
/// holds it: TLS003 stays quiet on them.
pub(crate) fn statements_with_legacy_operands(facts: &FileFacts) -> Vec<(Span, Span)> {
    facts
        .writes
        .iter()
        .filter(|w| {
            w.operands
                .iter()
                .any(|o| o.written_here && o.legacy_bits() != 0)
        })
        .map(|w| (w.statement.clone(), w.value.clone()))
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::lang::csharp;

    /// Runs one rule over a C# snippet with the given target and returns
    /// `(quoted text, message)` for each finding, in order.
    pub fn run(rule: &'static RuleMeta, target: Target, source: &str) -> Vec<(String, String)> {
        let analysis = csharp::analyze(source, &[]).expect("parses");
        run_facts(rule, FileKind::CSharp, target, source, &analysis.facts)
    }

    /// Runs one rule over a VB.NET snippet, like [`run`].
    pub fn run_vb(rule: &'static RuleMeta, target: Target, source: &str) -> Vec<(String, String)> {
        let facts = crate::lang::vb::analyze(source).expect("parses");
        run_facts(rule, FileKind::VisualBasic, target, source, &facts)
    }

    fn run_facts(
        rule: &'static RuleMeta,
        kind: FileKind,
        target: Target,
        source: &str,
        facts: &FileFacts,
    ) -> Vec<(String, String)> {
        let ctx = FileContext {
            text: source,
            kind,
            target,
            project: None,
            fix_target: FrameworkVersion::V4_8,
        };
        let mut findings = Vec::new();
        (checks_of(rule).file)(&ctx, facts, &mut findings);
        findings.sort_by_key(|f| f.sort_key());
        findings
            .into_iter()
            .map(|f| (source[f.span.clone()].to_owned(), f.message))
            .collect()
    }

    /// For each finding: the file after applying its fix (`None` without a fix), and whether
    /// the fix is safe.
    pub fn fixed(
        rule: &'static RuleMeta,
        target: Target,
        source: &str,
    ) -> Vec<Option<(String, bool)>> {
        fixed_as(rule, FileKind::CSharp, target, source)
    }

    /// The facts of a snippet in one of the code languages.
    fn facts_of(kind: FileKind, source: &str) -> FileFacts {
        match kind {
            FileKind::VisualBasic => crate::lang::vb::analyze(source).expect("parses"),
            FileKind::PowerShell => crate::lang::powershell::analyze(source).expect("parses"),
            _ => csharp::analyze(source, &[]).expect("parses").facts,
        }
    }

    /// Runs one rule over a PowerShell script, like [`run`].
    pub fn run_ps(rule: &'static RuleMeta, source: &str) -> Vec<(String, String)> {
        let facts = facts_of(FileKind::PowerShell, source);
        run_facts(rule, FileKind::PowerShell, Target::Unknown, source, &facts)
    }

    /// [`fixed`] for a snippet in `kind` (C#, VB.NET or PowerShell).
    pub fn fixed_as(
        rule: &'static RuleMeta,
        kind: FileKind,
        target: Target,
        source: &str,
    ) -> Vec<Option<(String, bool)>> {
        let facts = facts_of(kind, source);
        let ctx = FileContext {
            text: source,
            kind,
            target,
            project: None,
            fix_target: FrameworkVersion::V4_8,
        };
        let mut findings = Vec::new();
        (checks_of(rule).file)(&ctx, &facts, &mut findings);
        findings.sort_by_key(|f| f.sort_key());
        findings
            .into_iter()
            .map(|f| {
                let fix = f.fix?;
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
                let mut out = source.to_owned();
                for edit in edits {
                    out.replace_range(edit.span.clone(), &edit.content);
                }
                Some((out, fix.applicability == crate::fix::Applicability::Safe))
            })
            .collect()
    }

    /// The quoted code of each finding.
    pub fn spans(rule: &'static RuleMeta, target: Target, source: &str) -> Vec<String> {
        run(rule, target, source)
            .into_iter()
            .map(|(text, _)| text)
            .collect()
    }

    /// Wraps VB.NET statements in a `Sub` of a module with the usual imports.
    pub fn in_vb_sub(body: &str) -> String {
        format!(
            "Imports System\nImports System.Net\nImports System.Net.Security\nImports System.Security.Authentication\n\nModule M\n    Sub Run(stream As SslStream, host As String)\n{body}\n    End Sub\nEnd Module\n"
        )
    }

    /// Wraps statements in a method of a class with the usual usings.
    pub fn in_method(body: &str) -> String {
        format!(
            "using System;\nusing System.Net;\nusing System.Net.Security;\nusing System.Security.Authentication;\n\nclass C\n{{\n    void M(SslStream stream, string host)\n    {{\n{body}\n    }}\n}}\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_checks() {
        let checked: Vec<&str> = CHECKS.iter().map(|(rule, _)| rule.id).collect();
        let rules: Vec<&str> = RULES.iter().map(|rule| rule.id).collect();
        assert_eq!(checked, rules);
    }

    #[test]
    fn registry_is_sorted_unique_and_documented() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted, "rules must be in id order without duplicates");
        for rule in RULES {
            assert!(
                rule.id.starts_with("TLS") && rule.id.len() == 6,
                "{}",
                rule.id
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} name must be kebab-case",
                rule.id
            );
            assert!(
                !rule.summary.ends_with('.'),
                "{} summary must not end with a period",
                rule.id
            );
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## Fix",
                "## References",
            ] {
                assert!(
                    rule.explanation.contains(heading),
                    "{} explanation lacks `{heading}`",
                    rule.id
                );
            }
            assert!(
                rule.tags.contains(&"security"),
                "{} must be tagged security",
                rule.id
            );
            let score: f32 = rule
                .security_severity
                .parse()
                .expect("security severity is a number");
            assert!(score > 0.0 && score <= 10.0);
        }
    }

    /// A project of `kind` whose code is checked against `target`, with or without an opt-in.
    fn project(kind: crate::project::ProjectKind, target: Target, opted_in: bool) -> Project {
        Project {
            file: None,
            folder: std::path::PathBuf::new(),
            kind,
            platform: crate::project::platform::Platform::NetFramework,
            web_config: None,
            targets: Vec::new(),
            check_target: target,
            opt_ins: if opted_in {
                vec![crate::project::OptIn {
                    file: 0,
                    span: 0..0,
                    enables_system_default: false,
                }]
            } else {
                Vec::new()
            },
            indirect_targets: Vec::new(),
        }
    }

    /// The set each TLS001/TLS002 finding of `body` (in a C# method) judged.
    fn offers(body: &str, project: Option<&Project>) -> Vec<Vec<&'static str>> {
        let source = test_support::in_method(body);
        let analysis = crate::lang::csharp::analyze(&source, &[]).expect("parses");
        let ctx = FileContext {
            text: &source,
            kind: FileKind::CSharp,
            target: project.map_or(Target::Unknown, |p| p.check_target),
            project,
            fix_target: FrameworkVersion::V4_8,
        };
        let mut out = Vec::new();
        for rule in [
            &tls001_deprecated_security_protocol::RULE,
            &tls002_deprecated_ssl_protocols::RULE,
        ] {
            (checks_of(rule).file)(&ctx, &analysis.facts, &mut out);
        }
        out.iter()
            .map(|f| f.offers.expect("legacy operands judge a set").members())
            .collect()
    }

    #[test]
    fn written_values_offer_what_they_name() {
        assert_eq!(
            offers(
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;",
                None
            ),
            [["tls1.0"]]
        );
        assert_eq!(
            offers(
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;",
                None
            ),
            [
                ["tls1.0", "tls1.1", "tls1.2"],
                ["tls1.0", "tls1.1", "tls1.2"]
            ]
        );
        assert_eq!(
            offers(
                "stream.AuthenticateAsClient(host, null, SslProtocols.Default, false);",
                None
            ),
            [["ssl3", "tls1.0"]]
        );
    }

    #[test]
    fn additions_keep_a_prior_value_known_only_in_applications_without_opt_ins() {
        use crate::project::ProjectKind::{Exe, Library};
        let fw = |minor, patch| Target::Framework(FrameworkVersion::new(4, minor, patch));
        let add = "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;";
        assert_eq!(offers(add, None), [["tls1.1", "prior"]]);
        assert_eq!(
            offers(add, Some(&project(Exe, fw(8, 0), false))),
            [["tls1.1", "system-default"]]
        );
        assert_eq!(
            offers(add, Some(&project(Exe, fw(6, 2), false))),
            [["tls1.0", "tls1.1", "tls1.2"]]
        );
        // A 4.5 application starts from SSL 3.0 + TLS 1.0: adding TLS 1.1 gives no TLS 1.2.
        assert_eq!(
            offers(add, Some(&project(Exe, fw(5, 0), false))),
            [["ssl3", "tls1.0", "tls1.1"]]
        );
        // An opt-in elsewhere, or a library's host, may have changed what it adds to.
        assert_eq!(
            offers(add, Some(&project(Exe, fw(5, 0), true))),
            [["tls1.1", "prior"]]
        );
        assert_eq!(
            offers(add, Some(&project(Library, fw(5, 0), false))),
            [["tls1.1", "prior"]]
        );
        assert_eq!(
            offers(
                "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol | SecurityProtocolType.Tls11;",
                Some(&project(Exe, fw(6, 2), false))
            ),
            [["tls1.0", "tls1.1", "tls1.2"]]
        );
        // Handlers and options start from defaults of their own.
        assert_eq!(
            offers(
                "var handler = new HttpClientHandler(); handler.SslProtocols |= SslProtocols.Tls11;",
                Some(&project(Exe, fw(8, 0), false))
            ),
            [["tls1.1", "prior"]]
        );
    }

    #[test]
    fn unknown_parts_and_scripts_cannot_be_shown_to_break() {
        use crate::project::ProjectKind::Exe;
        assert_eq!(
            offers(
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | Settings.Extra;",
                None
            ),
            [["tls1.0", "unknown"]]
        );
        // A script runs in PowerShell's process, whatever project folder it sits in.
        let script = "[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls11\n";
        let facts = crate::lang::powershell::analyze(script).expect("parses");
        let app = project(
            Exe,
            Target::Framework(FrameworkVersion::new(4, 5, 0)),
            false,
        );
        let ctx = FileContext {
            text: script,
            kind: FileKind::PowerShell,
            target: Target::Unknown,
            project: Some(&app),
            fix_target: FrameworkVersion::V4_8,
        };
        let mut out = Vec::new();
        (tls001_deprecated_security_protocol::CHECKS.file)(&ctx, &facts, &mut out);
        let offers: Vec<Vec<&str>> = out
            .iter()
            .map(|f| f.offers.expect("a set").members())
            .collect();
        assert_eq!(offers, [["tls1.1", "prior"]]);
    }

    #[test]
    fn messages_say_when_tls12_stays() {
        let source = test_support::in_method(
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;\nServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;",
        );
        let found = test_support::run(
            &tls001_deprecated_security_protocol::RULE,
            Target::Unknown,
            &source,
        );
        assert_eq!(
            found[0].1,
            "`SecurityProtocolType.Tls` enables deprecated TLS 1.0; TLS 1.2 stays enabled here"
        );
        assert_eq!(
            found[1].1,
            "`SecurityProtocolType.Tls11` enables deprecated TLS 1.1"
        );
    }

    #[test]
    fn selectors_accept_ids_names_and_all() {
        let ids = resolve_selectors(&["tls001".into(), "strong-crypto-disabled".into()]).unwrap();
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["TLS001", "TLS004"]);
        assert_eq!(
            resolve_selectors(&["ALL".into()]).unwrap().len(),
            RULES.len()
        );
        assert!(
            resolve_selectors(&["TLS999".into()])
                .unwrap_err()
                .contains("TLS999")
        );
    }
}
