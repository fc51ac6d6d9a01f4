//! TLS004 strong-crypto-disabled.

use super::{Checks, FileContext, Precision, RuleMeta, finding};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{FileFacts, RegistryData, RegistryValue, SwitchOrigin, SwitchSetting};
use crate::fix::Fix;
use crate::lang::registry::normalize_key;
use crate::offers::Offers;
use crate::protocol::{SSL3, TLS10, TLS11, TLS12};
use crate::rules::fixes::{registry_value, switch_to_false};
use crate::switches::WEAKENING_SWITCHES;
use crate::target::{FrameworkVersion, Target};

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS004",
    name: "strong-crypto-disabled",
    summary: "an AppContext switch that turns off strong crypto or the OS default TLS versions is set to true",
    default_severity: Severity::Error,
    explanation: EXPLANATION,
    precision: Precision::VeryHigh,
    security_severity: "7.5",
    tags: &["security", "external/cwe/cwe-327", "external/cwe/cwe-757"],
    languages: &[
        "C#",
        "VB.NET",
        "MSBuild",
        ".NET config",
        "runtimeconfig.json",
        "registry file",
    ],
    since: "0.1.0",
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: check,
    project: None,
};

const EXPLANATION: &str = r#"## What it does
Flags the four AppContext switches that take TLS 1.2 (or the OS default) away from .NET
Framework applications when they are set to true: by `AppContext.SetSwitch(name, true)` in code,
`<AppContextSwitchOverrides value="name=true">` in an application config, `<add
key="AppContext.SetSwitch:name" value="true">` in a `web.config`, `configProperties` in
`runtimeconfig.json`, `<RuntimeHostConfigurationOption>` in a project file, `[AppContext]::SetSwitch`
in PowerShell, or the registry's `.NETFramework\AppContext` key in a `.reg` file:

| switch | effect of `true` |
|---|---|
| `Switch.System.Net.DontEnableSchUseStrongCrypto` | no strong crypto: the default becomes SSL 3.0 + TLS 1.0 |
| `Switch.System.Net.DontEnableSystemDefaultTlsVersions` | the OS no longer chooses the versions |
| `Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols` | WCF message security is capped at TLS 1.0 |
| `Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions` | WCF net.tcp is pinned to TLS 1.0 - 1.2 |

The switch name may be a literal or a constant declared in the same file; names are compared
case-sensitively, as the runtime does. (`AppContextSwitchOverrides` in a `web.config` is ignored
by ASP.NET: TLS007 reports it instead.)

In `.reg` files and in scripts' registry writes (PowerShell `Set-ItemProperty`,
`New-ItemProperty`, `[Microsoft.Win32.Registry]::SetValue`, `reg add`) it also flags the
machine-wide downgrades: `SchUseStrongCrypto` or
`SystemDefaultTlsVersions` set to `dword:00000000` under the `.NETFramework` keys, and the TLS 1.2
client disabled under `SCHANNEL\Protocols` (`Enabled`=0 or `DisabledByDefault`=1).

## Why is this bad?
The `Dont…`/`Disable…` switches are opt-outs that restore pre-4.6/4.7 behaviour. Set to `true`,
they undo the secure defaults of the target framework (and override any TLS 1.2 opt-in in
config), so the application falls back to deprecated protocol versions.

## Example
```csharp
AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", true);
```
```reg
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v4.0.30319]
"SchUseStrongCrypto"=dword:00000000
```

## Use instead
```csharp
AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", false);
```
```reg
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v4.0.30319]
"SchUseStrongCrypto"=dword:00000001
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

/// The weakening switch a setting sets to true, if it does and the setting is read where it is
/// written.
fn weakening_switch(setting: &SwitchSetting) -> Option<(&'static str, &'static str)> {
    match setting.origin {
        // ASP.NET ignores AppContextSwitchOverrides in web.config (TLS007 says so), and
        // only ASP.NET reads the appSettings form.
        SwitchOrigin::SwitchOverrides {
            in_web_config: true,
        }
        | SwitchOrigin::AppSettings {
            in_web_config: false,
        } => return None,
        _ => {}
    }
    let (Some(name), Some(true)) = (&setting.name, setting.value) else {
        return None;
    };
    WEAKENING_SWITCHES
        .iter()
        .find(|(switch, _)| switch == name)
        .copied()
}

/// Whether .NET Framework reads a switch where it is set: not from `runtimeconfig.json` or
/// `RuntimeHostConfigurationOption`, which only modern .NET reads, where the switches do not
/// exist (domain.md §2.7, §3.2).
fn read_by_framework(origin: SwitchOrigin) -> bool {
    !matches!(
        origin,
        SwitchOrigin::RuntimeConfig | SwitchOrigin::MsBuildItem
    )
}

fn check(ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    // Switches turned off together in one file (one `AppContextSwitchOverrides` value, one
    // `.reg` file) decide together: no strong crypto and no OS default is SSL 3.0 + TLS 1.0.
    let turned_off: Vec<&'static str> = facts
        .switches
        .iter()
        .filter(|s| read_by_framework(s.origin))
        .filter_map(weakening_switch)
        .map(|(name, _)| name)
        .chain(
            facts
                .registry
                .iter()
                .filter_map(|v| registry_weakening(v)?.acts_as),
        )
        .collect();
    for setting in &facts.switches {
        let Some((name, effect)) = weakening_switch(setting) else {
            continue;
        };
        let help = match setting.origin {
            SwitchOrigin::Code => format!("set `{name}` to false, or remove the call"),
            _ => format!("set `{name}` to false, or remove the setting"),
        };
        let offers = if read_by_framework(setting.origin) {
            offers_with_switch(name, ctx, &turned_off)
        } else {
            // Nothing reads it: the application offers what its target gives it.
            ctx.target
                .default_offers()
                .unwrap_or_else(Offers::system_default)
        };
        let mut found = finding(
            &RULE,
            setting.span.clone(),
            offers.explain(format!("`{name}` set to true {effect}")),
            "switch set to true".to_owned(),
            Some(help),
        );
        found.offers = Some(offers);
        // Restoring the secure default changes what is negotiated: that is the point, and it is
        // still an unsafe fix.
        found.fix = setting
            .value_span
            .as_ref()
            .and_then(|span| switch_to_false(ctx.text, span))
            .map(|edit| Fix::unsafe_(format!("set `{name}` to false"), vec![edit]));
        out.push(found);
    }
    for value in &facts.registry {
        if let Some(Weakening {
            message,
            label,
            help,
            good,
            acts_as,
        }) = registry_weakening(value)
        {
            let offers = match acts_as {
                Some(switch) => offers_with_switch(switch, ctx, &turned_off),
                // The TLS 1.2 client turned off: the Windows 8 - 10 client default without it.
                None => Offers::versions(TLS10 | TLS11 | TLS12).without(TLS12),
            };
            let mut found = finding(
                &RULE,
                value.span.clone(),
                offers.explain(message),
                label.to_owned(),
                Some(help.to_owned()),
            );
            found.offers = Some(offers);
            // Registry fixes change every program on the machine: unsafe.
            found.fix = registry_value(ctx.text, value, good)
                .map(|edit| Fix::unsafe_(help.to_owned(), vec![edit]));
            out.push(found);
        }
    }
}

const STRONG_CRYPTO: &str = "Switch.System.Net.DontEnableSchUseStrongCrypto";
const SYSTEM_DEFAULT: &str = "Switch.System.Net.DontEnableSystemDefaultTlsVersions";
const WCF_MESSAGE_SECURITY: &str =
    "Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols";

/// What the file's application offers with switch `name` set to true and nothing else
/// configured (domain.md §2.2, §3.1), which decides whether the switch takes TLS 1.2 away:
///
/// - no strong crypto: SSL 3.0 + TLS 1.0 unless the OS chooses (4.7+, or an opt-in that enables
///   the OS default). An unknown target counts as one that needs strong crypto: the switch
///   only changes anything below 4.7.
/// - no OS default: the framework's TLS 1.0 - 1.2 list where strong crypto is on (4.6+, or
///   below with an opt-in), SSL 3.0 + TLS 1.0 otherwise.
/// - WCF message security without `SecurityProtocol`: TLS 1.0 at most.
/// - WCF net.tcp without the OS default: TLS 1.0 - 1.2.
///
/// None of the switches exist on modern .NET: the OS default stays. `turned_off`: the switches
/// the same file turns off (with `name`); strong crypto and the OS default both off leave
/// SSL 3.0 + TLS 1.0 on any .NET Framework target.
fn offers_with_switch(name: &str, ctx: &FileContext, turned_off: &[&str]) -> Offers {
    let legacy = Offers::versions(SSL3 | TLS10);
    let framework_list = Offers::versions(TLS10 | TLS11 | TLS12);
    let opted_in = ctx.project.is_some_and(|p| !p.opt_ins.is_empty());
    let both_off = turned_off.contains(&STRONG_CRYPTO) && turned_off.contains(&SYSTEM_DEFAULT);
    match (name, ctx.target) {
        (_, Target::Modern) => Offers::system_default(),
        (STRONG_CRYPTO | SYSTEM_DEFAULT, _) if both_off => legacy,
        (STRONG_CRYPTO, target) => {
            let os_chooses = target.os_decides() == Some(true)
                || ctx.project.is_some_and(|p| p.enables_system_default());
            if os_chooses {
                Offers::system_default()
            } else {
                legacy
            }
        }
        (SYSTEM_DEFAULT, Target::Framework(version))
            if version < FrameworkVersion::V4_6 && !opted_in =>
        {
            legacy
        }
        (WCF_MESSAGE_SECURITY, _) => Offers::versions(TLS10),
        _ => framework_list,
    }
}

/// A registry value that weakens TLS for every program on the machine.
struct Weakening {
    message: String,
    label: &'static str,
    help: &'static str,
    /// The DWORD that undoes it.
    good: u32,
    /// The AppContext switch it has the effect of, if any (otherwise it turns the TLS 1.2
    /// client off in SCHANNEL).
    acts_as: Option<&'static str>,
}

/// Registry values that weaken TLS for every program on the machine (domain.md §3.3, §3.5, §7.5).
fn registry_weakening(value: &RegistryValue) -> Option<Weakening> {
    let key = normalize_key(&value.key);
    let name = value.name.to_ascii_lowercase();
    let framework_key = key.ends_with("\\MICROSOFT\\.NETFRAMEWORK\\V4.0.30319")
        || key.ends_with("\\MICROSOFT\\.NETFRAMEWORK\\V2.0.50727");
    match (&value.data, name.as_str()) {
        (RegistryData::Dword(0), "schusestrongcrypto") if framework_key => Some(Weakening {
            message: "`SchUseStrongCrypto`=0 turns strong cryptography off for every .NET Framework application on the machine, even those targeting 4.6+".to_owned(),
            label: "strong crypto off machine-wide",
            help: "set `\"SchUseStrongCrypto\"=dword:00000001`",
            good: 1,
            acts_as: Some(STRONG_CRYPTO),
        }),
        (RegistryData::Dword(0), "systemdefaulttlsversions") if framework_key => Some(Weakening {
            message: "`SystemDefaultTlsVersions`=0 stops every .NET Framework application on the machine from using the OS default TLS versions".to_owned(),
            label: "OS default TLS versions off machine-wide",
            help: "set `\"SystemDefaultTlsVersions\"=dword:00000001`",
            good: 1,
            acts_as: Some(SYSTEM_DEFAULT),
        }),
        (RegistryData::Dword(0), "enabled") if key.ends_with("\\SCHANNEL\\PROTOCOLS\\TLS 1.2\\CLIENT") => Some(Weakening {
            message: "`Enabled`=0 under `TLS 1.2\\Client` disables TLS 1.2 for every client program on the machine".to_owned(),
            label: "TLS 1.2 client disabled",
            help: "set `\"Enabled\"=dword:00000001` (and `\"DisabledByDefault\"=dword:00000000`)",
            good: 1,
            acts_as: None,
        }),
        (RegistryData::Dword(1), "disabledbydefault") if key.ends_with("\\SCHANNEL\\PROTOCOLS\\TLS 1.2\\CLIENT") => Some(Weakening {
            message: "`DisabledByDefault`=1 under `TLS 1.2\\Client`: programs that use the OS default get no TLS 1.2".to_owned(),
            label: "TLS 1.2 off by default",
            help: "set `\"DisabledByDefault\"=dword:00000000`",
            good: 0,
            acts_as: None,
        }),
        (RegistryData::String(data), _) if key.ends_with("\\MICROSOFT\\.NETFRAMEWORK\\APPCONTEXT") && data.trim().eq_ignore_ascii_case("true") => {
            let (switch, effect) = WEAKENING_SWITCHES.iter().find(|(switch, _)| *switch == value.name)?;
            Some(Weakening {
                message: format!("`{switch}`=true in the registry {effect}, for every .NET Framework application on the machine"),
                label: "switch set to true machine-wide",
                help: "set it to `\"false\"`, or delete the value",
                good: 0,
                acts_as: Some(*switch),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lang::FileKind;
    use crate::rules::FileContext;
    use crate::rules::test_support::{in_method, in_vb_sub, run, run_vb, spans};
    use crate::target::{FrameworkVersion, Target};

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

    #[test]
    fn config_runtimeconfig_msbuild_and_registry_sources() {
        use crate::lang::{FileKind, analyze_markup};
        let run = |kind: FileKind, name: &str, text: &str| {
            let facts = analyze_markup(kind, text, name).unwrap();
            let ctx = crate::rules::FileContext {
                text,
                kind,
                target: Target::Unknown,
                project: None,
                fix_target: crate::target::FrameworkVersion::V4_8,
            };
            let mut out = Vec::new();
            (super::CHECKS.file)(&ctx, &facts, &mut out);
            out.into_iter()
                .map(|f| text[f.span].to_owned())
                .collect::<Vec<_>>()
        };
        let app = "<configuration><runtime><AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSchUseStrongCrypto=true;Switch.System.Net.DontEnableSystemDefaultTlsVersions=false\"/></runtime>\n<appSettings><add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSystemDefaultTlsVersions\" value=\"true\"/></appSettings></configuration>";
        assert_eq!(
            run(FileKind::Config, "App.config", app),
            ["Switch.System.Net.DontEnableSchUseStrongCrypto=true"]
        );
        let web = app.replace("runtime>", "ignored>");
        assert_eq!(
            run(FileKind::Config, "Web.config", &web).len(),
            1,
            "appSettings form in web.config"
        );
        let template = "{\"configProperties\": {\"Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions\": true}}";
        assert_eq!(
            run(
                FileKind::RuntimeConfig,
                "runtimeconfig.template.json",
                template
            )
            .len(),
            1
        );
        let project = "<Project><ItemGroup><RuntimeHostConfigurationOption Include=\"Switch.System.Net.DontEnableSchUseStrongCrypto\" Value=\"true\" /></ItemGroup></Project>";
        assert_eq!(run(FileKind::MsBuild, "App.csproj", project).len(), 1);
        let reg = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319]\r\n\"SchUseStrongCrypto\"=dword:00000000\r\n\"SystemDefaultTlsVersions\"=dword:00000001\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client]\r\n\"Enabled\"=dword:00000000\r\n\"DisabledByDefault\"=dword:00000001\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\AppContext]\r\n\"Switch.System.Net.DontEnableSystemDefaultTlsVersions\"=\"true\"\r\n";
        assert_eq!(
            run(FileKind::Registry, "tls.reg", reg),
            [
                "\"SchUseStrongCrypto\"=dword:00000000",
                "\"Enabled\"=dword:00000000",
                "\"DisabledByDefault\"=dword:00000001",
                "\"Switch.System.Net.DontEnableSystemDefaultTlsVersions\"=\"true\""
            ]
        );
    }

    /// The set each finding judged, for a file of `kind` checked against `target`.
    fn offers(kind: FileKind, text: &str, target: Target) -> Vec<Vec<&'static str>> {
        let facts = match kind {
            FileKind::CSharp => {
                crate::lang::csharp::analyze(text, &[])
                    .expect("parses")
                    .facts
            }
            _ => crate::lang::analyze_markup(kind, text, "file").expect("reads"),
        };
        let ctx = FileContext {
            text,
            kind,
            target,
            project: None,
            fix_target: FrameworkVersion::V4_8,
        };
        let mut out = Vec::new();
        (super::CHECKS.file)(&ctx, &facts, &mut out);
        out.iter()
            .map(|f| f.offers.expect("TLS004 judges a set").members())
            .collect()
    }

    fn switch_offers(name: &str, target: Target) -> Vec<&'static str> {
        let code = in_method(&format!("AppContext.SetSwitch(\"{name}\", true);"));
        offers(FileKind::CSharp, &code, target).remove(0)
    }

    #[test]
    fn strong_crypto_off_takes_tls12_away_where_the_os_does_not_choose() {
        let name = "Switch.System.Net.DontEnableSchUseStrongCrypto";
        let fw = |minor, patch| Target::Framework(FrameworkVersion::new(4, minor, patch));
        assert_eq!(switch_offers(name, fw(6, 2)), ["ssl3", "tls1.0"]);
        assert_eq!(switch_offers(name, Target::Unknown), ["ssl3", "tls1.0"]);
        assert_eq!(switch_offers(name, fw(7, 2)), ["system-default"]);
        // The switches do not exist on modern .NET.
        assert_eq!(switch_offers(name, Target::Modern), ["system-default"]);
        let message = &run(
            &RULE,
            fw(8, 0),
            &in_method(&format!("AppContext.SetSwitch(\"{name}\", true);")),
        )[0]
        .1;
        assert!(
            message.ends_with("; the OS default stays enabled here"),
            "{message}"
        );
    }

    #[test]
    fn other_switches_keep_or_cap_the_framework_list() {
        let fw = |minor, patch| Target::Framework(FrameworkVersion::new(4, minor, patch));
        let system_default = "Switch.System.Net.DontEnableSystemDefaultTlsVersions";
        assert_eq!(
            switch_offers(system_default, fw(8, 0)),
            ["tls1.0", "tls1.1", "tls1.2"]
        );
        assert_eq!(switch_offers(system_default, fw(5, 2)), ["ssl3", "tls1.0"]);
        assert_eq!(
            switch_offers(
                "Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols",
                fw(8, 0)
            ),
            ["tls1.0"]
        );
        assert_eq!(
            switch_offers(
                "Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions",
                fw(8, 0)
            ),
            ["tls1.0", "tls1.1", "tls1.2"]
        );
    }

    #[test]
    fn both_system_net_switches_off_in_one_file_break_any_framework_target() {
        let config = "<configuration>\n  <runtime>\n    <AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSchUseStrongCrypto=true;Switch.System.Net.DontEnableSystemDefaultTlsVersions=true\" />\n  </runtime>\n</configuration>\n";
        let legacy = vec!["ssl3", "tls1.0"];
        assert_eq!(
            offers(
                FileKind::Config,
                config,
                Target::Framework(FrameworkVersion::V4_8)
            ),
            [legacy.clone(), legacy]
        );
    }

    #[test]
    fn switches_only_modern_dotnet_reads_change_nothing() {
        let json = "{\n  \"configProperties\": {\n    \"Switch.System.Net.DontEnableSchUseStrongCrypto\": true\n  }\n}\n";
        let kind = FileKind::RuntimeConfig;
        assert_eq!(
            offers(kind, json, Target::Framework(FrameworkVersion::V4_6_2)),
            [["tls1.0", "tls1.1", "tls1.2"]]
        );
        assert_eq!(
            offers(kind, json, Target::Framework(FrameworkVersion::V4_8)),
            [["system-default"]]
        );
        assert_eq!(offers(kind, json, Target::Unknown), [["system-default"]]);
    }

    #[test]
    fn registry_weakenings_judge_the_machine() {
        let text = "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\n\"SchUseStrongCrypto\"=dword:00000000\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client]\n\"Enabled\"=dword:00000000\n";
        assert_eq!(
            offers(FileKind::Registry, text, Target::Unknown),
            [vec!["ssl3", "tls1.0"], vec!["tls1.0", "tls1.1"]]
        );
    }

    #[test]
    fn vb_set_switch() {
        let found: Vec<String> = run_vb(
            &RULE,
            Target::Unknown,
            &in_vb_sub(
                r#"        AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", True)
        AppContext.SetSwitch("Switch.System.Net.DontEnableSystemDefaultTlsVersions", False)
        ' AppContext.SetSwitch("Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions", True)"#,
            ),
        )
        .into_iter()
        .map(|(code, _)| code)
        .collect();
        assert_eq!(
            found,
            ["AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", True)"]
        );
    }
}
