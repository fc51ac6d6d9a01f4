//! Readiness verdicts: will a project (or a whole repository) keep working once servers refuse
//! TLS 1.0 and 1.1? `check`'s JSON `projects` and `sweep` both decide here, so the two never
//! disagree. A finding about a protocol setting is judged on the set it offers
//! ([`crate::offers`]), so `Tls | Tls11 | Tls12`, which keeps connecting, is told apart from
//! `Tls` alone.
//!
//! - `breaks`: an application whose effective target gives it no TLS 1.2 and that does not opt
//!   in (TLS006: 4.5.2 and below, ASP.NET quirks mode, no target), or a deprecated protocol or
//!   a weakening switch at error level (TLS001, TLS002, TLS004, TLS008) whose setting offers no
//!   TLS 1.2 or later, in code that runs.
//! - `at-risk`: any other warning or error: deprecated versions offered next to TLS 1.2+ (or
//!   the OS default, or an unknown prior or part: `|= Tls11`), a legacy target that still
//!   negotiates TLS 1.2 (TLS005 on 4.6-4.6.2, or with an opt-in), an ineffective opt-in
//!   (TLS007), and the findings that would break, when they are only in test code.
//! - `ready`: nothing, or notes only (TLS003 pins).

use std::path::Path;

use crate::diagnostic::{Finding, Severity};
use crate::offers::Offers;

/// How ready a project or repository is for servers that refuse TLS 1.0/1.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Nothing at warning level or above.
    Ready,
    /// Warnings only, or breaking findings only in test code.
    AtRisk,
    /// An application without TLS 1.2 (TLS006), or a setting that offers no TLS 1.2 or later
    /// (TLS001/TLS002/TLS004/TLS008 at error level) outside test code.
    Breaks,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Breaks, Verdict::AtRisk, Verdict::Ready];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::AtRisk => "at-risk",
            Verdict::Breaks => "breaks",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == text)
    }
}

/// What one finding makes of its project's (and repository's) verdict. `offers`: the set the
/// finding's setting offers; a breaking rule's finding without one breaks (nothing shows that
/// TLS 1.2 stays). `in_test`: the finding is in test code ([`is_test_path`]), which does not
/// run in production.
pub fn finding_verdict(
    rule: &str,
    severity: Severity,
    offers: Option<Offers>,
    in_test: bool,
) -> Verdict {
    let stops_connecting = match rule {
        "TLS006" => true,
        "TLS001" | "TLS002" | "TLS004" | "TLS008" => {
            severity == Severity::Error && offers.is_none_or(Offers::lacks_modern)
        }
        _ => false,
    };
    match severity {
        _ if stops_connecting && !in_test => Verdict::Breaks,
        Severity::Error | Severity::Warning => Verdict::AtRisk,
        Severity::Note => Verdict::Ready,
    }
}

/// [`finding_verdict`] of a finding.
pub fn verdict_of(finding: &Finding, in_test: bool) -> Verdict {
    finding_verdict(finding.rule.id, finding.severity, finding.offers, in_test)
}

/// Whether a path (relative to the repository or working directory, `/`-separated) is test
/// code: a folder named `test` or `tests`, or a folder or project file named like a test
/// project (`Foo.Tests`, `Foo.UnitTests`, `Foo.IntegrationTests`, `Foo.Test`, `Foo.Specs`),
/// case-insensitively. Files of projects that the model recognises as test projects (by name,
/// `IsTestProject` or test framework references) are test code too.
pub fn is_test_path(path: &str) -> bool {
    let components: Vec<&str> = path.split('/').collect();
    let folders = &components[..components.len().saturating_sub(1)];
    let file_stem = components.last().and_then(|name| {
        let path = Path::new(name);
        crate::lang::FileKind::is_project_file(path)
            .then(|| path.file_stem().and_then(|s| s.to_str()))
            .flatten()
    });
    folders.iter().copied().chain(file_stem).any(is_test_name)
}

/// A folder or project name that says "tests": `test`, `tests`, `*.Tests`, `*.UnitTests`, …
pub fn is_test_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "test"
        || lower == "tests"
        || [
            ".test",
            ".tests",
            ".unittests",
            ".integrationtests",
            ".specs",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{SSL3, TLS10, TLS11, TLS12, TLS13};

    #[test]
    fn test_paths() {
        for path in [
            "tests/Client.cs",
            "src/Test/Client.cs",
            "src/Billing.Tests/Client.cs",
            "Billing.UnitTests/Billing.UnitTests.csproj",
            "src/Billing.Tests.csproj",
            "Billing.IntegrationTests/Net.cs",
            "Billing.Specs/Steps.cs",
        ] {
            assert!(is_test_path(path), "{path}");
        }
        for path in [
            "src/Billing/Client.cs",
            "src/Testing/Client.cs",
            "src/Attestation/Client.cs",
            "src/ClientTests.cs",
            "tests.cs",
            "src/Contest/App.config",
        ] {
            assert!(!is_test_path(path), "{path}");
        }
    }

    #[test]
    fn breaking_findings_in_tests_are_at_risk() {
        let legacy = Some(Offers::versions(TLS10));
        assert_eq!(
            finding_verdict("TLS001", Severity::Error, legacy, false),
            Verdict::Breaks
        );
        assert_eq!(
            finding_verdict("TLS001", Severity::Error, legacy, true),
            Verdict::AtRisk
        );
        assert_eq!(
            finding_verdict("TLS001", Severity::Warning, legacy, false),
            Verdict::AtRisk
        );
        assert_eq!(
            finding_verdict("TLS006", Severity::Warning, None, false),
            Verdict::Breaks
        );
        assert_eq!(
            finding_verdict("TLS006", Severity::Error, None, true),
            Verdict::AtRisk
        );
        assert_eq!(
            finding_verdict("TLS005", Severity::Warning, None, false),
            Verdict::AtRisk
        );
        assert_eq!(
            finding_verdict(
                "TLS003",
                Severity::Note,
                Some(Offers::versions(TLS12)),
                false
            ),
            Verdict::Ready
        );
    }

    #[test]
    fn legacy_next_to_tls12_is_at_risk() {
        for rule in ["TLS001", "TLS002", "TLS004", "TLS008"] {
            assert_eq!(
                finding_verdict(
                    rule,
                    Severity::Error,
                    Some(Offers::versions(TLS10 | TLS11 | TLS12)),
                    false
                ),
                Verdict::AtRisk,
                "{rule}"
            );
            assert_eq!(
                finding_verdict(
                    rule,
                    Severity::Error,
                    Some(Offers::versions(SSL3 | TLS10)),
                    false
                ),
                Verdict::Breaks,
                "{rule}"
            );
        }
        // TLS 1.3 is "TLS 1.2 or later"; the OS default keeps TLS 1.2.
        assert_eq!(
            finding_verdict(
                "TLS001",
                Severity::Error,
                Some(Offers::versions(TLS10 | TLS13)),
                false
            ),
            Verdict::AtRisk
        );
        assert_eq!(
            finding_verdict(
                "TLS004",
                Severity::Error,
                Some(Offers::system_default()),
                false
            ),
            Verdict::AtRisk
        );
    }

    #[test]
    fn adding_legacy_to_an_unknown_prior_is_at_risk() {
        let added = Offers {
            prior: true,
            ..Offers::versions(TLS11)
        };
        assert_eq!(
            finding_verdict("TLS001", Severity::Error, Some(added), false),
            Verdict::AtRisk
        );
        // Added to a prior the model knows to be legacy only (a 4.5 application's default).
        let known = Offers::versions(TLS11).union(Offers::versions(SSL3 | TLS10));
        assert_eq!(
            finding_verdict("TLS001", Severity::Error, Some(known), false),
            Verdict::Breaks
        );
        let unknown = Offers {
            unknown: true,
            ..Offers::versions(TLS10)
        };
        assert_eq!(
            finding_verdict("TLS002", Severity::Error, Some(unknown), false),
            Verdict::AtRisk
        );
    }

    #[test]
    fn breaking_rules_without_a_set_still_break() {
        assert_eq!(
            finding_verdict("TLS004", Severity::Error, None, false),
            Verdict::Breaks
        );
        assert_eq!(
            finding_verdict("TLS007", Severity::Error, None, false),
            Verdict::AtRisk
        );
    }
}
