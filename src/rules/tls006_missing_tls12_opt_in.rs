//! TLS006 missing-tls12-opt-in.

use super::{Checks, Precision, ProjectContext, RuleMeta, no_file_check, project_finding};
use crate::diagnostic::{Finding, Severity};
use crate::fix::{Edit, EditFile, Fix, xml};
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
    languages: &[
        "C#",
        "VB.NET",
        "MSBuild",
        ".NET config",
        "registry file",
        "PowerShell",
    ],
    since: "0.1.0",
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: no_file_check,
    project: Some(check_project),
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
            // A target only some builds have (`'$(Configuration)' == 'Debug'`) says so.
            let condition = project
                .indirect_targets
                .iter()
                .find(|t| t.origin.0 == file && t.origin.1 == span)
                .and_then(|t| t.condition.as_deref());
            let mut found = project_finding(
                &RULE,
                index,
                span,
                message(project, target.source, version, condition),
                "no TLS 1.2 by default".to_owned(),
                Some(help(project, version)),
            );
            // What the target gives it: SSL 3.0 and TLS 1.0.
            found.offers = target.target.default_offers();
            found.fix = opt_in_fix(ctx, index, file, version);
            out.push((file, found));
        }
    }
}

/// An edit target: the finding's own file, or another one.
fn edit_file(ctx: &ProjectContext, finding_file: usize, file: usize) -> EditFile {
    if file == finding_file {
        EditFile::Same
    } else {
        ctx.edit_file(file)
    }
}

/// Opts the application in to TLS 1.2 with the two AppContext switches set to false: in the
/// root `web.config`'s `<appSettings>` for a System.Web application (ASP.NET ignores
/// `AppContextSwitchOverrides`), in the exe's `App.config` otherwise (created, and added to an
/// old-style project, when there is none). Unsafe: it changes what is negotiated. None for .NET
/// 3.5 targets (CLR 2 has no switches).
fn opt_in_fix(
    ctx: &ProjectContext,
    index: usize,
    finding_file: usize,
    version: FrameworkVersion,
) -> Option<Fix> {
    if version < FrameworkVersion::V4_0 {
        return None;
    }
    let project = &ctx.model.projects[index];
    let system_web = project.web_config.filter(|&i| {
        ctx.files[i]
            .facts
            .config
            .as_ref()
            .is_some_and(|c| c.system_web.is_some() && !c.asp_net_core)
    });
    if let Some(config) = system_web {
        let edits = xml::web_config_switches(ctx.text(config)?, &xml::OPT_IN_SWITCHES)?;
        let file = edit_file(ctx, finding_file, config);
        return Some(Fix::unsafe_(
            "add `<appSettings>` keys `AppContext.SetSwitch:Switch.System.Net.DontEnableSystemDefaultTlsVersions` and `…DontEnableSchUseStrongCrypto` = false",
            edits
                .into_iter()
                .map(|e| Edit::in_file(file.clone(), e.span, e.content))
                .collect(),
        ));
    }
    let description = "add `AppContextSwitchOverrides` with `Switch.System.Net.DontEnableSystemDefaultTlsVersions=false;Switch.System.Net.DontEnableSchUseStrongCrypto=false` to App.config";
    // The App.config beside the project file, whichever project of the folder the model
    // gives it to: two exe projects in one folder build from the same App.config, and their
    // fixes must merge into it (identical edits are applied once), never create a second one.
    let app_config = (0..ctx.files.len()).find(|&i| {
        ctx.files[i].path.parent() == Some(project.folder.as_path())
            && ctx.files[i]
                .path
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("app.config"))
    });
    let mut edits = match app_config {
        Some(config) => {
            let text = ctx.text(config)?;
            let file = edit_file(ctx, finding_file, config);
            xml::app_config_switches(text, &xml::OPT_IN_SWITCHES)?
                .into_iter()
                // An edit that rewrites text as it is (another project's fix already set
                // both switches) is no fix.
                .filter(|e| text.get(e.span.clone()) != Some(e.content.as_str()))
                .map(|e| Edit::in_file(file.clone(), e.span, e.content))
                .collect()
        }
        None => {
            // No App.config yet: create one.
            let project_file = project.file?;
            let style = xml::Style::of(ctx.text(project_file)?);
            let display = match ctx.displays[project_file].rsplit_once('/') {
                Some((folder, _)) => format!("{folder}/App.config"),
                None => "App.config".to_owned(),
            };
            vec![Edit::in_file(
                EditFile::Other {
                    path: project.folder.join("App.config"),
                    display,
                    source: None,
                },
                0..0,
                xml::new_app_config(&xml::OPT_IN_SWITCHES, style.eol),
            )]
        }
    };
    let switches_set = edits.is_empty();
    // An old-style project copies App.config to the output folder as `<exe>.config` only when
    // it lists it (SDK-style projects pick it up by name).
    if let Some(project_file) = project.file
        && ctx.files[project_file]
            .facts
            .msbuild
            .as_ref()
            .is_some_and(|m| m.sdk.is_none())
        && let Some(edit) = ctx.text(project_file).and_then(app_config_item)
    {
        edits.push(Edit::in_file(
            edit_file(ctx, finding_file, project_file),
            edit.span,
            edit.content,
        ));
    }
    if edits.is_empty() {
        return None;
    }
    let description = match (app_config, switches_set) {
        (None, _) => format!("create App.config: {description}"),
        (Some(_), false) => description.to_owned(),
        (Some(_), true) => "list App.config (which sets both switches) in the project, so that it is copied to the output folder as `<exe>.config`".to_owned(),
    };
    Some(Fix::unsafe_(description, edits))
}

/// The edit that lists `App.config` in an old-style project that does not list it yet
/// (`<None Include="App.config" />` in a new `<ItemGroup>`).
fn app_config_item(project_text: &str) -> Option<Edit> {
    let doc = crate::lang::xml::Document::parse(project_text);
    let listed = doc.elements.iter().any(|e| {
        matches!(e.name.as_str(), "None" | "Content")
            && e.attribute_ignore_case("Include").is_some_and(|a| {
                let value = a.value.trim();
                let value = value
                    .strip_prefix(".\\")
                    .or_else(|| value.strip_prefix("./"))
                    .unwrap_or(value);
                value.eq_ignore_ascii_case("App.config")
            })
    });
    if listed {
        return None;
    }
    let root = xml::root(&doc, "Project")?;
    let style = xml::Style::of(project_text);
    let lines = [
        "<ItemGroup>".to_owned(),
        format!("{}<None Include=\"App.config\" />", style.indent),
        "</ItemGroup>".to_owned(),
    ];
    xml::insert_children(project_text, &doc, root, &lines)
}

fn message(
    project: &Project,
    source: TargetSource,
    version: FrameworkVersion,
    condition: Option<&str>,
) -> String {
    let mut what = match (project.kind, source) {
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
    if let Some(condition) = condition {
        what.push_str(&format!(" (conditioned on {condition})"));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_config_is_listed_once() {
        let unlisted = "<Project>\n  <ItemGroup>\n    <Compile Include=\"Program.cs\" />\n  </ItemGroup>\n</Project>\n";
        let edit = app_config_item(unlisted).unwrap();
        let mut fixed = unlisted.to_owned();
        fixed.replace_range(edit.span, &edit.content);
        assert_eq!(
            fixed,
            "<Project>\n  <ItemGroup>\n    <Compile Include=\"Program.cs\" />\n  </ItemGroup>\n  <ItemGroup>\n    <None Include=\"App.config\" />\n  </ItemGroup>\n</Project>\n"
        );
        assert!(app_config_item(&fixed).is_none(), "listed now");
        for listed in [
            "<None Include=\"app.config\" />",
            "<None Include=\".\\App.config\" />",
            "<Content Include=\" App.config \"><SubType>Designer</SubType></Content>",
        ] {
            let text = format!("<Project><ItemGroup>{listed}</ItemGroup></Project>");
            assert!(app_config_item(&text).is_none(), "{listed}");
        }
        // Another folder's App.config is not this project's.
        let other =
            "<Project><ItemGroup><None Include=\"..\\Shared\\App.config\" /></ItemGroup></Project>";
        assert!(app_config_item(other).is_some());
    }
}
