//! `*.config` files (`app.config`, `web.config`, `<exe>.config`): runtime targets,
//! AppContext switches, the ineffective settings of TLS007, ASP.NET's `httpRuntime`, and WCF
//! `sslProtocols` attributes (domain.md §3.2, §4.5, §4.6, §4.8).

use std::sync::LazyLock;

use super::msbuild::parse_bool;
use super::xml::{Attribute, Document, Element};

use crate::facts::{
    ConfigFacts, FileFacts, Ineffective, Operand, ProtocolWrite, Sink, SwitchOrigin, SwitchSetting,
    TargetDecl, TargetKind, ValueSummary, WriteOp,
};
use crate::lang::tree::ParseFailure;
use crate::protocol::ProtocolEnum;
use crate::switches::weakening_effect;

/// The `appSettings` key prefix ASP.NET turns into `AppContext.SetSwitch` calls
/// (compared case-insensitively, as ASP.NET does).
const APP_SETTINGS_SWITCH_PREFIX: &str = "AppContext.SetSwitch:";
/// The `appSettings` key only patched 4.5.x runtimes read.
const SECURITY_PROTOCOL_APP_SETTING: &str = "System.Net.ServicePointManager.SecurityProtocol";

/// Whether a file name is an XDT transform (`Web.Release.config`, `App.Debug.config`), as
/// opposed to `web.config` itself or an output config such as `App.exe.config`.
pub fn is_transform(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    let Some(stem) = lower.strip_suffix(".config") else {
        return false;
    };
    let Some((base, configuration)) = stem.split_once('.') else {
        return false;
    };
    matches!(base, "web" | "app")
        && !configuration.is_empty()
        && !matches!(configuration, "exe" | "dll")
}

/// Whether a file name is a library's own config (`Foo.dll.config`): the .NET Framework runtime
/// never reads one (only the process's `<exe>.config` or `web.config`), so it sets no target
/// and opts nothing in. Such files are often vendored beside the DLL.
pub fn is_library_config(file_name: &str) -> bool {
    file_name.to_ascii_lowercase().ends_with(".dll.config")
}

/// Whether a `<location>` element holds the application's own settings: `path="."`, `path=""`
/// or no `path` (what Visual Studio writes to add `inheritInChildApplications="false"`).
/// System.Configuration reads those sections like top-level ones; `<location path="sub">`
/// configures only that sub-path.
pub fn is_application_location(location: &Element) -> bool {
    location.name == "location"
        && location
            .attribute("path")
            .is_none_or(|path| matches!(path.value.trim(), "" | "."))
}

/// The path of element `index` as System.Configuration sees it for the application: an
/// application-level `<location>` directly under `<configuration>` is dropped from the path
/// (`configuration/system.web/httpRuntime`); `None` for anything inside `<location path="sub">`.
fn application_path(doc: &Document, index: usize) -> Option<Vec<&str>> {
    let mut path = doc.path(index);
    if path.len() >= 2 && path[0] == "configuration" && path[1] == "location" {
        let mut location = index;
        while let Some(parent) = doc.elements[location].parent {
            if doc.elements[parent].parent.is_none() {
                break;
            }
            location = parent;
        }
        if !is_application_location(&doc.elements[location]) {
            return None;
        }
        path.remove(1);
    }
    Some(path)
}

/// Every element and attribute value [`analyze`] reacts to contains one of these (compared
/// ASCII-case-insensitively): `<system.web>` (and `httpRuntime`/`compilation` inside it),
/// `<supportedRuntime>`, `<AppContextSwitchOverrides>`, `appSettings` keys starting with
/// `AppContext.SetSwitch:` or naming `System.Net.ServicePointManager.SecurityProtocol`,
/// `<aspNetCore>` and the `AspNetCoreModule` handler, WCF `sslProtocols`. `&#` is there because
/// a numeric character reference could spell any of them in an attribute value.
const INTERESTING_TOKENS: [&str; 8] = [
    "system.web",
    "supportedruntime",
    "appcontextswitchoverrides",
    "appcontext.setswitch",
    "servicepointmanager",
    "aspnetcore",
    "sslprotocols",
    "&#",
];

/// Whether a config can hold anything but its name's facts. Most configs in a large tree
/// (`Views/Web.config`, assembly binding redirects, connection strings) do not, and parsing
/// XML with tree-sitter is the most expensive thing a check does on such trees.
fn may_matter(text: &str) -> bool {
    static FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(INTERESTING_TOKENS)
            .expect("static patterns compile")
    });
    FINDER.is_match(text)
}

pub fn analyze(text: &str, file_name: &str) -> Result<FileFacts, ParseFailure> {
    let web_config = file_name.eq_ignore_ascii_case("web.config");
    let transform = is_transform(file_name);
    let library = is_library_config(file_name);
    let mut facts = FileFacts::default();
    let mut config = ConfigFacts {
        web_config,
        transform,
        library,
        ..ConfigFacts::default()
    };
    // Without any of the tokens the document's elements would all fall through the match
    // below: the facts are the file name's alone.
    let doc = Document::read(if may_matter(text) { text } else { "" })?;
    for (index, element) in doc.elements.iter().enumerate() {
        let path = doc.path(index);
        let parent = path.len().checked_sub(2).map(|i| path[i]);
        // ASP.NET reads `<system.web>` and `<appSettings>` through System.Configuration, which
        // merges application-level `<location>` sections into the application's; the CLR and
        // the startup shim read `<runtime>` and `<startup>` themselves, only directly under
        // `<configuration>` (domain.md §4.5, §4.6).
        let app_path = application_path(&doc, index);
        let app_path = app_path.as_deref().unwrap_or_default();
        match (parent, element.name.as_str()) {
            (_, "system.web") if app_path == ["configuration", "system.web"] => {
                config.system_web.get_or_insert(element.start_tag.clone());
            }
            (_, "httpRuntime") if app_path == ["configuration", "system.web", "httpRuntime"] => {
                let target = element
                    .attribute("targetFramework")
                    .map(|a| (a.value.trim().to_owned(), a.value_span.clone()));
                if let Some((value, span)) = &target
                    && !transform
                    && !library
                {
                    facts.targets.push(TargetDecl {
                        kind: TargetKind::HttpRuntime,
                        value: value.clone(),
                        span: span.clone(),
                        element: element.start_tag.clone(),
                    });
                }
                config
                    .http_runtime
                    .get_or_insert((element.start_tag.clone(), target));
            }
            (_, "compilation") if app_path == ["configuration", "system.web", "compilation"] => {
                if let Some(target) = element.attribute("targetFramework") {
                    config
                        .compilation_target
                        .get_or_insert(target.value_span.clone());
                }
            }
            (_, "supportedRuntime")
                if path == ["configuration", "startup", "supportedRuntime"]
                    && !transform
                    && !library =>
            {
                if let Some(sku) = element.attribute("sku") {
                    facts.targets.push(TargetDecl {
                        kind: TargetKind::SupportedRuntime,
                        value: sku.value.trim().to_owned(),
                        span: sku.value_span.clone(),
                        element: element.start_tag.clone(),
                    });
                }
            }
            (Some("runtime"), "AppContextSwitchOverrides") => {
                if let Some(value) = element.attribute("value") {
                    let switches = switch_overrides(value, web_config);
                    if web_config {
                        let tls: Vec<(String, bool)> = switches
                            .iter()
                            .filter_map(|s| Some((s.name.clone()?, s.value?)))
                            .filter(|(name, _)| weakening_effect(name).is_some())
                            .collect();
                        if !tls.is_empty() {
                            facts
                                .ineffective
                                .push(Ineffective::SwitchOverridesInWebConfig {
                                    span: element.start_tag.clone(),
                                    switches: tls,
                                });
                        }
                    }
                    // ASP.NET ignores the element wherever it is (TLS007 above); the CLR reads
                    // it only in `<configuration><runtime>`.
                    if web_config || path.len() == 3 {
                        facts.switches.extend(switches);
                    }
                }
            }
            (Some("appSettings"), "add") => {
                let Some(key) = element.attribute("key") else {
                    continue;
                };
                let key_text = key.value.trim();
                let switch_name = strip_prefix_ignore_case(key_text, APP_SETTINGS_SWITCH_PREFIX);
                if let Some(name) = switch_name {
                    // ASP.NET turns only the application's own keys into switches.
                    if app_path != ["configuration", "appSettings", "add"] {
                        continue;
                    }
                    facts.switches.push(SwitchSetting {
                        span: element.start_tag.clone(),
                        name: Some(name.to_owned()),
                        value: element
                            .attribute("value")
                            .and_then(|v| parse_bool(&v.value)),
                        value_span: element.attribute("value").map(|v| v.value_span.clone()),
                        origin: SwitchOrigin::AppSettings {
                            in_web_config: web_config,
                        },
                    });
                } else if key_text == SECURITY_PROTOCOL_APP_SETTING {
                    facts
                        .ineffective
                        .push(Ineffective::SecurityProtocolAppSetting {
                            span: element.start_tag.clone(),
                        });
                }
            }
            (_, "aspNetCore") => config.asp_net_core = true,
            (Some("handlers"), "add")
                if element.attribute("modules").is_some_and(|m| {
                    m.value.to_ascii_lowercase().starts_with("aspnetcoremodule")
                }) =>
            {
                config.asp_net_core = true;
            }
            (_, "transport" | "sslStreamSecurity") if path.contains(&"system.serviceModel") => {
                if let Some(attribute) = element.attribute("sslProtocols") {
                    facts.writes.push(wcf_protocols(attribute));
                }
            }
            _ => {}
        }
    }
    facts.config = Some(config);
    Ok(facts)
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `A=false;B=true`: one setting per pair, located on the pair. Pairs are split on the first
/// `=`; malformed pairs keep a `None` value (the runtime skips them).
fn switch_overrides(attribute: &Attribute, in_web_config: bool) -> Vec<SwitchSetting> {
    let raw_start = attribute.value_span.start;
    let mut out = Vec::new();
    let mut offset = 0;
    for pair in attribute.value.split(';') {
        let leading = pair.len() - pair.trim_start().len();
        let trimmed = pair.trim();
        if !trimmed.is_empty() {
            let (name, value, value_at) = match trimmed.split_once('=') {
                Some((name, value)) => (
                    name.trim(),
                    parse_bool(value),
                    Some((name.len() + 1, value)),
                ),
                None => (trimmed, None, None),
            };
            // Spans are exact when no entity changed the attribute's length.
            let exact = attribute.value.len() == attribute.value_span.len();
            let start = raw_start + offset + leading;
            let value_span = value_at.filter(|_| exact).map(|(at, value)| {
                let value_start = start + at + (value.len() - value.trim_start().len());
                value_start..value_start + value.trim().len()
            });
            out.push(SwitchSetting {
                span: if exact {
                    start..start + trimmed.len()
                } else {
                    attribute.span.clone()
                },
                name: Some(name.to_owned()),
                value,
                value_span,
                origin: SwitchOrigin::SwitchOverrides { in_web_config },
            });
        }
        offset += pair.len() + 1;
    }
    out
}

/// A WCF `sslProtocols="Tls, Tls11"` attribute as a written protocol value.
fn wcf_protocols(attribute: &Attribute) -> ProtocolWrite {
    let mut operands = Vec::new();
    let mut summary = ValueSummary::default();
    let mut offset = 0;
    for name in attribute.value.split(',') {
        let leading = name.len() - name.trim_start().len();
        let trimmed = name.trim();
        match ProtocolEnum::SslProtocols.member_value_ignore_case(trimmed) {
            Some((_, bits)) => {
                summary.bits |= bits;
                let start = attribute.value_span.start + offset + leading;
                operands.push(Operand {
                    span: start..start + trimmed.len(),
                    protocol: ProtocolEnum::SslProtocols,
                    bits,
                    text: trimmed.to_owned(),
                    written_here: true,
                });
            }
            None => summary.unknown = true,
        }
        offset += name.len() + 1;
    }
    ProtocolWrite {
        statement: attribute.span.clone(),
        value: attribute.value_span.clone(),
        op: WriteOp::Set,
        sink: Sink::SslProtocolsProperty,
        operands,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_without_tokens_are_not_parsed_but_keep_their_facts() {
        let redirects = r#"<?xml version="1.0"?>
<configuration>
  <connectionStrings><add name="Db" connectionString="a=b&amp;c" /></connectionStrings>
  <runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1" /></runtime>
</configuration>"#;
        let facts = analyze(redirects, "Web.config").unwrap();
        assert!(facts.targets.is_empty() && facts.switches.is_empty());
        let config = facts.config.unwrap();
        assert!(config.web_config && config.system_web.is_none());
        // A character reference can spell a key: such files are parsed.
        let spelled = r#"<configuration><appSettings>
  <add key="AppContext&#46;SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto" value="true" />
</appSettings></configuration>"#;
        assert_eq!(analyze(spelled, "Web.config").unwrap().switches.len(), 1);
    }

    #[test]
    fn transforms_are_recognised() {
        assert!(is_transform("Web.Release.config"));
        assert!(is_transform("app.Debug.config"));
        assert!(!is_transform("Web.config"));
        assert!(!is_transform("MyTool.exe.config"));
        assert!(!is_transform("App.exe.config"));
        assert!(!is_transform("packages.config"));
    }

    #[test]
    fn web_config_facts() {
        let text = r#"<configuration>
  <appSettings>
    <add key="appcontext.setswitch:Switch.System.Net.DontEnableSchUseStrongCrypto" value="false" />
    <add key="System.Net.ServicePointManager.SecurityProtocol" value="Tls12" />
  </appSettings>
  <runtime>
    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSystemDefaultTlsVersions=false; Other=true" />
  </runtime>
  <system.web>
    <compilation targetFramework="4.8" />
  </system.web>
  <system.serviceModel><bindings><netTcpBinding><binding><security mode="Transport">
    <transport sslProtocols="Tls, Tls11, Tls12" />
  </security></binding></netTcpBinding></bindings></system.serviceModel>
</configuration>"#;
        let facts = analyze(text, "Web.config").unwrap();
        let config = facts.config.as_ref().unwrap();
        assert!(config.web_config && config.system_web.is_some() && config.http_runtime.is_none());
        assert_eq!(facts.switches.len(), 3);
        assert_eq!(facts.switches[0].value, Some(false));
        assert!(matches!(
            facts.switches[0].origin,
            SwitchOrigin::AppSettings {
                in_web_config: true
            }
        ));
        assert_eq!(
            &text[facts.switches[1].span.clone()],
            "Switch.System.Net.DontEnableSystemDefaultTlsVersions=false"
        );
        assert_eq!(facts.ineffective.len(), 2);
        let wcf = &facts.writes[0];
        let names: Vec<&str> = wcf.operands.iter().map(|o| &text[o.span.clone()]).collect();
        assert_eq!(names, ["Tls", "Tls11", "Tls12"]);
    }

    #[test]
    fn application_level_locations_are_the_applications_own() {
        for location in [
            r#"<location path="." inheritInChildApplications="false">"#,
            r#"<location path="">"#,
            r#"<location inheritInChildApplications="false">"#,
        ] {
            let text = format!(
                r#"<configuration>
  {location}
    <appSettings><add key="AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto" value="false" /></appSettings>
    <system.web>
      <compilation targetFramework="4.7.2" />
      <httpRuntime targetFramework="4.5" />
    </system.web>
  </location>
</configuration>"#
            );
            let facts = analyze(&text, "Web.config").unwrap();
            let config = facts.config.as_ref().unwrap();
            assert_eq!(&text[config.system_web.clone().unwrap()], "<system.web>");
            assert_eq!(facts.targets.len(), 1, "{location}");
            assert_eq!(facts.targets[0].value, "4.5");
            assert!(config.http_runtime.is_some() && config.compilation_target.is_some());
            assert_eq!(facts.switches.len(), 1, "{location}");
        }
    }

    #[test]
    fn sub_path_locations_are_not_the_applications() {
        let text = r#"<configuration>
  <system.web><httpRuntime targetFramework="4.8" /></system.web>
  <location path="admin">
    <appSettings><add key="AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto" value="true" /></appSettings>
    <system.web><httpRuntime targetFramework="4.5" /></system.web>
  </location>
</configuration>"#;
        let facts = analyze(text, "Web.config").unwrap();
        assert_eq!(facts.targets.len(), 1);
        assert_eq!(facts.targets[0].value, "4.8");
        assert!(
            facts.switches.is_empty(),
            "ASP.NET reads the application's keys only"
        );
        // Only a sub-path's <system.web>: not the application's.
        let only_admin = r#"<configuration><location path="admin"><system.web><httpRuntime targetFramework="4.5" /></system.web></location></configuration>"#;
        let facts = analyze(only_admin, "Web.config").unwrap();
        assert!(facts.targets.is_empty());
        assert_eq!(facts.config.unwrap().system_web, None);
    }

    #[test]
    fn the_clr_reads_runtime_and_startup_only_at_the_top() {
        let text = r#"<configuration>
  <location path=".">
    <startup><supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.5" /></startup>
    <runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" /></runtime>
  </location>
</configuration>"#;
        let facts = analyze(text, "App.config").unwrap();
        assert!(facts.targets.is_empty() && facts.switches.is_empty());
        let top = r#"<configuration><runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" /></runtime></configuration>"#;
        assert_eq!(analyze(top, "App.config").unwrap().switches.len(), 1);
        // ASP.NET ignores the element anywhere: TLS007 says so wherever it is.
        let web = text.replace("path=\".\"", "path=\"admin\"");
        assert_eq!(analyze(&web, "Web.config").unwrap().ineffective.len(), 1);
    }

    #[test]
    fn library_configs_set_no_target() {
        assert!(is_library_config("Acme.Barcode.dll.config"));
        assert!(is_library_config("FOO.DLL.CONFIG"));
        assert!(!is_library_config("Tool.exe.config"));
        assert!(!is_library_config("App.config"));
        let text = "<configuration><startup><supportedRuntime version=\"v4.0\" sku=\".NETFramework,Version=v4.0\"/></startup></configuration>";
        let facts = analyze(text, "Acme.Barcode.dll.config").unwrap();
        assert!(facts.targets.is_empty());
        assert!(facts.config.unwrap().library);
        assert_eq!(analyze(text, "Tool.exe.config").unwrap().targets.len(), 1);
    }

    #[test]
    fn app_config_targets() {
        let text = "<configuration><startup><supportedRuntime version=\"v4.0\" sku=\".NETFramework,Version=v4.5.2\"/></startup></configuration>";
        let facts = analyze(text, "App.config").unwrap();
        assert_eq!(facts.targets.len(), 1);
        assert_eq!(facts.targets[0].value, ".NETFramework,Version=v4.5.2");
        assert!(facts.ineffective.is_empty());
    }
}
