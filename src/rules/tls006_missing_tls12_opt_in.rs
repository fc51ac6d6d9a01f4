//! TLS006 missing-tls12-opt-in.

use super::{Precision, ProjectContext, RuleMeta, no_file_check, project_finding};
use crate::diagnostic::{Finding, Severity};
use crate::project::{Project, ProjectKind, TargetSource};
use crate::target::{FrameworkVersion, Target};

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS006",
    name: "missing-tls12-opt-in",
    summary: "an application whose target offers no TLS 1.2 by default never opts in to TLS 1.2",
    default_severity: Severity::Error,
    explanation: EXPLANATION,
    precision: Precision::High,
    security_severity: "7.5",
    tags: &["security", "external/cwe/cwe-327", "external/cwe/cwe-757"],
    languages: &["C#", "VB.NET", "MSBuild", ".NET config", "registry file"],
    since: "0.1.0",
    check: no_file_check,
    check_project: Some(check_project),
};

const EXPLANATION: &str = r#"## What it does
Flags an application (exe, WinExe, ASP.NET web application or web site) whose effective target
is .NET Framework 4.5.2 or below, including ASP.NET's 4.0 quirks mode (no
`<httpRuntime targetFramework>`) and old-style projects that name no target, when nothing in the
application opts in to TLS 1.2. One finding per such target, on the element that sets it (the
project's target framework; for web applications the `<httpRuntime>` element).

The opt-ins that count (domain reference §5.1):
- code in the project that assigns `ServicePointManager.SecurityProtocol` (`=` or `|=`) a value
  including `Tls12`, `Tls13` or 3072;
- `AppContext.SetSwitch("Switch.System.Net.DontEnableSystemDefaultTlsVersions", false)` or
  `…DontEnableSchUseStrongCrypto`, false;
- the same switches set to `false` in an exe's `App.config` `<AppContextSwitchOverrides>`, or in a
  web application's root `web.config` as `<appSettings>` keys `AppContext.SetSwitch:…`;
- a `.reg` file in the repository that sets `SchUseStrongCrypto` or `SystemDefaultTlsVersions`
  to 1.

Libraries are never flagged (the host decides; TLS005 still reports their targets), and an
opt-in inside a library does not clear an application's finding. 4.6 - 4.6.2 targets already
offer TLS 1.2 and are not flagged here.

## Why is this bad?
With such a target and nothing configured, .NET Framework offers SSL 3.0 and TLS 1.0 only. A
server that retired TLS 1.0/1.1 refuses the connection: the application stops working the day
its dependency switches TLS 1.0 off.

## Example
```xml
<!-- LegacyTool.csproj: an exe -->
<OutputType>Exe</OutputType>
<TargetFrameworkVersion>v4.5</TargetFrameworkVersion>
```

## Use instead
```xml
<!-- App.config -->
<configuration>
  <runtime>
    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSystemDefaultTlsVersions=false;Switch.System.Net.DontEnableSchUseStrongCrypto=false" />
  </runtime>
</configuration>
```
or retarget to .NET Framework 4.7 or later. For an ASP.NET application, add the two switches as
`<appSettings>` keys (`<add key="AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto" value="false" />`)
or set `<httpRuntime targetFramework="4.8" />`.

## Fix
Every remedy changes which versions are negotiated (that is the point), so the fixes are
unsafe. `ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12` at startup only
covers `HttpWebRequest`-based clients, not `SslStream` short overloads or WCF net.tcp; the
switches cover everything.

## References
- [Transport Layer Security (TLS) best practices with .NET Framework](https://learn.microsoft.com/dotnet/framework/network-programming/tls)
- [AppContextSwitchOverrides element](https://learn.microsoft.com/dotnet/framework/configure-apps/file-schema/runtime/appcontextswitchoverrides-element)
- [Migrate client code to TLS 1.2 in Batch](https://learn.microsoft.com/azure/batch/batch-tls-101-migration-guide)
"#;

fn check_project(ctx: &ProjectContext, out: &mut Vec<(usize, Finding)>) {
    for (index, project) in ctx.model.projects.iter().enumerate() {
        if !project.kind.is_application() || !project.opt_ins.is_empty() {
            continue;
        }
        for target in &project.targets {
            let Target::Framework(version) = target.target else {
                continue;
            };
            if version > FrameworkVersion::V4_5_2 {
                continue;
            }
            let Some((file, span)) = target.location.clone() else {
                continue;
            };
            out.push((
                file,
                project_finding(
                    &RULE,
                    index,
                    span,
                    message(project, target.source, version),
                    "no TLS 1.2 by default".to_owned(),
                    Some(help(project, version)),
                ),
            ));
        }
    }
}

fn message(project: &Project, source: TargetSource, version: FrameworkVersion) -> String {
    let what = match (project.kind, source) {
        (_, TargetSource::QuirksMode) => {
            "this ASP.NET application runs in .NET Framework 4.0 quirks mode".to_owned()
        }
        (ProjectKind::Web, TargetSource::HttpRuntime) => {
            format!("this ASP.NET application runs with .NET Framework {version} defaults")
        }
        (_, TargetSource::NoTfm) => {
            "this application names no target framework (MSBuild defaults to 4.0)".to_owned()
        }
        (ProjectKind::Web, _) => format!("this web application targets .NET Framework {version}"),
        _ => format!("this application targets .NET Framework {version}"),
    };
    format!(
        "{what} and nothing opts in to TLS 1.2: it offers SSL 3.0 and TLS 1.0 only, which TLS 1.2-only servers refuse"
    )
}

fn help(project: &Project, version: FrameworkVersion) -> String {
    if version < FrameworkVersion::V4_0 {
        return "retarget to .NET Framework 4.7 or later; on 3.5, set `ServicePointManager.SecurityProtocol = (SecurityProtocolType)3072` at startup (needs the TLS 1.2 update for .NET 3.5) or set `SystemDefaultTlsVersions`=1 under `.NETFramework\\v2.0.50727`".to_owned();
    }
    match project.kind {
        ProjectKind::Web if project.web_config.is_some() => "set `<httpRuntime targetFramework=\"4.8\" />`, or add `<appSettings>` keys `AppContext.SetSwitch:Switch.System.Net.DontEnableSystemDefaultTlsVersions` and `AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto` with value `false` (ASP.NET ignores `AppContextSwitchOverrides`)".to_owned(),
        _ => "add `<AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSystemDefaultTlsVersions=false;Switch.System.Net.DontEnableSchUseStrongCrypto=false\" />` to App.config's `<runtime>`, or retarget to .NET Framework 4.7 or later".to_owned(),
    }
}
