//! `runtimeconfig.template.json` and `*.runtimeconfig.json`: AppContext switches in
//! `configProperties` (TLS004).

use crate::facts::{FileFacts, SwitchOrigin, SwitchSetting};

/// Whether a file name is a runtime configuration file tlslint reads.
pub fn is_runtimeconfig(file_name: &str) -> bool {
    let ends_with = |suffix: &str| {
        file_name.len() >= suffix.len()
            && file_name.as_bytes()[file_name.len() - suffix.len()..]
                .eq_ignore_ascii_case(suffix.as_bytes())
    };
    file_name.eq_ignore_ascii_case("runtimeconfig.template.json")
        || ends_with(".runtimeconfig.json")
        || ends_with(".runtimeconfig.dev.json")
}

pub fn analyze(text: &str) -> Result<FileFacts, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let properties = json.get("configProperties").or_else(|| {
        json.get("runtimeOptions")
            .and_then(|r| r.get("configProperties"))
    });
    let mut facts = FileFacts::default();
    let Some(serde_json::Value::Object(properties)) = properties else {
        return Ok(facts);
    };
    let search_from = text.find("configProperties").unwrap_or(0);
    for (name, value) in properties {
        let value = match value {
            serde_json::Value::Bool(b) => Some(*b),
            serde_json::Value::String(s) => crate::lang::msbuild::parse_bool(s),
            _ => None,
        };
        // serde_json keeps no positions: find the quoted key after `configProperties`.
        let quoted = format!("\"{name}\"");
        let at = text[search_from..].find(&quoted).map(|i| search_from + i);
        let span = at.map_or(0..0, |at| at..at + quoted.len());
        // The value follows the key and a colon: `true`, or a quoted `"true"`.
        let value_span = at.and_then(|at| {
            let after = at + quoted.len();
            let rest = &text[after..];
            let colon = rest.find(':')?;
            let value_text = rest[colon + 1..].trim_start();
            let start = after + colon + 1 + (rest[colon + 1..].len() - value_text.len());
            let length = ["true", "\"true\"", "True", "\"True\""]
                .iter()
                .find(|v| value_text.starts_with(**v))?
                .len();
            Some(start..start + length)
        });
        facts.switches.push(SwitchSetting {
            span,
            name: Some(name.clone()),
            value,
            value_span,
            origin: SwitchOrigin::RuntimeConfig,
        });
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_template_and_generated_files() {
        let template = "{\n  \"configProperties\": {\n    \"Switch.System.Net.DontEnableSchUseStrongCrypto\": true\n  }\n}\n";
        let facts = analyze(template).unwrap();
        assert_eq!(facts.switches.len(), 1);
        assert_eq!(
            &template[facts.switches[0].span.clone()],
            "\"Switch.System.Net.DontEnableSchUseStrongCrypto\""
        );
        let generated = "{\"runtimeOptions\":{\"configProperties\":{\"Switch.System.Net.DontEnableSystemDefaultTlsVersions\":\"true\"}}}";
        assert_eq!(analyze(generated).unwrap().switches[0].value, Some(true));
        assert!(analyze("{ not json").is_err());
        assert!(is_runtimeconfig("MyApp.runtimeconfig.json"));
        assert!(!is_runtimeconfig("appsettings.json"));
    }
}
