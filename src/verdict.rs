//! Readiness verdicts: will a project (or a whole repository) keep working once servers refuse
//! TLS 1.0 and 1.1? `check`'s JSON `projects` and `sweep` both decide here, so the two never
//! disagree.
//!
//! - `breaks`: an application whose effective target gives it no TLS 1.2 and that does not opt
//!   in (TLS006: 4.5.2 and below, ASP.NET quirks mode, no target), or a deprecated protocol or
//!   disabled strong crypto at error level (TLS001, TLS002, TLS004, TLS008) in code that runs.
//! - `at-risk`: any other warning or error: a legacy target that still negotiates TLS 1.2
//!   (TLS005 on 4.6-4.6.2, or with an opt-in), an ineffective opt-in (TLS007), and the findings
//!   that would break, when they are only in test code.
//! - `ready`: nothing, or notes only (TLS003 pins).

use std::path::Path;

use crate::diagnostic::Severity;

/// How ready a project or repository is for servers that refuse TLS 1.0/1.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Nothing at warning level or above.
    Ready,
    /// Warnings only, or breaking findings only in test code.
    AtRisk,
    /// An application without TLS 1.2 (TLS006), or a legacy protocol or disabled strong crypto
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

/// What one finding makes of its project's (and repository's) verdict. `in_test`: the finding
/// is in test code ([`is_test_path`]), which does not run in production.
pub fn finding_verdict(rule: &str, severity: Severity, in_test: bool) -> Verdict {
    match (rule, severity) {
        ("TLS006", _) | ("TLS001" | "TLS002" | "TLS004" | "TLS008", Severity::Error)
            if !in_test =>
        {
            Verdict::Breaks
        }
        (_, Severity::Error | Severity::Warning) => Verdict::AtRisk,
        (_, Severity::Note) => Verdict::Ready,
    }
}

/// Whether a path (relative to the repository or working directory, `/`-separated) is test
/// code: a folder named `test` or `tests`, or a folder or project file named like a test
/// project (`Foo.Tests`, `Foo.UnitTests`, `Foo.IntegrationTests`, `Foo.Test`, `Foo.Specs`),
/// case-insensitively. Test projects are recognised by name only: tlslint does not read package
/// references, and naming is the convention `dotnet new` and most repositories follow.
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
        assert_eq!(
            finding_verdict("TLS001", Severity::Error, false),
            Verdict::Breaks
        );
        assert_eq!(
            finding_verdict("TLS001", Severity::Error, true),
            Verdict::AtRisk
        );
        assert_eq!(
            finding_verdict("TLS001", Severity::Warning, false),
            Verdict::AtRisk
        );
        assert_eq!(
            finding_verdict("TLS006", Severity::Warning, false),
            Verdict::Breaks
        );
        assert_eq!(
            finding_verdict("TLS005", Severity::Warning, false),
            Verdict::AtRisk
        );
        assert_eq!(
            finding_verdict("TLS003", Severity::Note, false),
            Verdict::Ready
        );
    }
}
