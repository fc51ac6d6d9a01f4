//! TLS004 strong-crypto-disabled.

use super::{FileContext, Precision, RuleMeta, finding};
use crate::diagnostic::{Finding, Severity};
use crate::facts::FileFacts;

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS004",
    name: "strong-crypto-disabled",
    summary: "an AppContext switch that turns off strong crypto or the OS default TLS versions is set to true",
    default_severity: Severity::Error,
    explanation: EXPLANATION,
    precision: Precision::VeryHigh,
    security_severity: "7.5",
    tags: &["security", "external/cwe/cwe-327", "external/cwe/cwe-757"],
    languages: &["C#"],
    since: "0.1.0",
    check,
};

const EXPLANATION: &str = r#"## What it does
Flags `AppContext.SetSwitch(name, true)` for the four switches that take TLS 1.2 (or the OS
default) away from .NET Framework applications:

| switch | effect of `true` |
|---|---|
| `Switch.System.Net.DontEnableSchUseStrongCrypto` | no strong crypto: the default becomes SSL 3.0 + TLS 1.0 |
| `Switch.System.Net.DontEnableSystemDefaultTlsVersions` | the OS no longer chooses the versions |
| `Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols` | WCF message security is capped at TLS 1.0 |
| `Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions` | WCF net.tcp is pinned to TLS 1.0 - 1.2 |

The switch name may be a literal or a constant declared in the same file; names are compared
case-sensitively, as the runtime does.

## Why is this bad?
The `Dont…`/`Disable…` switches are opt-outs that restore pre-4.6/4.7 behaviour. Set to `true`,
they undo the secure defaults of the target framework (and override any TLS 1.2 opt-in in
config), so the application falls back to deprecated protocol versions.

## Example
```csharp
AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", true);
```

## Use instead
```csharp
AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", false);
```

## Fix
Setting the switch to `false` restores the secure default; it changes which versions are
negotiated (that is the point), so the fix is marked unsafe. On Windows 7 / Server 2008 R2,
`DontEnableSystemDefaultTlsVersions=false` also needs the SCHANNEL TLS 1.2 client registry keys.

## References
- [CA5361: Do not disable SChannel use of strong crypto](https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca5361)
- [CA5378: Do not disable ServicePointManagerSecurityProtocols](https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca5378)
- [AppContextSwitchOverrides element](https://learn.microsoft.com/dotnet/framework/configure-apps/file-schema/runtime/appcontextswitchoverrides-element)
"#;

/// The switches that weaken TLS when set to true, and what `true` does.
pub const WEAKENING_SWITCHES: [(&str, &str); 4] = [
    (
        "Switch.System.Net.DontEnableSchUseStrongCrypto",
        "disables strong cryptography, so .NET Framework falls back to SSL 3.0 and TLS 1.0",
    ),
    (
        "Switch.System.Net.DontEnableSystemDefaultTlsVersions",
        "stops the OS from choosing the TLS versions",
    ),
    (
        "Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols",
        "caps WCF message security at TLS 1.0",
    ),
    (
        "Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions",
        "pins WCF net.tcp to TLS 1.0 - 1.2 instead of the OS default",
    ),
];

/// What setting `name` to true does, if it is one of the weakening switches.
pub fn weakening_effect(name: &str) -> Option<&'static str> {
    WEAKENING_SWITCHES
        .iter()
        .find(|(switch, _)| *switch == name)
        .map(|&(_, effect)| effect)
}

fn check(_ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    for setting in &facts.switches {
        let (Some(name), Some(true)) = (&setting.name, setting.value) else {
            continue;
        };
        let Some(effect) = weakening_effect(name) else {
            continue;
        };
        out.push(finding(
            &RULE,
            setting.span.clone(),
            format!("`{name}` set to true {effect}"),
            "switch set to true".to_owned(),
            Some(format!("set `{name}` to false, or remove the call")),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{in_method, run, spans};
    use crate::target::Target;

    fn flagged(body: &str) -> Vec<String> {
        spans(&RULE, Target::Unknown, &in_method(body))
    }

    #[test]
    fn flags_each_weakening_switch_set_to_true() {
        for name in [
            "Switch.System.Net.DontEnableSchUseStrongCrypto",
            "Switch.System.Net.DontEnableSystemDefaultTlsVersions",
            "Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols",
            "Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions",
        ] {
            let call = format!("AppContext.SetSwitch(\"{name}\", true)");
            assert_eq!(flagged(&format!("{call};")), [call]);
        }
    }

    #[test]
    fn message_says_what_the_switch_does() {
        let found = run(
            &RULE,
            Target::Unknown,
            &in_method(
                "AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", true);",
            ),
        );
        assert_eq!(
            found[0].1,
            "`Switch.System.Net.DontEnableSchUseStrongCrypto` set to true disables strong cryptography, so .NET Framework falls back to SSL 3.0 and TLS 1.0"
        );
    }

    #[test]
    fn false_other_switches_and_wrong_case_are_not_findings() {
        assert!(
            flagged(
                "AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", false);"
            )
            .is_empty()
        );
        assert!(
            flagged("AppContext.SetSwitch(\"Switch.System.Net.DontCheckCertificateEKUs\", true);")
                .is_empty()
        );
        assert!(
            flagged(
                "AppContext.SetSwitch(\"switch.system.net.dontenableschusestrongcrypto\", true);"
            )
            .is_empty()
        );
        assert!(
            flagged(
                "MyContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", true);"
            )
            .is_empty()
        );
        assert!(
            flagged(
                "// AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", true);"
            )
            .is_empty()
        );
    }

    #[test]
    fn names_from_constants_qualified_calls_and_static_imports() {
        let source = r#"
using static System.AppContext;
class C
{
    private const string Prefix = "Switch.System.Net.";
    private const string StrongCrypto = Prefix + "DontEnableSchUseStrongCrypto";
    void M()
    {
        System.AppContext.SetSwitch(StrongCrypto, true);
        SetSwitch(@"Switch.System.Net.DontEnableSystemDefaultTlsVersions", isEnabled: true);
        global::System.AppContext.SetSwitch(switchName: "Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions", isEnabled: true);
    }
}
"#;
        assert_eq!(spans(&RULE, Target::Unknown, source).len(), 3);
    }
}
