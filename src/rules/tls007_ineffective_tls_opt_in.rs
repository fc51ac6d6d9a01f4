//! TLS007 ineffective-tls-opt-in.

use super::{Checks, FileContext, Precision, RuleMeta, finding};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{FileFacts, Ineffective, ProtocolWrite, Sink, Span, WriteOp};
use crate::fix::text::{Separator, member, numeric};
use crate::fix::{Edit, Fix, xml};
use crate::lang::FileKind;
use crate::protocol::{ProtocolEnum, TLS12};
use crate::target::{FrameworkVersion, Target};

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS007",
    name: "ineffective-tls-opt-in",
    summary: "a TLS setting that does not do what its author thinks (ignored, or throws on this target)",
    default_severity: Severity::Warning,
    explanation: EXPLANATION,
    precision: Precision::High,
    security_severity: "5.3",
    tags: &["security", "correctness", "external/cwe/cwe-757"],
    languages: &["C#", "VB.NET", ".NET config"],
    since: "0.1.0",
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: check,
    project: None,
};

const EXPLANATION: &str = r#"## What it does
Flags TLS settings that look like opt-ins but are not:
- `<AppContextSwitchOverrides>` in a `web.config` that sets one of the TLS switches: ASP.NET
  ignores the element (it is read for executables only), so it is not counted as an opt-in;
- `ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault` (or 0) in a project
  whose effective target is .NET Framework 4.6.2 or below, unless the project also turns the
  system-default switch on;
- the `System.Net.ServicePointManager.SecurityProtocol` `<appSettings>` key, which only patched
  .NET Framework 4.5.x runtimes read.

## Why is this bad?
Each looks like it enables TLS 1.2 and does nothing, or worse: on targets up to 4.6.2 the OS
default is disabled, and passing `SystemDefault` (0) to a connection throws `ArgumentException`
at the first HTTPS request.

## Example
```xml
<!-- web.config -->
<runtime>
  <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSystemDefaultTlsVersions=false" />
</runtime>
```
```csharp
// Project targets .NET Framework 4.6.1
ServicePointManager.SecurityProtocol = (SecurityProtocolType)0;
```

## Use instead
```xml
<appSettings>
  <add key="AppContext.SetSwitch:Switch.System.Net.DontEnableSystemDefaultTlsVersions" value="false" />
</appSettings>
```
```csharp
ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
```

## Fix
Moving the switches from `<AppContextSwitchOverrides>` to `<appSettings>` makes them take effect,
which changes behaviour (unsafe). Replacing `SystemDefault` with `|= Tls12` on a 4.6.2-or-older
target turns a crash into a working TLS 1.2 connection.

## References
- [AppContextSwitchOverrides element (ASP.NET form)](https://learn.microsoft.com/dotnet/framework/configure-apps/file-schema/runtime/appcontextswitchoverrides-element)
- [Transport Layer Security (TLS) best practices with .NET Framework](https://learn.microsoft.com/dotnet/framework/network-programming/tls)
"#;

fn check(ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    for item in &facts.ineffective {
        match item {
            Ineffective::SwitchOverridesInWebConfig { span, switches } => {
                let names: Vec<String> = switches.iter().map(|(name, value)| format!("`{name}={value}`")).collect();
                let keys: Vec<String> = switches
                    .iter()
                    .map(|(name, value)| format!("`<add key=\"AppContext.SetSwitch:{name}\" value=\"{value}\" />`"))
                    .collect();
                let mut found = finding(
                    &RULE,
                    span.clone(),
                    format!("ASP.NET ignores `<AppContextSwitchOverrides>` in web.config, so {} has no effect", names.join(", ")),
                    "ignored by ASP.NET".to_owned(),
                    Some(format!("move the switches to `<appSettings>`: {}", keys.join(" "))),
                );
                found.fix = move_to_app_settings(ctx.text, span, switches);
                out.push(found);
            }
            Ineffective::SecurityProtocolAppSetting { span } => out.push(finding(
                &RULE,
                span.clone(),
                "the `System.Net.ServicePointManager.SecurityProtocol` appSetting is read only by patched .NET Framework 4.5.x runtimes; current runtimes ignore it".to_owned(),
                "ignored by current runtimes".to_owned(),
                Some("use the AppContext switches (`AppContext.SetSwitch:` appSettings keys in web.config, `AppContextSwitchOverrides` in App.config) or target .NET Framework 4.7+".to_owned()),
            )),
        }
    }
    let Target::Framework(version) = ctx.target else {
        return;
    };
    if version >= FrameworkVersion::V4_7 || ctx.project.is_some_and(|p| p.enables_system_default())
    {
        return;
    }
    // The additive opt-in, in the file's language (VB has no `|=`).
    let addition = match ctx.kind {
        FileKind::VisualBasic => {
            "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls12"
        }
        _ => "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12",
    };
    for write in &facts.writes {
        let s = &write.summary;
        let system_default = write.sink == Sink::SecurityProtocol
            && write.op == WriteOp::Set
            && !s.unknown
            && !s.self_ref
            && s.bits == 0;
        if !system_default {
            continue;
        }
        let mut found = finding(
            &RULE,
            write.value.clone(),
            format!(
                "`SystemDefault` (0) on a .NET Framework {version} target throws at the first HTTPS request: the OS default is disabled below 4.7"
            ),
            "throws on this target".to_owned(),
            Some(format!(
                "use `{addition}`, or turn the OS default on with `Switch.System.Net.DontEnableSystemDefaultTlsVersions=false`"
            )),
        );
        // The fix quotes the assignment's target from the statement.
        if facts.fixable(write) && facts.statement_editable(write) {
            found.fix = add_tls12(ctx, write, version);
        }
        out.push(found);
    }
}

/// Moves the switches of a web.config `<AppContextSwitchOverrides>` to `<appSettings>` keys,
/// where ASP.NET reads them. Unsafe: the switches start to take effect.
fn move_to_app_settings(text: &str, element: &Span, switches: &[(String, bool)]) -> Option<Fix> {
    let switches: Vec<(&str, bool)> = switches
        .iter()
        .map(|(name, value)| (name.as_str(), *value))
        .collect();
    let mut edits = xml::web_config_switches(text, &switches)?;
    edits.push(Edit::replace(xml::remove_element(text, element), ""));
    Some(Fix::unsafe_(
        "move the switches to `<appSettings>` keys `AppContext.SetSwitch:…`",
        edits,
    ))
}

/// `SecurityProtocol = SystemDefault` on a 4.6.2-or-older target becomes an addition of TLS
/// 1.2 to what the framework enables (`… = ServicePointManager.SecurityProtocol | Tls12`).
fn add_tls12(ctx: &FileContext, write: &ProtocolWrite, version: FrameworkVersion) -> Option<Fix> {
    let text = ctx.text;
    let before_value = text.get(write.statement.start..write.value.start)?;
    let equals = before_value.rfind('=')?;
    let target = before_value[..equals].trim();
    if target.is_empty() {
        return None;
    }
    let operand = write.operands.first().map_or("", |o| o.text.as_str());
    let tls12 = if version < FrameworkVersion::V4_5 {
        numeric(operand, ProtocolEnum::SecurityProtocolType, TLS12, ctx.kind)
    } else {
        member(
            operand,
            ProtocolEnum::SecurityProtocolType,
            "Tls12",
            ctx.kind,
        )
    };
    let joiner = if Separator::for_code(ctx.kind) == Separator::Or {
        " Or "
    } else {
        " | "
    };
    let new = format!("{target}{joiner}{tls12}");
    Some(Fix::unsafe_(
        format!("add TLS 1.2 instead: `{new}`"),
        vec![Edit::replace(write.value.clone(), new)],
    ))
}

#[cfg(test)]
mod tests {
    use crate::lang::{FileKind, csharp, vb};
    use crate::rules::FileContext;
    use crate::rules::test_support::{in_method, in_vb_sub};
    use crate::target::{FrameworkVersion, Target};

    const NET461: Target = Target::Framework(FrameworkVersion::new(4, 6, 1));

    fn help(kind: FileKind, source: &str) -> Vec<String> {
        let facts = match kind {
            FileKind::VisualBasic => vb::analyze(source).expect("parses"),
            _ => csharp::analyze(source, &[]).expect("parses").facts,
        };
        let ctx = FileContext {
            text: source,
            kind,
            target: NET461,
            fix_target: FrameworkVersion::V4_8,
            project: None,
        };
        let mut out = Vec::new();
        (super::CHECKS.file)(&ctx, &facts, &mut out);
        out.into_iter().filter_map(|f| f.help).collect()
    }

    #[test]
    fn system_default_help_is_written_in_the_file_language() {
        let cs = help(
            FileKind::CSharp,
            &in_method(
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;",
            ),
        );
        assert_eq!(cs.len(), 1);
        assert!(cs[0].contains("|= SecurityProtocolType.Tls12"), "{}", cs[0]);
        let vb = help(
            FileKind::VisualBasic,
            &in_vb_sub("ServicePointManager.SecurityProtocol = 0"),
        );
        assert_eq!(vb.len(), 1);
        assert!(
            vb[0].contains("ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls12"),
            "{}",
            vb[0]
        );
    }
}
