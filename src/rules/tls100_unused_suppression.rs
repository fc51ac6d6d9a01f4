//! TLS100 unused-suppression.

use super::{Checks, Precision, RuleMeta, no_file_check};
use crate::diagnostic::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS100",
    name: "unused-suppression",
    summary: "a suppression that suppresses nothing or gives no reason (only with --report-unused-suppressions)",
    default_severity: Severity::Warning,
    explanation: EXPLANATION,
    precision: Precision::VeryHigh,
    security_severity: "1.0",
    tags: &["security", "maintainability"],
    languages: &[
        "C#",
        "VB.NET",
        "PowerShell",
        "MSBuild",
        ".NET config",
        "registry file",
        "C/C++",
    ],
    since: "0.1.0",
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: no_file_check,
    project: None,
};

const EXPLANATION: &str = r#"## What it does
With `--report-unused-suppressions`, flags `tlslint:ignore` comments and `#pragma warning
disable` directives naming tlslint rules that suppress no finding, and `tlslint:ignore` comments
without a reason (`-- why` after the rules).

## Why is this bad?
A suppression that no longer suppresses anything hides the next legacy value written on that
line, and a suppression without a reason cannot be reviewed before a TLS retirement date.

## Example
```csharp
// tlslint:ignore TLS001
ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;
```

## Use instead
```csharp
// tlslint:ignore TLS001 -- the partner's appliance speaks TLS 1.0 until June
ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
```

## Fix
Remove the suppression, or add the reason. There is no automatic fix.

## References
- [Suppress code analysis warnings](https://learn.microsoft.com/dotnet/fundamentals/code-analysis/suppress-warnings)
"#;
