//! TLS005 legacy-target-framework.

use std::collections::BTreeSet;

use super::{FileContext, Precision, ProjectContext, RuleMeta, finding, project_finding};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{FileFacts, TargetDecl, TargetKind};
use crate::project::{ProjectKind, TargetSource};
use crate::target::{FrameworkVersion, Target, Tfm};

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS005",
    name: "legacy-target-framework",
    summary: "a project or config targets .NET Framework below 4.7, where the framework (not the OS) picks TLS versions",
    default_severity: Severity::Warning,
    explanation: EXPLANATION,
    precision: Precision::VeryHigh,
    security_severity: "5.3",
    tags: &["security", "external/cwe/cwe-327", "external/cwe/cwe-757"],
    languages: &["MSBuild", ".NET config"],
    since: "0.1.0",
    check,
    check_project: Some(check_project),
};

const EXPLANATION: &str = r#"## What it does
Flags every place that makes code run with the TLS defaults of a .NET Framework version below
4.7:
- `<TargetFrameworkVersion>v4.5</TargetFrameworkVersion>` (v2.0 … v4.6.2) in old-style projects;
- each legacy TFM (`net20` … `net462`) in `<TargetFramework>`/`<TargetFrameworks>`, located on
  that TFM, also when it reaches the project through a `$(Property)` defined in the same file or
  an imported `Directory.Build.props`;
- `<httpRuntime targetFramework="4.5">` below 4.7 in a `web.config`, and an ASP.NET
  application's root `web.config` whose `<system.web>` has no `httpRuntime targetFramework`:
  ASP.NET then runs it in 4.0 quirks mode, whatever the project targets;
- `<supportedRuntime sku=".NETFramework,Version=v4.5">` below 4.7.

4.7 and later, .NET Standard, .NET Core and .NET 5+ are fine. Conditional values and properties
that cannot be resolved without running MSBuild are not findings. `Web.*.config` transforms,
nested `web.config` files (MVC `Views/Web.config`), ASP.NET Core `web.config` files and
`packages.config` are never judged for quirks mode.

## Why is this bad?
The target framework decides what a .NET Framework process offers when nothing is configured:
- 4.5.2 and below (and a missing target): SSL 3.0 and TLS 1.0 only, no TLS 1.2, so TLS
  1.2-only servers refuse the connection;
- 4.6 - 4.6.2: TLS 1.0 - 1.2 from a list fixed by the framework: it works, but the legacy
  versions stay on and TLS 1.3 depends on the runtime;
- 4.7 and later: the operating system decides, which is what Microsoft recommends.

## Example
```xml
<TargetFrameworkVersion>v4.5</TargetFrameworkVersion>
<TargetFrameworks>net45;netstandard2.0</TargetFrameworks>
<httpRuntime targetFramework="4.5" />
```

## Use instead
```xml
<TargetFrameworkVersion>v4.8</TargetFrameworkVersion>
<TargetFrameworks>net48;netstandard2.0</TargetFrameworks>
<httpRuntime targetFramework="4.8" />
```

## Fix
Retargeting changes more than TLS (API availability, ASP.NET quirks, NuGet packages may need a
reinstall), so it is an unsafe fix; for multi-targeting libraries, raising or dropping a TFM is
a product decision. Update `supportedRuntime sku` and `<compilation targetFramework>` together
with the target.

## References
- [Transport Layer Security (TLS) best practices with .NET Framework](https://learn.microsoft.com/dotnet/framework/network-programming/tls)
- [All about httpRuntime targetFramework](https://devblogs.microsoft.com/dotnet/all-about-httpruntime-targetframework/)
- [Target frameworks in SDK-style projects](https://learn.microsoft.com/dotnet/standard/frameworks)
"#;

/// The .NET Framework version a declaration names, if it is one.
fn declared_version(decl: &TargetDecl) -> Option<FrameworkVersion> {
    match decl.kind {
        TargetKind::FrameworkVersion | TargetKind::HttpRuntime => {
            FrameworkVersion::parse_dotted(&decl.value)
        }
        TargetKind::Moniker | TargetKind::SupportedRuntime => match Tfm::parse(&decl.value) {
            Tfm::Framework(version) => Some(version),
            _ => None,
        },
    }
}

fn message(kind: TargetKind, value: &str, version: FrameworkVersion) -> String {
    let defaults = version.default_protocols();
    match kind {
        TargetKind::FrameworkVersion | TargetKind::Moniker => {
            format!(
                "`{value}` targets .NET Framework {version}, which by default offers {defaults}"
            )
        }
        TargetKind::HttpRuntime => {
            format!(
                "ASP.NET runs this application with .NET Framework {version} defaults: {defaults}"
            )
        }
        TargetKind::SupportedRuntime => {
            format!(
                "`supportedRuntime` names .NET Framework {version}, which by default offers {defaults}"
            )
        }
    }
}

const HELP: &str =
    "target .NET Framework 4.7 or later (4.8 recommended), where the OS chooses the TLS versions";

fn check(ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    for decl in &facts.targets {
        let Some(version) = declared_version(decl) else {
            continue;
        };
        // A .NET Core / .NET 5+ project never reads `supportedRuntime` or `httpRuntime`: a stale
        // App.config left over from a migration changes nothing.
        let config_only = matches!(
            decl.kind,
            TargetKind::SupportedRuntime | TargetKind::HttpRuntime
        );
        if config_only && ctx.target == Target::Modern {
            continue;
        }
        if version >= FrameworkVersion::V4_7 {
            continue;
        }
        out.push(finding(
            &RULE,
            decl.span.clone(),
            message(decl.kind, &decl.value, version),
            format!(".NET Framework {version}"),
            Some(HELP.to_owned()),
        ));
    }
}

fn check_project(ctx: &ProjectContext, out: &mut Vec<(usize, Finding)>) {
    for (index, project) in ctx.model.projects.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for ((file, span), version) in &project.indirect_targets {
            if *version >= FrameworkVersion::V4_7 || !seen.insert((*file, span.start, span.end)) {
                continue;
            }
            let value = ctx.texts[*file]
                .and_then(|text| text.get(span.clone()))
                .unwrap_or("");
            out.push((
                *file,
                project_finding(
                    &RULE,
                    index,
                    span.clone(),
                    message(TargetKind::Moniker, value, *version),
                    format!(".NET Framework {version}"),
                    Some(HELP.to_owned()),
                ),
            ));
        }
        if project.kind != ProjectKind::Web {
            continue;
        }
        for target in &project.targets {
            let (TargetSource::QuirksMode, Some((file, span)), Target::Framework(version)) =
                (target.source, &target.location, target.target)
            else {
                continue;
            };
            if !seen.insert((*file, span.start, span.end)) {
                continue;
            }
            out.push((
                *file,
                project_finding(
                    &RULE,
                    index,
                    span.clone(),
                    format!(
                        "no `<httpRuntime targetFramework>`: ASP.NET runs this application in .NET Framework {version} quirks mode, which by default offers {}",
                        version.default_protocols()
                    ),
                    "4.0 quirks mode".to_owned(),
                    Some("add `targetFramework=\"4.8\"` (the version the application is built and tested for) to `<httpRuntime>`".to_owned()),
                ),
            ));
        }
    }
}
