//! Edits to XML files (`App.config`, `web.config`, project files) that keep the file's own
//! line endings and indentation: setting attributes, inserting elements where they belong,
//! merging AppContext switches into `<AppContextSwitchOverrides>` or `<appSettings>`.

use crate::facts::Span;
use crate::fix::Edit;
use crate::lang::appconfig::is_application_location;
use crate::lang::xml::Document;

/// The switches that opt a .NET Framework application in to TLS 1.2 (domain.md §7.3).
pub const OPT_IN_SWITCHES: [(&str, bool); 2] = [
    (
        "Switch.System.Net.DontEnableSystemDefaultTlsVersions",
        false,
    ),
    ("Switch.System.Net.DontEnableSchUseStrongCrypto", false),
];

/// The file's line ending and indentation unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    pub eol: &'static str,
    pub indent: String,
}

impl Style {
    pub fn of(text: &str) -> Style {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        // The smallest non-empty indentation of a line that starts with `<`.
        let indent = text
            .lines()
            .filter_map(|line| {
                let content = line.trim_start();
                let indent = &line[..line.len() - content.len()];
                (content.starts_with('<') && !indent.is_empty()).then_some(indent)
            })
            .min_by_key(|indent| indent.len())
            .unwrap_or("  ")
            .to_owned();
        Style { eol, indent }
    }
}

/// The whitespace that starts the line holding `offset`.
fn line_indent(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Inserts ` name="value"` at the end of a start tag.
pub fn set_attribute(text: &str, start_tag: &Span, name: &str, value: &str) -> Edit {
    let tag = &text[start_tag.clone()];
    let end = if tag.ends_with("/>") {
        start_tag.end - 2
    } else {
        start_tag.end - 1
    };
    // Keep one space before `/>` if the tag had one.
    let insert_at = if text[..end].ends_with(' ') {
        end - 1
    } else {
        end
    };
    Edit::replace(
        insert_at..insert_at,
        format!(" {name}=\"{}\"", escape(value)),
    )
}

/// Escapes an attribute value.
pub fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Inserts `lines` (already indented relative to one another) as the last children of
/// element `parent`, indented one level below it.
pub fn insert_children(
    text: &str,
    doc: &Document,
    parent: usize,
    lines: &[String],
) -> Option<Edit> {
    let style = Style::of(text);
    let element = &doc.elements[parent];
    let parent_indent = line_indent(text, element.span.start).to_owned();
    let child_indent = format!("{parent_indent}{}", style.indent);
    let body: String = lines
        .iter()
        .map(|line| format!("{child_indent}{line}{}", style.eol))
        .collect();
    let tag = &text[element.start_tag.clone()];
    if tag.ends_with("/>") {
        // `<runtime/>`: expand it.
        let open = tag.trim_end_matches("/>").trim_end();
        let content = format!(
            "{open}>{}{body}{parent_indent}</{}>",
            style.eol, element.name
        );
        return Some(Edit::replace(element.start_tag.clone(), content));
    }
    if !element.closed {
        return None;
    }
    // Before the end tag: at the start of its line when it stands alone on it.
    let end_tag = text[..element.span.end].rfind("</")?;
    let line_start = text[..end_tag].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..end_tag].trim().is_empty() {
        Some(Edit::replace(line_start..line_start, body))
    } else {
        Some(Edit::replace(
            end_tag..end_tag,
            format!("{}{body}{parent_indent}", style.eol),
        ))
    }
}

/// Inserts `lines` as the first children of element `parent` (after `<configSections>` when
/// the parent is `<configuration>`: that section must stay first).
pub fn insert_first_children(
    text: &str,
    doc: &Document,
    parent: usize,
    lines: &[String],
) -> Option<Edit> {
    let style = Style::of(text);
    let element = &doc.elements[parent];
    if !element.closed || text[element.start_tag.clone()].ends_with("/>") {
        return insert_children(text, doc, parent, lines);
    }
    let parent_indent = line_indent(text, element.span.start).to_owned();
    let child_indent = format!("{parent_indent}{}", style.indent);
    let body: String = lines
        .iter()
        .map(|line| format!("{child_indent}{line}{}", style.eol))
        .collect();
    let after = doc
        .children_named(parent, "configSections")
        .next()
        .map_or(element.start_tag.end, |sections| {
            doc.elements[sections].span.end
        });
    // At the start of the next line.
    let next_line = text[after..]
        .find('\n')
        .map_or(text.len(), |i| after + i + 1);
    if text[after..next_line].trim().is_empty() {
        Some(Edit::replace(next_line..next_line, body))
    } else {
        Some(Edit::replace(after..after, format!("{}{body}", style.eol)))
    }
}

/// The first root element named `name`.
pub fn root(doc: &Document, name: &str) -> Option<usize> {
    doc.roots().find(|&i| doc.elements[i].name == name)
}

/// The application's section `name` (`system.web`, `appSettings`) under `<configuration>`:
/// at the top level, or else in an application-level `<location path=".">`. Edits go there: a
/// second copy of the section at the same level would be a configuration error.
pub fn application_section(doc: &Document, configuration: usize, name: &str) -> Option<usize> {
    doc.children_named(configuration, name).next().or_else(|| {
        doc.children_named(configuration, "location")
            .filter(|&l| is_application_location(&doc.elements[l]))
            .find_map(|l| doc.children_named(l, name).next())
    })
}

/// `Name=value;…` with `switches` set (replacing same-named pairs, appending the others).
pub fn merge_switch_overrides(existing: &str, switches: &[(&str, bool)]) -> String {
    let mut pairs: Vec<String> = existing
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    for (name, value) in switches {
        let pair = format!("{name}={value}");
        match pairs
            .iter_mut()
            .find(|p| p.split('=').next().is_some_and(|n| n.trim() == *name))
        {
            Some(existing) => *existing = pair,
            None => pairs.push(pair),
        }
    }
    pairs.join(";")
}

/// Edits that make an application config (`App.config`) set `switches` through
/// `<runtime><AppContextSwitchOverrides>`: merged into an existing element, or inserted with
/// `<runtime>` as needed. `None` when the file has no `<configuration>` root.
pub fn app_config_switches(text: &str, switches: &[(&str, bool)]) -> Option<Vec<Edit>> {
    let doc = Document::parse(text);
    let configuration = root(&doc, "configuration")?;
    let runtime = doc.children_named(configuration, "runtime").next();
    if let Some(runtime) = runtime {
        if let Some(overrides) = doc
            .children_named(runtime, "AppContextSwitchOverrides")
            .next()
        {
            let element = &doc.elements[overrides];
            return Some(vec![match element.attribute("value") {
                Some(value) => Edit::replace(
                    value.value_span.clone(),
                    escape(&merge_switch_overrides(&value.value, switches)),
                ),
                None => set_attribute(
                    text,
                    &element.start_tag,
                    "value",
                    &merge_switch_overrides("", switches),
                ),
            }]);
        }
        return Some(vec![insert_children(
            text,
            &doc,
            runtime,
            &[overrides_element(switches)],
        )?]);
    }
    let style = Style::of(text);
    let lines = vec![
        "<runtime>".to_owned(),
        format!("{}{}", style.indent, overrides_element(switches)),
        "</runtime>".to_owned(),
    ];
    Some(vec![insert_children(text, &doc, configuration, &lines)?])
}

fn overrides_element(switches: &[(&str, bool)]) -> String {
    format!(
        "<AppContextSwitchOverrides value=\"{}\" />",
        escape(&merge_switch_overrides("", switches))
    )
}

/// A new `App.config` that sets `switches`.
pub fn new_app_config(switches: &[(&str, bool)], eol: &str) -> String {
    [
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>".to_owned(),
        "<configuration>".to_owned(),
        "  <runtime>".to_owned(),
        format!("    {}", overrides_element(switches)),
        "  </runtime>".to_owned(),
        "</configuration>".to_owned(),
        String::new(),
    ]
    .join(eol)
}

/// Edits that make a `web.config` set `switches` through `<appSettings>` keys
/// `AppContext.SetSwitch:…` (the form ASP.NET reads): existing keys get the value, missing ones
/// are added, `<appSettings>` is created when needed.
pub fn web_config_switches(text: &str, switches: &[(&str, bool)]) -> Option<Vec<Edit>> {
    let doc = Document::parse(text);
    let configuration = root(&doc, "configuration")?;
    let settings = application_section(&doc, configuration, "appSettings");
    let key = |name: &str| format!("AppContext.SetSwitch:{name}");
    let add = |name: &str, value: bool| format!("<add key=\"{}\" value=\"{value}\" />", key(name));
    let Some(settings) = settings else {
        let style = Style::of(text);
        let mut lines = vec!["<appSettings>".to_owned()];
        lines.extend(
            switches
                .iter()
                .map(|(name, value)| format!("{}{}", style.indent, add(name, *value))),
        );
        lines.push("</appSettings>".to_owned());
        return Some(vec![insert_first_children(
            text,
            &doc,
            configuration,
            &lines,
        )?]);
    };
    let mut edits = Vec::new();
    let mut missing = Vec::new();
    for (name, value) in switches {
        let existing = doc.children_named(settings, "add").find(|&i| {
            doc.elements[i]
                .attribute("key")
                .is_some_and(|k| k.value.trim().eq_ignore_ascii_case(&key(name)))
        });
        match existing.map(|i| &doc.elements[i]) {
            Some(element) => match element.attribute("value") {
                Some(v) => edits.push(Edit::replace(v.value_span.clone(), value.to_string())),
                None => edits.push(set_attribute(
                    text,
                    &element.start_tag,
                    "value",
                    &value.to_string(),
                )),
            },
            None => missing.push(add(name, *value)),
        }
    }
    if !missing.is_empty() {
        edits.push(insert_children(text, &doc, settings, &missing)?);
    }
    Some(edits)
}

/// The span that removes an element, with its whole line when it stands alone on it. `span`
/// is the element or its start tag: a start tag stands for its whole element, since removing
/// `<a …>` alone would leave `</a>` behind.
pub fn remove_element(text: &str, span: &Span) -> Span {
    let element = Document::parse(text)
        .elements
        .iter()
        .find(|e| e.start_tag == *span)
        .map_or_else(|| span.clone(), |e| e.span.clone());
    crate::fix::text::whole_lines(text, element.clone()).unwrap_or(element)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, mut edits: Vec<Edit>) -> String {
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_owned();
        for edit in edits {
            out.replace_range(edit.span.clone(), &edit.content);
        }
        out
    }

    #[test]
    fn removing_an_element_by_its_start_tag_takes_its_end_tag() {
        let text = "<runtime>\n  <A value=\"x\"></A>\n  <B />\n</runtime>\n";
        let start = text.find("<A").unwrap();
        let tag = start..start + "<A value=\"x\">".len();
        let removed = remove_element(text, &tag);
        assert_eq!(&text[removed], "  <A value=\"x\"></A>\n");
        let start = text.find("<B").unwrap();
        let removed = remove_element(text, &(start..start + 5));
        assert_eq!(&text[removed], "  <B />\n");
        // On one line with others: the element alone.
        let text = "<runtime><A></A><B /></runtime>";
        assert_eq!(&text[remove_element(text, &(9..12))], "<A></A>");
    }

    #[test]
    fn app_config_gets_runtime_and_switches() {
        let text = "<?xml version=\"1.0\"?>\r\n<configuration>\r\n    <startup>\r\n        <supportedRuntime version=\"v4.0\" />\r\n    </startup>\r\n</configuration>\r\n";
        let fixed = apply(text, app_config_switches(text, &OPT_IN_SWITCHES).unwrap());
        assert_eq!(
            fixed,
            "<?xml version=\"1.0\"?>\r\n<configuration>\r\n    <startup>\r\n        <supportedRuntime version=\"v4.0\" />\r\n    </startup>\r\n    <runtime>\r\n        <AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSystemDefaultTlsVersions=false;Switch.System.Net.DontEnableSchUseStrongCrypto=false\" />\r\n    </runtime>\r\n</configuration>\r\n"
        );
        assert!(!Document::parse(&fixed).has_errors);
    }

    #[test]
    fn existing_overrides_are_merged() {
        let text = "<configuration>\n  <runtime>\n    <AppContextSwitchOverrides value=\"Switch.A=true;Switch.System.Net.DontEnableSchUseStrongCrypto=true\" />\n  </runtime>\n</configuration>\n";
        let fixed = apply(text, app_config_switches(text, &OPT_IN_SWITCHES).unwrap());
        assert!(fixed.contains("value=\"Switch.A=true;Switch.System.Net.DontEnableSchUseStrongCrypto=false;Switch.System.Net.DontEnableSystemDefaultTlsVersions=false\""), "{fixed}");
    }

    #[test]
    fn web_config_gets_app_settings_after_config_sections() {
        let text = "<configuration>\n  <configSections>\n    <section name=\"x\" />\n  </configSections>\n  <system.web>\n    <httpRuntime targetFramework=\"4.5\" />\n  </system.web>\n</configuration>\n";
        let fixed = apply(text, web_config_switches(text, &OPT_IN_SWITCHES).unwrap());
        assert_eq!(
            fixed,
            "<configuration>\n  <configSections>\n    <section name=\"x\" />\n  </configSections>\n  <appSettings>\n    <add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSystemDefaultTlsVersions\" value=\"false\" />\n    <add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto\" value=\"false\" />\n  </appSettings>\n  <system.web>\n    <httpRuntime targetFramework=\"4.5\" />\n  </system.web>\n</configuration>\n"
        );
        let with_settings = "<configuration>\n  <appSettings>\n    <add key=\"x\" value=\"1\" />\n    <add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto\" value=\"true\" />\n  </appSettings>\n</configuration>\n";
        let fixed = apply(
            with_settings,
            web_config_switches(with_settings, &OPT_IN_SWITCHES).unwrap(),
        );
        assert!(
            fixed.contains("DontEnableSchUseStrongCrypto\" value=\"false\""),
            "{fixed}"
        );
        assert!(fixed.contains("    <add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSystemDefaultTlsVersions\" value=\"false\" />\n  </appSettings>"), "{fixed}");
    }

    #[test]
    fn web_config_keys_go_to_the_applications_location() {
        let text = "<configuration>\n  <location path=\".\" inheritInChildApplications=\"false\">\n    <appSettings>\n      <add key=\"x\" value=\"1\" />\n    </appSettings>\n  </location>\n  <location path=\"admin\">\n    <appSettings />\n  </location>\n</configuration>\n";
        let fixed = apply(text, web_config_switches(text, &OPT_IN_SWITCHES).unwrap());
        assert_eq!(
            fixed,
            "<configuration>\n  <location path=\".\" inheritInChildApplications=\"false\">\n    <appSettings>\n      <add key=\"x\" value=\"1\" />\n      <add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSystemDefaultTlsVersions\" value=\"false\" />\n      <add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto\" value=\"false\" />\n    </appSettings>\n  </location>\n  <location path=\"admin\">\n    <appSettings />\n  </location>\n</configuration>\n"
        );
        // A sub-path's <appSettings> is not the application's: a new one goes to the top.
        let sub_only = "<configuration>\n  <location path=\"admin\">\n    <appSettings />\n  </location>\n</configuration>\n";
        let fixed = apply(
            sub_only,
            web_config_switches(sub_only, &OPT_IN_SWITCHES).unwrap(),
        );
        assert!(
            fixed.starts_with("<configuration>\n  <appSettings>\n    <add key=\"AppContext"),
            "{fixed}"
        );
        assert!(!Document::parse(&fixed).has_errors);
    }

    #[test]
    fn attributes_and_empty_elements() {
        let text = "<system.web>\n  <httpRuntime maxRequestLength=\"8192\" />\n</system.web>\n";
        let doc = Document::parse(text);
        let runtime = doc.find(&["httpRuntime"]).next().unwrap();
        let fixed = apply(
            text,
            vec![set_attribute(
                text,
                &doc.elements[runtime].start_tag,
                "targetFramework",
                "4.8",
            )],
        );
        assert_eq!(
            fixed,
            "<system.web>\n  <httpRuntime maxRequestLength=\"8192\" targetFramework=\"4.8\" />\n</system.web>\n"
        );
        let empty = "<configuration>\n  <runtime/>\n</configuration>\n";
        let fixed = apply(
            empty,
            app_config_switches(empty, &OPT_IN_SWITCHES[..1]).unwrap(),
        );
        assert_eq!(
            fixed,
            "<configuration>\n  <runtime>\n    <AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSystemDefaultTlsVersions=false\" />\n  </runtime>\n</configuration>\n"
        );
    }
}
