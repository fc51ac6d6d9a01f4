//! The settings an editor sends: `initializationOptions`, and `settings` of
//! `workspace/didChangeConfiguration`, either `{ "tlslint": { … } }` or the keys themselves.
//!
//! ```json
//! { "select": ["TLS001"], "ignore": ["TLS003"], "targetFramework": "4.8",
//!   "configPath": "build/tlslint.toml" }
//! ```
//!
//! Every key is optional; unknown keys are ignored (a newer editor extension may send more).
//! A value that means nothing is left out with a warning for the user, never an error: the
//! server goes on with the other settings.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::{CliOverrides, parse_framework_version};
use crate::engine::{CheckOptions, ConfigChoice};
use crate::rules;
use crate::target::FrameworkVersion;

/// The settings in effect.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `select`: only these rules (`None`: as the configuration says).
    pub select: Option<Vec<String>>,
    /// `ignore`: never these rules.
    pub ignore: Vec<String>,
    /// `targetFramework`: what fixes retarget old projects to.
    pub target_framework: Option<FrameworkVersion>,
    /// `configPath`: this configuration file instead of the `tlslint.toml` files found.
    pub config_path: Option<PathBuf>,
}

/// The keys of the settings, as editors send them.
const KEYS: [&str; 4] = ["select", "ignore", "targetFramework", "configPath"];

/// Whether `value` holds tlslint's settings: the `tlslint` section or one of its keys. A client
/// that has none to give sends `{}` (Neovim does after `initialize`), which must not undo the
/// `initializationOptions`.
pub fn speaks_about_tlslint(value: &Value) -> bool {
    value.get("tlslint").is_some() || KEYS.iter().any(|key| value.get(key).is_some())
}

impl Settings {
    /// Reads settings from what a client sent; relative paths are relative to `root`. Returns
    /// the settings and a warning for each value that was left out.
    pub fn from_json(value: &Value, root: &Path) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut warnings = Vec::new();
        let object = match value.get("tlslint") {
            Some(Value::Object(nested)) => nested,
            _ => match value {
                Value::Object(flat) => flat,
                Value::Null => return (settings, warnings),
                other => {
                    warnings.push(format!("settings must be an object, not `{other}`"));
                    return (settings, warnings);
                }
            },
        };
        let mut warn = |key: &str, problem: String| {
            warnings.push(format!("setting `{key}` ignored: {problem}"));
        };
        if let Some(value) = object.get("select") {
            match rule_list(value) {
                // An empty list is how editors show "not set": it would turn every rule off.
                Ok(list) if list.is_empty() => {}
                Ok(list) => settings.select = Some(list),
                Err(problem) => warn("select", problem),
            }
        }
        if let Some(value) = object.get("ignore") {
            match rule_list(value) {
                Ok(list) => settings.ignore = list,
                Err(problem) => warn("ignore", problem),
            }
        }
        match optional_string(object.get("targetFramework")) {
            Ok(None) => {}
            Ok(Some(text)) => match parse_framework_version(text) {
                Ok(version) => settings.target_framework = Some(version),
                Err(problem) => warn("targetFramework", problem),
            },
            Err(problem) => warn("targetFramework", problem),
        }
        match optional_string(object.get("configPath")) {
            Ok(None) => {}
            Ok(Some(text)) => {
                let path = root.join(text);
                if path.is_file() {
                    settings.config_path = Some(path);
                } else {
                    warn("configPath", format!("{} is not a file", path.display()));
                }
            }
            Err(problem) => warn("configPath", problem),
        }
        (settings, warnings)
    }

    /// The options of a check of `folders` (paths shown relative to `root`) with these
    /// settings: what `tlslint check --select … --ignore … --target-framework … --config …
    /// FOLDERS` would use.
    pub fn check_options(&self, folders: Vec<PathBuf>, root: PathBuf) -> CheckOptions {
        let mut options = CheckOptions::new(folders, root);
        options.overrides = CliOverrides {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            target_framework: self.target_framework,
            ..CliOverrides::default()
        };
        if let Some(path) = &self.config_path {
            options.config = ConfigChoice::File(path.clone());
        }
        options
    }
}

/// A list of rule selectors (ids, names or `ALL`), checked now so that a typo is reported
/// when it is made rather than failing every check.
fn rule_list(value: &Value) -> Result<Vec<String>, String> {
    let list = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                other => Err(format!("`{other}` is not a rule id")),
            })
            .collect::<Result<Vec<String>, String>>()?,
        other => return Err(format!("expected a list of rule ids, not `{other}`")),
    };
    rules::resolve_selectors(&list)?;
    Ok(list)
}

/// A string setting; `null` and the empty string mean "not set".
fn optional_string(value: Option<&Value>) -> Result<Option<&str>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(format!("expected a string, not `{other}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_and_flat_forms_read_the_same() {
        let root = Path::new("/nowhere");
        let flat = json!({"select": ["TLS001", "deprecated-ssl-protocols"], "ignore": ["TLS003"],
            "targetFramework": "4.7.2", "unknown": 1});
        let nested = json!({ "tlslint": flat.clone(), "other-tool": {"select": 3} });
        for value in [flat, nested] {
            let (settings, warnings) = Settings::from_json(&value, root);
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(
                settings.select,
                Some(vec!["TLS001".into(), "deprecated-ssl-protocols".into()])
            );
            assert_eq!(settings.ignore, vec!["TLS003".to_owned()]);
            assert_eq!(
                settings.target_framework,
                Some(FrameworkVersion::new(4, 7, 2))
            );
            let options = settings.check_options(vec![root.into()], root.into());
            assert_eq!(options.overrides.ignore, vec!["TLS003".to_owned()]);
            assert!(matches!(options.config, ConfigChoice::Discover));
        }
    }

    #[test]
    fn bad_values_are_left_out_with_a_warning() {
        let value = json!({"select": ["TLS999"], "ignore": "TLS001", "targetFramework": "3.5",
            "configPath": "missing.toml"});
        let (settings, warnings) = Settings::from_json(&value, Path::new("/nowhere"));
        assert_eq!(settings, Settings::default());
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings[0].contains("`select`") && warnings[0].contains("TLS999"));
        assert!(warnings[3].contains("missing.toml"));
        let (_, warnings) = Settings::from_json(&json!([1]), Path::new("/"));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn only_settings_with_our_keys_are_ours() {
        assert!(speaks_about_tlslint(&json!({"tlslint": {}})));
        assert!(speaks_about_tlslint(&json!({"configPath": null})));
        assert!(!speaks_about_tlslint(&json!({})));
        assert!(!speaks_about_tlslint(&json!({"other": {"select": []}})));
        assert!(!speaks_about_tlslint(&Value::Null));
    }

    #[test]
    fn empty_values_mean_not_set() {
        let value =
            json!({"select": [], "ignore": null, "targetFramework": "", "configPath": null});
        let (settings, warnings) = Settings::from_json(&value, Path::new("/nowhere"));
        assert_eq!(settings, Settings::default());
        assert!(warnings.is_empty());
        assert_eq!(
            Settings::from_json(&Value::Null, Path::new("/")).0,
            Settings::default()
        );
    }

    #[test]
    fn config_path_is_relative_to_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("lint.toml"), "").unwrap();
        let (settings, warnings) =
            Settings::from_json(&json!({"configPath": "lint.toml"}), dir.path());
        assert!(warnings.is_empty());
        let options = settings.check_options(vec![], dir.path().into());
        assert!(
            matches!(options.config, ConfigChoice::File(path) if path == dir.path().join("lint.toml"))
        );
    }
}
