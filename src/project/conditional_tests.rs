//! The project model under MSBuild `Condition`s: which conditional values are targets, which
//! are not, and what a later definition overrides.

use super::tests::model;
use super::{IndirectTarget, ProjectKind, ProjectModel, TargetSource};
use crate::target::{FrameworkVersion, Target};

/// The labels of the only project's targets.
fn labels(m: &ProjectModel) -> Vec<&str> {
    m.projects[0]
        .targets
        .iter()
        .map(|t| t.label.as_str())
        .collect()
}

/// The values of the only project's indirect targets, with their conditions.
fn indirect<'a>(m: &'a ProjectModel, text: &'a str) -> Vec<(&'a str, Option<&'a str>)> {
    m.projects[0]
        .indirect_targets
        .iter()
        .map(
            |IndirectTarget {
                 origin, condition, ..
             }| { (&text[origin.1.clone()], condition.as_deref()) },
        )
        .collect()
}

fn sdk(body: &str) -> String {
    format!("<Project Sdk=\"Microsoft.NET.Sdk\">{body}</Project>")
}

const FALLBACK: &str =
    "<PropertyGroup><TargetFrameworks>netstandard2.0</TargetFrameworks></PropertyGroup>";
const ON_WINDOWS: &str = "<PropertyGroup><TargetFrameworks Condition=\"'$(OS)' == 'Windows_NT'\">net451;netstandard2.0</TargetFrameworks></PropertyGroup>";

#[test]
fn windows_only_targets_are_targets_and_override_the_fallback() {
    let text = sdk(&format!("{FALLBACK}{ON_WINDOWS}"));
    let (m, facts) = model(&[("/r/Lib/Lib.csproj", &text)]);
    assert_eq!(labels(&m), ["net451", "netstandard2.0"]);
    assert_eq!(m.projects[0].check_target, framework(4, 5, 1));
    assert_eq!(
        indirect(&m, &text),
        [("net451", Some("`'$(OS)' == 'Windows_NT'`"))],
        "reported by the project, with its condition"
    );
    let declared: Vec<&str> = facts[0].targets.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(declared, ["netstandard2.0"], "only the unconditional value");
}

#[test]
fn a_later_unconditional_value_overrides_a_conditional_one() {
    let text = sdk(&format!("{ON_WINDOWS}{FALLBACK}"));
    let (m, _) = model(&[("/r/Lib/Lib.csproj", &text)]);
    assert_eq!(labels(&m), ["netstandard2.0"]);
    assert!(m.projects[0].indirect_targets.is_empty());
}

#[test]
fn targets_no_windows_build_sees_are_no_targets() {
    for condition in ["'$(OS)' != 'Windows_NT'", "'$(OS)' == 'Unix'", "false"] {
        let text = sdk(&format!(
            "{FALLBACK}<PropertyGroup Condition=\"{condition}\"><TargetFrameworks>net45;netstandard2.0</TargetFrameworks></PropertyGroup>"
        ));
        let (m, _) = model(&[("/r/Lib/Lib.csproj", &text)]);
        assert_eq!(labels(&m), ["netstandard2.0"], "{condition}");
        assert!(m.projects[0].indirect_targets.is_empty(), "{condition}");
    }
}

const DEBUG_ONLY: &str = "<Project><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup><PropertyGroup Condition=\" '$(Configuration)|$(Platform)' == 'Debug|AnyCPU' \"><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup>";

#[test]
fn a_target_set_for_one_configuration_is_a_target() {
    let text = format!("{DEBUG_ONLY}</Project>");
    let (m, facts) = model(&[("/r/App/App.csproj", &text)]);
    let project = &m.projects[0];
    assert_eq!(project.kind, ProjectKind::Exe);
    assert_eq!(labels(&m), ["v4.5"], "not \"MSBuild defaults to 4.0\"");
    assert_eq!(project.targets[0].source, TargetSource::ProjectTfm);
    assert_eq!(project.check_target, framework(4, 5, 0));
    assert_eq!(
        indirect(&m, &text),
        [(
            "v4.5",
            Some("`'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'`")
        )]
    );
    assert!(project.indirect_targets[0].is_version);
    assert!(facts[0].targets.is_empty(), "no declaration of the file");
}

#[test]
fn each_configuration_adds_its_target_until_an_unconditional_one() {
    let release = "<PropertyGroup Condition=\"'$(Configuration)' == 'Release'\"><TargetFrameworkVersion>v4.8</TargetFrameworkVersion></PropertyGroup>";
    let text = format!("{DEBUG_ONLY}{release}</Project>");
    let (m, _) = model(&[("/r/App/App.csproj", &text)]);
    assert_eq!(labels(&m), ["v4.5", "v4.8"]);
    assert_eq!(m.projects[0].check_target, framework(4, 5, 0));
    let everywhere =
        "<PropertyGroup><TargetFrameworkVersion>v4.8</TargetFrameworkVersion></PropertyGroup>";
    let text = format!("{DEBUG_ONLY}{everywhere}</Project>");
    let (m, _) = model(&[("/r/App/App.csproj", &text)]);
    assert_eq!(labels(&m), ["v4.8"], "every build sees the later v4.8");
    assert!(m.projects[0].indirect_targets.is_empty());
}

#[test]
fn groups_for_one_target_are_no_targets() {
    let text = sdk(
        "<PropertyGroup><OutputType>Exe</OutputType><TargetFrameworks>net48;net8.0</TargetFrameworks></PropertyGroup><PropertyGroup Condition=\"'$(TargetFramework)' == 'net40'\"><DefineConstants>LEGACY</DefineConstants><TargetFramework>net40</TargetFramework></PropertyGroup>",
    );
    let (m, facts) = model(&[("/r/App/App.csproj", &text)]);
    assert_eq!(labels(&m), ["net48", "net8.0"]);
    assert!(m.projects[0].indirect_targets.is_empty());
    let declared: Vec<&str> = facts[0].targets.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(declared, ["net48", "net8.0"], "net40 is declared nowhere");
}

#[test]
fn conditions_that_need_msbuild_leave_the_value_unknown() {
    // A later value under an unknown condition neither replaces nor adds a target.
    let text = sdk(&format!(
        "{FALLBACK}<PropertyGroup Condition=\"Exists('$(MSBuildThisFileDirectory)legacy.props')\"><TargetFrameworks>net45;netstandard2.0</TargetFrameworks></PropertyGroup>"
    ));
    let (m, _) = model(&[("/r/Lib/Lib.csproj", &text)]);
    assert_eq!(labels(&m), ["netstandard2.0"]);
    assert!(m.projects[0].indirect_targets.is_empty());
    // An old-style project whose only target is under one has an unknown target, not
    // MSBuild's default.
    let text = "<Project><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup><PropertyGroup Condition=\"'$([System.DateTime]::Now.Year)' &gt; '2020'\"><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup></Project>";
    let (m, _) = model(&[("/r/App/App.csproj", text)]);
    assert!(m.projects[0].targets.is_empty());
    assert_eq!(m.projects[0].check_target, Target::Unknown);
}

#[test]
fn conditions_compare_properties_every_build_agrees_on() {
    let legacy = |definition: &str| {
        format!(
            "<Project><PropertyGroup><OutputType>Exe</OutputType>{definition}<TargetFrameworkVersion>v4.8</TargetFrameworkVersion></PropertyGroup><PropertyGroup Condition=\"'$(UseLegacy)' == 'true'\"><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup></Project>"
        )
    };
    let (m, _) = model(&[("/r/App/App.csproj", &legacy("<UseLegacy>true</UseLegacy>"))]);
    assert_eq!(labels(&m), ["v4.5"], "true in every build: replaces v4.8");
    let (m, _) = model(&[("/r/App/App.csproj", &legacy("<UseLegacy>false</UseLegacy>"))]);
    assert_eq!(labels(&m), ["v4.8"]);
    // Set for one configuration only, or not at all: unknown, v4.8 stands.
    for definition in [
        "<UseLegacy Condition=\"'$(Configuration)' == 'Debug'\">true</UseLegacy>",
        "",
    ] {
        let (m, _) = model(&[("/r/App/App.csproj", &legacy(definition))]);
        assert_eq!(labels(&m), ["v4.8"], "{definition}");
    }
}

#[test]
fn choose_applies_the_first_when_that_holds() {
    let text = sdk(
        "<Choose><When Condition=\"'$(OS)' == 'Windows_NT'\"><PropertyGroup><TargetFrameworks>net45;net48</TargetFrameworks></PropertyGroup></When><Otherwise><PropertyGroup><TargetFrameworks>net40</TargetFrameworks></PropertyGroup></Otherwise></Choose>",
    );
    let (m, _) = model(&[("/r/Lib/Lib.csproj", &text)]);
    assert_eq!(labels(&m), ["net45", "net48"], "Otherwise is not Windows");
    let text = sdk(
        "<Choose><When Condition=\"'$(OS)' != 'Windows_NT'\"><PropertyGroup><TargetFrameworks>net8.0</TargetFrameworks></PropertyGroup></When><Otherwise><PropertyGroup><TargetFrameworks>net40</TargetFrameworks></PropertyGroup></Otherwise></Choose>",
    );
    let (m, _) = model(&[("/r/Lib/Lib.csproj", &text)]);
    assert_eq!(labels(&m), ["net40"]);
    assert_eq!(
        indirect(&m, &text),
        [("net40", Some("not `'$(OS)' != 'Windows_NT'`"))]
    );
}

#[test]
fn conditional_values_reach_targets_through_properties() {
    let props = "<Project><PropertyGroup Condition=\"'$(OS)' == 'Windows_NT'\"><LegacyTargets>net451</LegacyTargets></PropertyGroup></Project>";
    let project = sdk(
        "<PropertyGroup><TargetFrameworks>$(LegacyTargets);netstandard2.0</TargetFrameworks></PropertyGroup>",
    );
    let (m, _) = model(&[
        ("/r/Directory.Build.props", props),
        ("/r/src/Lib/Lib.csproj", &project),
    ]);
    assert_eq!(labels(&m), ["net451", "netstandard2.0"]);
    let net451 = &m.projects[0].indirect_targets[0];
    assert_eq!(net451.origin.0, 0, "written in Directory.Build.props");
    assert_eq!(
        net451.condition.as_deref(),
        Some("`'$(OS)' == 'Windows_NT'`")
    );
    assert_eq!(net451.version, FrameworkVersion::new(4, 5, 1));
}

fn framework(major: u32, minor: u32, patch: u32) -> Target {
    Target::Framework(FrameworkVersion::new(major, minor, patch))
}

#[test]
fn another_platform_takes_its_version_from_the_first_configuration() {
    // Xamarin samples set `TargetFrameworkVersion` in their Debug group only.
    let text = "<Project><PropertyGroup><OutputType>Library</OutputType><AndroidApplication>true</AndroidApplication><TargetFrameworkIdentifier>MonoAndroid</TargetFrameworkIdentifier></PropertyGroup><PropertyGroup Condition=\" '$(Configuration)|$(Platform)' == 'Debug|AnyCPU' \"><TargetFrameworkVersion>v2.3</TargetFrameworkVersion></PropertyGroup><Import Project=\"$(MSBuildExtensionsPath)\\Xamarin\\Android\\Xamarin.Android.CSharp.targets\" /></Project>";
    let (m, _) = model(&[("/r/Droid/Droid.csproj", text)]);
    let project = &m.projects[0];
    assert!(!project.platform.is_net_framework());
    assert_eq!(labels(&m), ["monoandroid2.3"]);
    assert_eq!(project.check_target, Target::Platform);
    assert!(
        project.indirect_targets.is_empty(),
        "v2.3 is no .NET Framework"
    );
    let location = project.targets[0].location.clone().unwrap();
    assert_eq!(&text[location.1], "v2.3");
}
