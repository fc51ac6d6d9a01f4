//! `.reg` files (`Windows Registry Editor Version 5.00`, usually UTF-16 with a BOM, or
//! `REGEDIT4`): the values under each key, with spans (domain.md §3.4).

use crate::facts::{FileFacts, RegistryData, RegistryValue};

pub fn analyze(text: &str) -> FileFacts {
    FileFacts {
        registry: parse(text),
        ..FileFacts::default()
    }
}

/// Parses the values of a `.reg` file. Deleted keys (`[-HKEY…]`) hold no values; lines ending in
/// `\` continue on the next line; `;` starts a comment.
pub fn parse(text: &str) -> Vec<RegistryValue> {
    let mut values = Vec::new();
    let mut key: Option<String> = None;
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(first) = lines.next() {
        let start = offset;
        offset += first.len();
        let mut logical = first.trim_end_matches(['\n', '\r']).to_owned();
        let mut end = start + logical.len();
        while logical.trim_end().ends_with('\\') {
            let Some(next) = lines.next() else { break };
            let trimmed = logical.trim_end();
            logical.truncate(trimmed.len() - 1);
            logical.push_str(next.trim_end_matches(['\n', '\r']).trim_start());
            end = offset + next.trim_end_matches(['\n', '\r']).len();
            offset += next.len();
        }
        let line = logical.trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[') {
            let section = section.trim_end().trim_end_matches(']');
            key = (!section.starts_with('-')).then(|| section.trim().to_owned());
            continue;
        }
        let Some(current) = &key else { continue };
        let Some((name, data)) = split_value(line) else {
            continue;
        };
        let leading = logical.len() - logical.trim_start().len();
        let data_offset = logical.find(data).unwrap_or(0);
        values.push(RegistryValue {
            key: current.clone(),
            name,
            data: parse_data(data),
            span: start + leading..end.max(start + leading),
            data_span: start + data_offset
                ..(start + data_offset + data.len()).min(end.max(start + data_offset)),
        });
    }
    values
}

/// `"Name"=data` or `@=data` → (name, data).
fn split_value(line: &str) -> Option<(String, &str)> {
    if let Some(rest) = line.strip_prefix('@') {
        return Some((String::new(), rest.trim_start().strip_prefix('=')?.trim()));
    }
    let rest = line.strip_prefix('"')?;
    let mut name = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    name.push(escaped);
                }
            }
            '"' => {
                let after = rest[i + 1..].trim_start().strip_prefix('=')?;
                return Some((name, after.trim()));
            }
            other => name.push(other),
        }
    }
    None
}

fn parse_data(data: &str) -> RegistryData {
    if data == "-" {
        return RegistryData::Delete;
    }
    if let Some(hex) = data
        .strip_prefix("dword:")
        .or_else(|| data.strip_prefix("DWORD:"))
    {
        return u32::from_str_radix(hex.trim(), 16)
            .map_or(RegistryData::Other, RegistryData::Dword);
    }
    if let Some(quoted) = data.strip_prefix('"') {
        let inner = quoted.strip_suffix('"').unwrap_or(quoted);
        return RegistryData::String(inner.replace("\\\\", "\\").replace("\\\"", "\""));
    }
    RegistryData::Other
}

/// Registry key paths as written in `.reg` files, scripts and `reg.exe` (`HKLM\…`,
/// `HKEY_LOCAL_MACHINE\…`, `HKLM:\…`, `Registry::HKEY_LOCAL_MACHINE\…`), upper-cased with the
/// hive spelled out and `Wow6432Node` removed, so that both views match the same patterns.
pub fn normalize_key(key: &str) -> String {
    let mut key = key
        .trim()
        .trim_matches(['"', '\''])
        .replace('/', "\\")
        .to_ascii_uppercase();
    for prefix in ["MICROSOFT.POWERSHELL.CORE\\REGISTRY::", "REGISTRY::"] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.to_owned();
        }
    }
    for (short, long) in [
        ("HKLM:", "HKEY_LOCAL_MACHINE"),
        ("HKLM", "HKEY_LOCAL_MACHINE"),
        ("HKCU:", "HKEY_CURRENT_USER"),
        ("HKCU", "HKEY_CURRENT_USER"),
    ] {
        if let Some(rest) = key.strip_prefix(short)
            && (rest.is_empty() || rest.starts_with('\\'))
        {
            key = format!("{long}{rest}");
            break;
        }
    }
    key.replace("\\WOW6432NODE\\", "\\")
}

/// A registry value that decides which protocol versions programs use when they do not choose
/// (domain.md §3.6, §6.3), whatever file or script writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolDefault {
    /// `DefaultSecureProtocols` under `…\Internet Settings\WinHttp` (either registry view):
    /// WinHTTP programs that do not set `WINHTTP_OPTION_SECURE_PROTOCOLS`.
    WinHttp,
    /// `SecureProtocols` under `…\Internet Settings` (HKCU or HKLM, policies included):
    /// WinINet and Internet Explorer.
    InternetSettings,
}

impl ProtocolDefault {
    /// Which default `value` sets, if any (key and name in any case).
    pub fn of(value: &RegistryValue) -> Option<ProtocolDefault> {
        let key = normalize_key(&value.key);
        let name = value.name.to_ascii_lowercase();
        if name == "defaultsecureprotocols" && key.ends_with("\\INTERNET SETTINGS\\WINHTTP") {
            Some(ProtocolDefault::WinHttp)
        } else if name == "secureprotocols" && key.ends_with("\\INTERNET SETTINGS") {
            Some(ProtocolDefault::InternetSettings)
        } else {
            None
        }
    }

    /// The value's name, as Windows documents it.
    pub fn value_name(self) -> &'static str {
        match self {
            ProtocolDefault::WinHttp => "DefaultSecureProtocols",
            ProtocolDefault::InternetSettings => "SecureProtocols",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_defaults_by_key_and_name() {
        let default = |key: &str, name: &str| {
            ProtocolDefault::of(&RegistryValue {
                key: key.to_owned(),
                name: name.to_owned(),
                data: RegistryData::Dword(0xA0),
                span: 0..0,
                data_span: 0..0,
            })
        };
        let winhttp = "HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp";
        let internet =
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
        assert_eq!(
            default(winhttp, "defaultSecureProtocols"),
            Some(ProtocolDefault::WinHttp)
        );
        assert_eq!(
            default(internet, "SecureProtocols"),
            Some(ProtocolDefault::InternetSettings)
        );
        // Each name counts under its own key only.
        assert_eq!(default(winhttp, "SecureProtocols"), None);
        assert_eq!(default(internet, "DefaultSecureProtocols"), None);
        assert_eq!(
            default("HKLM\\SOFTWARE\\Contoso\\WinHttp", "DefaultSecureProtocols"),
            None
        );
    }

    #[test]
    fn parses_values_sections_and_continuations() {
        let text = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\r\n\"SchUseStrongCrypto\"=dword:00000000\r\n; comment\r\n\"Name With \\\"Quote\\\"\"=\"a\\\\b\"\r\n\"Bin\"=hex:01,02,\\\r\n  03\r\n[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Gone]\r\n\"Ignored\"=dword:1\r\n";
        let values = parse(text);
        assert_eq!(values.len(), 3);
        assert_eq!(values[0].name, "SchUseStrongCrypto");
        assert_eq!(values[0].data, RegistryData::Dword(0));
        assert_eq!(
            &text[values[0].span.clone()],
            "\"SchUseStrongCrypto\"=dword:00000000"
        );
        assert_eq!(&text[values[0].data_span.clone()], "dword:00000000");
        assert_eq!(values[1].name, "Name With \"Quote\"");
        assert_eq!(values[1].data, RegistryData::String("a\\b".into()));
        assert_eq!(values[2].data, RegistryData::Other);
    }

    #[test]
    fn normalizes_hives_and_views() {
        assert_eq!(
            normalize_key("HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319"),
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\MICROSOFT\\.NETFRAMEWORK\\V4.0.30319"
        );
        assert_eq!(
            normalize_key("Registry::HKEY_LOCAL_MACHINE\\SOFTWARE"),
            "HKEY_LOCAL_MACHINE\\SOFTWARE"
        );
    }
}
