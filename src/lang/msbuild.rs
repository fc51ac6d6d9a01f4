//! MSBuild files (`.csproj`, `.vbproj`, `.fsproj`, `.props`, `.targets`): the properties and
//! imports the project model evaluates, the items it reads (`Compile`, references), literal
//! target frameworks, and
//! `<RuntimeHostConfigurationOption>` switches.
//!
//! Nothing is evaluated here and nothing is ever executed: `$(Properties)` are resolved later by
//! the project model, from definitions in the same file and imported `Directory.Build.props`,
//! and `Condition`s are captured as written for the project model to evaluate. Only
//! unconditional literal target properties are target declarations of the file.

use super::xml::{Document, Element};
use crate::facts::{
    FileFacts, Guard, ItemDef, MsBuildFacts, MsBuildStep, PropertyDef, SwitchOrigin, SwitchSetting,
    TargetDecl, TargetKind,
};
use crate::lang::tree::ParseFailure;

/// MSBuild element and property names are case-insensitive.
fn is(element: &Element, name: &str) -> bool {
    element.name.eq_ignore_ascii_case(name)
}

/// Whether the element or any ancestor carries a `Condition`, or sits in a `<Choose>`.
fn conditional(doc: &Document, index: usize) -> bool {
    let mut current = Some(index);
    while let Some(i) = current {
        let element = &doc.elements[i];
        if element
            .attribute_ignore_case("Condition")
            .is_some_and(|c| !c.value.trim().is_empty())
            || is(element, "Choose")
        {
            return true;
        }
        current = element.parent;
    }
    false
}

/// The conditions on each element, outermost first: `Condition` attributes on it and its
/// ancestors, and for the content of a `<Choose>`, its `<When>` (after the earlier `<When>`s,
/// negated: the first one that holds wins) or its `<Otherwise>` (every `<When>` negated).
/// Elements come in document order, so a parent's list is complete before its children's.
fn guards(doc: &Document) -> Vec<Vec<Guard>> {
    let mut out: Vec<Vec<Guard>> = Vec::with_capacity(doc.elements.len());
    // For each `<Choose>`, the conditions of its `<When>`s so far.
    let mut whens: std::collections::HashMap<usize, Vec<String>> = Default::default();
    for element in &doc.elements {
        let mut own = element
            .parent
            .and_then(|p| out.get(p).cloned())
            .unwrap_or_default();
        let condition = element
            .attribute_ignore_case("Condition")
            .map(|c| c.value.clone())
            .filter(|c| !c.trim().is_empty());
        let choose = element.parent.filter(|&p| is(&doc.elements[p], "Choose"));
        match choose {
            Some(choose) if is(element, "When") || is(element, "Otherwise") => {
                let earlier = whens.entry(choose).or_default();
                own.extend(earlier.iter().map(|c| Guard {
                    condition: c.clone(),
                    negated: true,
                }));
                if is(element, "When") {
                    // A `<When>` without a condition is an MSBuild error: nothing can be known.
                    let condition = condition.unwrap_or_else(|| "Unknown()".to_owned());
                    earlier.push(condition.clone());
                    own.push(Guard {
                        condition,
                        negated: false,
                    });
                }
            }
            _ => own.extend(condition.map(|condition| Guard {
                condition,
                negated: false,
            })),
        }
        out.push(own);
    }
    out
}

/// The item kinds the project model reads.
const ITEM_KINDS: [&str; 3] = ["Compile", "PackageReference", "Reference"];

/// The names of the properties that hold target frameworks.
pub const TARGET_PROPERTIES: [&str; 3] = [
    "targetframework",
    "targetframeworks",
    "targetframeworkversion",
];

pub fn analyze(text: &str) -> Result<FileFacts, ParseFailure> {
    let doc = Document::read(text)?;
    let guards = guards(&doc);
    let mut facts = FileFacts::default();
    let mut msbuild = MsBuildFacts::default();
    for (index, element) in doc.elements.iter().enumerate() {
        let parent = element.parent.map(|p| &doc.elements[p]);
        if element.parent.is_none() && is(element, "Project") {
            msbuild.project_tag = Some(element.start_tag.clone());
            if let Some(sdk) = element.attribute_ignore_case("Sdk") {
                msbuild.sdk = Some(sdk.value.trim().to_owned());
            }
            continue;
        }
        let Some(parent) = parent else { continue };
        if is(element, "Sdk") && is(parent, "Project") {
            if let Some(name) = element.attribute_ignore_case("Name") {
                msbuild
                    .sdk
                    .get_or_insert_with(|| name.value.trim().to_owned());
            }
        } else if is(element, "Import") {
            if let Some(sdk) = element.attribute_ignore_case("Sdk") {
                msbuild
                    .sdk
                    .get_or_insert_with(|| sdk.value.trim().to_owned());
            }
            if let Some(project) = element.attribute_ignore_case("Project") {
                msbuild.steps.push(MsBuildStep::Import {
                    project: project.value.trim().to_owned(),
                    conditional: conditional(&doc, index),
                });
            }
        } else if is(parent, "PropertyGroup") {
            let name = element.name.to_ascii_lowercase();
            let value_span = element
                .trimmed_text()
                .map(|(_, span)| span)
                .or_else(|| element.text_span.clone());
            let property = PropertyDef {
                name: name.clone(),
                value: element.text.trim().to_owned(),
                value_span,
                element: element.span.clone(),
                conditions: guards[index].clone(),
            };
            // A conditional value is a target only for the builds its condition holds in: the
            // project model decides, and reports it where the project uses it.
            if !property.is_conditional()
                && TARGET_PROPERTIES.contains(&name.as_str())
                && !property.value.contains('$')
            {
                facts.targets.extend(literal_targets(&property));
            }
            msbuild.steps.push(MsBuildStep::Property(property));
        } else if is(parent, "ItemGroup") && ITEM_KINDS.iter().any(|kind| is(element, kind)) {
            let attribute = |name: &str| {
                element
                    .attribute_ignore_case(name)
                    .map(|a| a.value.trim().to_owned())
            };
            msbuild.items.push(ItemDef {
                kind: element.name.to_ascii_lowercase(),
                include: attribute("Include"),
                remove: attribute("Remove"),
                update: attribute("Update"),
                conditional: conditional(&doc, index),
            });
        } else if is(element, "RuntimeHostConfigurationOption") && is(parent, "ItemGroup") {
            let (Some(include), Some(value)) = (
                element.attribute_ignore_case("Include"),
                element.attribute_ignore_case("Value"),
            ) else {
                continue;
            };
            facts.switches.push(SwitchSetting {
                span: element.start_tag.clone(),
                name: Some(include.value.trim().to_owned()),
                value: parse_bool(&value.value),
                value_span: Some(value.value_span.clone()),
                origin: SwitchOrigin::MsBuildItem,
            });
        }
    }
    facts.msbuild = Some(msbuild);
    Ok(facts)
}

/// The target frameworks a literal target property names, one per TFM with its own span.
pub fn literal_targets(property: &PropertyDef) -> Vec<TargetDecl> {
    let kind = if property.name == "targetframeworkversion" {
        TargetKind::FrameworkVersion
    } else {
        TargetKind::Moniker
    };
    let Some(span) = property.value_span.clone() else {
        return Vec::new();
    };
    split_list(&property.value, span.start)
        .into_iter()
        .map(|(value, span)| TargetDecl {
            kind,
            value: value.to_owned(),
            span,
            element: property.element.clone(),
        })
        .collect()
}

/// Splits an MSBuild list (`net45; net48;`) into trimmed, non-empty items with their spans,
/// given the byte offset of `text` in the file.
pub fn split_list(text: &str, offset: usize) -> Vec<(&str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split(';') {
        let leading = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let at = offset + start + leading;
            out.push((trimmed, at..at + trimmed.len()));
        }
        start += piece.len() + 1;
    }
    out
}

/// `true`/`false` as .NET's `bool.Parse` reads them (any case, surrounding spaces).
pub fn parse_bool(text: &str) -> Option<bool> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_style_project() {
        let text = "<?xml version=\"1.0\"?>\n<Project ToolsVersion=\"14.0\" xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFrameworkVersion>v4.5</TargetFrameworkVersion>\n  </PropertyGroup>\n  <PropertyGroup Condition=\" '$(Configuration)' == 'Debug' \">\n    <DebugType>full</DebugType>\n  </PropertyGroup>\n  <Import Project=\"$(MSBuildToolsPath)\\Microsoft.CSharp.targets\" />\n</Project>\n";
        let facts = analyze(text).unwrap();
        assert_eq!(facts.targets.len(), 1);
        assert_eq!(&text[facts.targets[0].span.clone()], "v4.5");
        let msbuild = facts.msbuild.unwrap();
        assert_eq!(msbuild.sdk, None);
        assert_eq!(msbuild.steps.len(), 4);
        assert!(
            matches!(&msbuild.steps[2], MsBuildStep::Property(p) if p.name == "debugtype" && p.is_conditional())
        );
    }

    #[test]
    fn sdk_style_lists_conditions_and_switches() {
        let text = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFrameworks> net45;net462 ; netstandard2.0;</TargetFrameworks>\n    <Legacy>$(LibTargets)</Legacy>\n  </PropertyGroup>\n  <PropertyGroup Condition=\"'$(X)'=='1'\">\n    <TargetFramework>net40</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <RuntimeHostConfigurationOption Include=\"Switch.System.Net.DontEnableSchUseStrongCrypto\" Value=\"True\" />\n  </ItemGroup>\n</Project>\n";
        let facts = analyze(text).unwrap();
        let values: Vec<&str> = facts
            .targets
            .iter()
            .map(|t| &text[t.span.clone()])
            .collect();
        assert_eq!(values, ["net45", "net462", "netstandard2.0"]);
        assert_eq!(
            facts.msbuild.as_ref().unwrap().sdk.as_deref(),
            Some("Microsoft.NET.Sdk")
        );
        assert_eq!(facts.switches.len(), 1);
        assert_eq!(facts.switches[0].value, Some(true));
    }

    /// The conditions of each property, as `(name, [(condition, negated)])`.
    fn conditions(text: &str) -> Vec<(String, Vec<(String, bool)>)> {
        let facts = analyze(text).unwrap();
        facts
            .msbuild
            .unwrap()
            .steps
            .into_iter()
            .filter_map(|step| match step {
                MsBuildStep::Property(p) => Some((
                    p.name,
                    p.conditions
                        .into_iter()
                        .map(|g| (g.condition, g.negated))
                        .collect(),
                )),
                MsBuildStep::Import { .. } => None,
            })
            .collect()
    }

    #[test]
    fn conditions_are_captured_outermost_first() {
        let text = "<Project><PropertyGroup Condition=\"'$(OS)' == 'Windows_NT'\"><A Condition=\"'$(Configuration)' == 'Debug'\">1</A><B Condition=\" \">2</B></PropertyGroup><PropertyGroup><C>3</C></PropertyGroup></Project>";
        let os = ("'$(OS)' == 'Windows_NT'".to_owned(), false);
        assert_eq!(
            conditions(text),
            [
                (
                    "a".to_owned(),
                    vec![
                        os.clone(),
                        ("'$(Configuration)' == 'Debug'".to_owned(), false)
                    ]
                ),
                // A blank condition is none.
                ("b".to_owned(), vec![os]),
                ("c".to_owned(), vec![]),
            ]
        );
    }

    #[test]
    fn choose_negates_earlier_whens() {
        let text = "<Project><Choose><When Condition=\"c1\"><PropertyGroup><A>1</A></PropertyGroup></When><When Condition=\"c2\"><PropertyGroup><B>2</B></PropertyGroup></When><Otherwise><PropertyGroup><C>3</C></PropertyGroup></Otherwise></Choose></Project>";
        let when = |c: &str, negated| (c.to_owned(), negated);
        assert_eq!(
            conditions(text),
            [
                ("a".to_owned(), vec![when("c1", false)]),
                ("b".to_owned(), vec![when("c1", true), when("c2", false)]),
                ("c".to_owned(), vec![when("c1", true), when("c2", true)]),
            ]
        );
    }

    #[test]
    fn conditional_target_properties_are_no_declarations() {
        for text in [
            "<Project><PropertyGroup Condition=\"'$(OS)' == 'Windows_NT'\"><TargetFrameworks>net451</TargetFrameworks></PropertyGroup></Project>",
            "<Project><PropertyGroup><TargetFrameworkVersion Condition=\"'$(Configuration)' == 'Debug'\">v4.5</TargetFrameworkVersion></PropertyGroup></Project>",
            "<Project><PropertyGroup Condition=\"'$(TargetFramework)' == 'net40'\"><DefineConstants>NET40</DefineConstants></PropertyGroup></Project>",
            "<Project><Choose><When Condition=\"true\"><PropertyGroup><TargetFramework>net40</TargetFramework></PropertyGroup></When></Choose></Project>",
        ] {
            assert!(analyze(text).unwrap().targets.is_empty(), "{text}");
        }
    }

    #[test]
    fn property_names_are_case_insensitive() {
        let facts = analyze(
            "<Project><propertygroup><targetframeworkversion>v4.0</targetframeworkversion></propertygroup></Project>",
        )
        .unwrap();
        assert_eq!(facts.targets.len(), 1);
        assert_eq!(facts.targets[0].kind, TargetKind::FrameworkVersion);
    }
}
