//! TLS005 legacy-target-framework.

use std::collections::BTreeSet;

use super::{Checks, FileContext, Precision, ProjectContext, RuleMeta, finding, project_finding};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{FileFacts, MsBuildStep, Span, TargetDecl, TargetKind};
use crate::fix::xml;
use crate::fix::{Edit, Fix};
use crate::project::{Project, ProjectKind, TargetSource};
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
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: check,
    project: Some(check_project),
};

const EXPLANATION: &str = r#"## What it does
Flags every place that makes code run with the TLS defaults of a .NET Framework version below
4.7:
- `<TargetFrameworkVersion>v4.5</TargetFrameworkVersion>` (v2.0 … v4.6.2) in old-style projects;
- each legacy TFM (`net20` … `net462`) in `<TargetFramework>`/`<TargetFrameworks>`, located on
  that TFM, also when it reaches the project through a `$(Property)` defined in the same file or
  an imported `Directory.Build.props`;
- a target set under a `Condition` that a Windows build of some configuration sees
  (`'$(OS)' == 'Windows_NT'`, `'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'`), unless a
  later value replaces it in every build; the message names the condition;
- `<httpRuntime targetFramework="4.5">` below 4.7 in an ASP.NET application's root
  `web.config` (beside the web project file, or the top `web.config` of a Web Site without
  one), and such a `web.config` whose `<system.web>` has no `httpRuntime targetFramework`:
  ASP.NET then runs it in 4.0 quirks mode, whatever the project targets;
- `<supportedRuntime sku=".NETFramework,Version=v4.5">` below 4.7.

4.7 and later, .NET Standard, .NET Core and .NET 5+ are fine. Values under a condition no
Windows build sees (`'$(OS)' != 'Windows_NT'`), under one that needs MSBuild (`Exists(…)`,
property functions, unknown properties), or for some targets only
(`'$(TargetFramework)' == 'net40'`: a comparison is no declaration), and properties that cannot
be resolved without running MSBuild, are not findings. ASP.NET reads `httpRuntime` only from
the application's root `web.config`, when it creates the application: `Web.*.config`
transforms, `web.config` files in sub-folders (MVC `Views/Web.config`, `setup/web.config`, a
module project inside the application), files with other names (`SQLiteWeb.Config`, a template
copied over `web.config` at install time), ASP.NET Core `web.config` files and
`packages.config` are never judged, neither for their `httpRuntime` nor for quirks mode.

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
    // In a Xamarin, UWP, Silverlight, portable, … project, `TargetFrameworkVersion` is that
    // platform's own version, and its config files are not .NET Framework's (domain.md §4.9).
    // A TFM (`net45` in `TargetFrameworks`) names its framework itself.
    let other_platform = ctx
        .project
        .is_some_and(|project| !project.platform.is_net_framework());
    for decl in &facts.targets {
        if other_platform && decl.kind != TargetKind::Moniker {
            continue;
        }
        // ASP.NET takes `httpRuntime targetFramework` from the application's root `web.config`
        // alone, when it creates the app domain: only the project model knows which file that
        // is, so the project check below judges it (a `setup/web.config`, a template named
        // `SQLiteWeb.Config`, a module's `web.config` decide nothing).
        if decl.kind == TargetKind::HttpRuntime {
            continue;
        }
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
        let mut found = finding(
            &RULE,
            decl.span.clone(),
            message(decl.kind, &decl.value, version),
            format!(".NET Framework {version}"),
            Some(HELP.to_owned()),
        );
        found.fix = retarget(ctx.text, decl, facts, ctx.fix_target);
        out.push(found);
    }
}

/// Retargets a declaration to `to` (unsafe: it changes API availability and every runtime
/// quirk, not only TLS). `httpRuntime` and `<compilation targetFramework>` move together.
fn retarget(text: &str, decl: &TargetDecl, facts: &FileFacts, to: FrameworkVersion) -> Option<Fix> {
    let description = format!("retarget to .NET Framework {to}");
    let edits = match decl.kind {
        TargetKind::FrameworkVersion => vec![Edit::replace(decl.span.clone(), format!("v{to}"))],
        TargetKind::Moniker => return moniker_fix(text, &decl.element, &decl.span, to),
        TargetKind::SupportedRuntime => vec![Edit::replace(
            decl.span.clone(),
            format!(".NETFramework,Version=v{to}"),
        )],
        TargetKind::HttpRuntime => {
            let mut edits = vec![Edit::replace(decl.span.clone(), to.to_string())];
            let compilation = facts
                .config
                .as_ref()
                .and_then(|c| c.compilation_target.clone());
            if let Some(span) = compilation {
                let older = text
                    .get(span.clone())
                    .and_then(FrameworkVersion::parse_dotted)
                    .is_some_and(|v| v < to);
                if older {
                    edits.push(Edit::replace(span, to.to_string()));
                }
            }
            edits
        }
    };
    Some(Fix::unsafe_(description, edits))
}

/// A TFM in a `;` list: replaced by `to`'s moniker, or dropped when the list already has it
/// (or an earlier legacy TFM of the same list becomes it).
fn moniker_fix(text: &str, element: &Span, span: &Span, to: FrameworkVersion) -> Option<Fix> {
    let short = to.short_name();
    let raw = text.get(element.clone())?;
    let inner_start = element.start + raw.find('>')? + 1;
    let inner_end = element.start + raw.rfind("</")?;
    let items = crate::lang::msbuild::split_list(text.get(inner_start..inner_end)?, inner_start);
    let index = items.iter().position(|(_, s)| s == span)?;
    let is_legacy =
        |item: &str| matches!(Tfm::parse(item), Tfm::Framework(v) if v < FrameworkVersion::V4_7);
    let already = items
        .iter()
        .any(|(item, _)| item.eq_ignore_ascii_case(&short));
    let earlier_legacy = items[..index].iter().any(|(item, _)| is_legacy(item));
    if !already && !earlier_legacy {
        return Some(Fix::unsafe_(
            format!("retarget to `{short}`"),
            vec![Edit::replace(span.clone(), short)],
        ));
    }
    let removal = match (
        items.get(index + 1),
        index.checked_sub(1).and_then(|i| items.get(i)),
    ) {
        (Some((_, next)), _) => span.start..next.start,
        (None, Some((_, previous))) => previous.end..span.end,
        (None, None) => return None,
    };
    let name = &text[span.clone()];
    Some(Fix::unsafe_(
        format!("drop `{name}` (the list targets `{short}`)"),
        vec![Edit::replace(removal, "")],
    ))
}

/// Retargets a target that a project reaches indirectly, where it is written: a version keeps
/// its `v`; a TFM written in a target property's own list is replaced or dropped as in that
/// list (`<TargetFrameworks Condition="…">net451;net48</TargetFrameworks>`).
fn indirect_fix(
    ctx: &ProjectContext,
    file: usize,
    text: &str,
    span: &Span,
    value: &str,
    kind: TargetKind,
) -> Option<Fix> {
    let to = ctx.fix_targets[file];
    if kind == TargetKind::FrameworkVersion {
        let v = if value.starts_with(['v', 'V']) {
            "v"
        } else {
            ""
        };
        return Some(Fix::unsafe_(
            format!("retarget to .NET Framework {to}"),
            vec![Edit::replace(span.clone(), format!("{v}{to}"))],
        ));
    }
    let own_list = ctx.files[file].facts.msbuild.as_ref().and_then(|m| {
        m.steps.iter().find_map(|step| match step {
            MsBuildStep::Property(p)
                if crate::lang::msbuild::TARGET_PROPERTIES.contains(&p.name.as_str())
                    && p.value_span
                        .as_ref()
                        .is_some_and(|v| v.start <= span.start && span.end <= v.end) =>
            {
                Some(p.element.clone())
            }
            _ => None,
        })
    });
    if let Some(element) = own_list
        && let Some(fix) = moniker_fix(text, &element, span, to)
    {
        return Some(fix);
    }
    Some(Fix::unsafe_(
        format!("retarget to `{}`", to.short_name()),
        vec![Edit::replace(span.clone(), to.short_name())],
    ))
}

/// The version a quirks-mode application gets: the one its project already compiles for when
/// that is 4.7 or later (only the runtime quirks change), otherwise the configured target.
fn quirks_target(ctx: &ProjectContext, project: &Project, config: usize) -> FrameworkVersion {
    let compiled = project.file.and_then(|file| {
        ctx.files[file]
            .facts
            .targets
            .iter()
            .filter_map(declared_version)
            .find(|v| *v >= FrameworkVersion::V4_7)
    });
    compiled.unwrap_or(ctx.fix_targets[config])
}

/// Adds `targetFramework` to `<httpRuntime>`, or a new `<httpRuntime>` to `<system.web>`.
fn quirks_fix(text: &str, to: FrameworkVersion) -> Option<Fix> {
    let doc = crate::lang::xml::Document::parse(text);
    let configuration = xml::root(&doc, "configuration")?;
    let system_web = xml::application_section(&doc, configuration, "system.web")?;
    let edit = match doc.children_named(system_web, "httpRuntime").next() {
        Some(runtime) => xml::set_attribute(
            text,
            &doc.elements[runtime].start_tag,
            "targetFramework",
            &to.to_string(),
        ),
        None => xml::insert_first_children(
            text,
            &doc,
            system_web,
            &[format!("<httpRuntime targetFramework=\"{to}\" />")],
        )?,
    };
    Some(Fix::unsafe_(
        format!(
            "run with .NET Framework {to} defaults: `targetFramework=\"{to}\"` (changes every ASP.NET quirk, not only TLS)"
        ),
        vec![edit],
    ))
}

fn check_project(ctx: &ProjectContext, out: &mut Vec<(usize, Finding)>) {
    for (index, project) in ctx.model.projects.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for target in &project.indirect_targets {
            let (file, span) = &target.origin;
            let version = target.version;
            if version >= FrameworkVersion::V4_7 || !seen.insert((*file, span.start, span.end)) {
                continue;
            }
            let text = ctx.text(*file);
            let value = text.and_then(|text| text.get(span.clone())).unwrap_or("");
            let kind = if target.is_version {
                TargetKind::FrameworkVersion
            } else {
                TargetKind::Moniker
            };
            let mut text_of_message = message(kind, value, version);
            if let Some(condition) = &target.condition {
                text_of_message.push_str(&format!(" (conditioned on {condition})"));
            }
            let mut found = project_finding(
                &RULE,
                index,
                span.clone(),
                text_of_message,
                format!(".NET Framework {version}"),
                Some(HELP.to_owned()),
            );
            found.fix = text.and_then(|text| indirect_fix(ctx, *file, text, span, value, kind));
            out.push((*file, found));
        }
        if project.kind != ProjectKind::Web {
            continue;
        }
        for target in &project.targets {
            let (TargetSource::HttpRuntime, Some((file, tag)), Target::Framework(version)) =
                (target.source, &target.location, target.target)
            else {
                continue;
            };
            // The model locates the `<httpRuntime>` tag; the finding and the fix go on the
            // `targetFramework` value inside it.
            let facts = ctx.files[*file].facts;
            let Some(decl) = facts
                .targets
                .iter()
                .find(|d| d.kind == TargetKind::HttpRuntime && d.element == *tag)
            else {
                continue;
            };
            if version >= FrameworkVersion::V4_7
                || !seen.insert((*file, decl.span.start, decl.span.end))
            {
                continue;
            }
            let mut found = project_finding(
                &RULE,
                index,
                decl.span.clone(),
                message(decl.kind, &decl.value, version),
                format!(".NET Framework {version}"),
                Some(HELP.to_owned()),
            );
            found.fix = ctx
                .text(*file)
                .and_then(|text| retarget(text, decl, facts, ctx.fix_targets[*file]));
            out.push((*file, found));
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
            let to = quirks_target(ctx, project, *file);
            let mut found = project_finding(
                &RULE,
                index,
                span.clone(),
                format!(
                    "no `<httpRuntime targetFramework>`: ASP.NET runs this application in .NET Framework {version} quirks mode, which by default offers {}",
                    version.default_protocols()
                ),
                "4.0 quirks mode".to_owned(),
                Some(format!(
                    "add `targetFramework=\"{to}\"` (the version the application is built and tested for) to `<httpRuntime>`"
                )),
            );
            found.fix = ctx.text(*file).and_then(|text| quirks_fix(text, to));
            out.push((*file, found));
        }
    }
}
