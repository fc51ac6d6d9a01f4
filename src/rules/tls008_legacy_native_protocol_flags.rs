//! TLS008 legacy-native-protocol-flags.

use std::collections::BTreeSet;

use super::{FileContext, Precision, RuleMeta, finding};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{
    FileFacts, NativeApi, NativeOperand, NativeProtocolValue, RegistryData, RegistryValue, WriteOp,
};
use crate::lang::registry::normalize_key;
use crate::protocol::describe_versions;

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS008",
    name: "legacy-native-protocol-flags",
    summary: "native WinHTTP/Schannel protocol flags (C/C++, `.reg`) that enable SSL 2.0/3.0 or TLS 1.0/1.1, or leave out TLS 1.2",
    default_severity: Severity::Error,
    explanation: EXPLANATION,
    precision: Precision::High,
    security_severity: "7.5",
    tags: &["security", "external/cwe/cwe-327", "external/cwe/cwe-757"],
    languages: &["C/C++", "registry file"],
    since: "0.1.0",
    check,
    check_project: None,
};

const EXPLANATION: &str = r#"## What it does
Flags the protocol versions native Windows code asks for, in C and C++ (C++/CLI included):

- **WinHTTP**: the value passed with `WINHTTP_OPTION_SECURE_PROTOCOLS` (option 84) to
  `WinHttpSetOption` (or a wrapper or function pointer taking the same arguments). One finding per
  legacy operand: `WINHTTP_FLAG_SECURE_PROTOCOL_SSL2`, `_SSL3`, `_TLS1`, `_TLS1_1`, and
  `WINHTTP_FLAG_SECURE_PROTOCOL_ALL`, which despite its name means SSL 2.0 + SSL 3.0 + TLS 1.0
  only.
- **Schannel**: `SCHANNEL_CRED.grbitEnabledProtocols` (assigned, or set in a designated or
  positional initialiser): `SP_PROT_SSL2_*`, `SP_PROT_SSL3_*`, `SP_PROT_TLS1_*`, `SP_PROT_TLS1_0_*`,
  `SP_PROT_TLS1_1_*` (client and server), the combinations that include them
  (`SP_PROT_TLS1_X_CLIENT`, `SP_PROT_SSL3TLS1_CLIENTS`, …), and legacy bits in integers. `0`, the
  system default, is fine. For `SCH_CREDENTIALS`, a `TLS_PARAMETERS.grbitDisabledProtocols` value
  that disables the TLS 1.2 client is flagged on that value.
- **Registry** (`.reg` files): WinHTTP's `DefaultSecureProtocols`
  (`HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\WinHttp`, also under
  `Wow6432Node`) and the Internet Settings `SecureProtocols` value (HKCU or HKLM) when they have
  no TLS 1.2 bit (`0x800`).

The value is followed to where it is written: inline, through a local variable initialised or
assigned earlier in the same function (`DWORD protocols = …; protocols |= …;`), a global, an
enumerator, or a `#define` in the same file. Each legacy operand is reported where it is written
(the initialiser, the argument, the macro body), once. SDK names count by their documented
values even where a project redefines them (sometimes wrongly); integers count by their bits
(`0xA8`, `0x80 | 0x800`). The message says when the value has no TLS 1.2 or 1.3 at all: then
nothing modern can be negotiated. Comments, strings and code under `#if 0` are not read; every
other preprocessor branch is.

Not followed (no finding, never a guess): values from struct or class members, function
parameters and return values, function-like macros, and names defined in another file (a
header's own `#define MY_PROTOCOLS …`). A value known to lack TLS 1.2 but without a visible
legacy operand (`supported & ~SP_PROT_TLS1_1PLUS_CLIENT`) is not reported either.

## Why is this bad?
SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 are broken or deprecated, and servers refuse them (Azure
retired TLS 1.0/1.1 on 31 March 2023). A native client that names its versions explicitly gets
exactly those: if TLS 1.2 is not among them, it cannot connect to a server that requires it,
whatever the machine's registry says. `WINHTTP_FLAG_SECURE_PROTOCOL_ALL` is a classic trap: it
predates TLS 1.1. A legacy version next to TLS 1.2 still lets a downgrade-prone or misconfigured
peer negotiate it, and keeps the code from following the OS as it retires old versions.

## Severity
Error, for every finding: the rule has one severity, like TLS001 and TLS002, whose
`Tls | Tls11 | Tls12` is an error too. A value without TLS 1.2 breaks connections outright (the
message says so); a legacy operand next to TLS 1.2 is the same defect waiting for a server or a
policy that refuses it. Lower it per path with `[severity]`/`[[overrides]]` if you triage the
second kind later.

## Example
```cpp
DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;
WinHttpSetOption(session, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols));

SCHANNEL_CRED cred = { 0 };
cred.dwVersion = SCHANNEL_CRED_VERSION;
cred.grbitEnabledProtocols = SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT;
```
```reg
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\WinHttp]
"DefaultSecureProtocols"=dword:000000a0
```

## Use instead
```cpp
DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;   // or drop the option: OS default
WinHttpSetOption(session, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols));

cred.grbitEnabledProtocols = 0;   // the system default (or SP_PROT_TLS1_2_CLIENT)
```
```reg
"DefaultSecureProtocols"=dword:00000800
```

## Fix
Drop the legacy operands when TLS 1.2 (or 1.3) stays in the value. When nothing modern is left:
for WinHTTP, use `WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2` alone (add
`WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3` where the SDK defines it, Windows 11 / Server 2022), or
remove the `WINHTTP_OPTION_SECURE_PROTOCOLS` call to get the OS default; for Schannel, set
`grbitEnabledProtocols` to 0 (the system default) or to `SP_PROT_TLS1_2_CLIENT`. The system
default is not modern everywhere: Schannel's includes TLS 1.2 from Windows 8 / Server 2012 on,
WinHTTP's from Windows 8.1 / Server 2012 R2 on. Windows 7 and Server 2008 R2 need the SCHANNEL
`TLS 1.2\Client` registry keys, and WinHTTP on Windows 7 and Server 2012 also needs KB3140245
with `DefaultSecureProtocols`. A combined name such as `SP_PROT_TLS1_X_CLIENT` is replaced by its
modern part. For `grbitDisabledProtocols`, disable only what is older than TLS 1.2 (or use 0 to
follow the system policy). Registry values become `dword:00000800` (`00002800` with TLS 1.3).
All of these change which versions are negotiated, so they are unsafe fixes.

## References
- [WinHTTP option flags: WINHTTP_OPTION_SECURE_PROTOCOLS](https://learn.microsoft.com/windows/win32/winhttp/option-flags)
- [SCHANNEL_CRED structure](https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-schannel_cred)
- [SCH_CREDENTIALS and TLS_PARAMETERS](https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-tls_parameters)
- [KB3140245: TLS 1.1 and TLS 1.2 as default secure protocols in WinHTTP](https://support.microsoft.com/help/3140245)
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
"#;

/// Schannel bits by side (WinHTTP uses the client bits).
const PCT1: u32 = 0x3;
const LEGACY: u32 = 0x3FF;
const SERVER_BITS: u32 = 0x4005_5555;
const TLS12_CLIENT: u32 = 0x800;
const TLS13_CLIENT: u32 = 0x2000;
const TLS12_SERVER: u32 = 0x400;
const TLS13_SERVER: u32 = 0x1000;

/// Which end of a connection a Schannel value is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Client,
    Server,
}

impl Side {
    /// A value is a server's when everything it names is a server bit.
    fn of(value: &NativeProtocolValue) -> Side {
        let named = value.operands.iter().fold(0, |bits, o| bits | o.bits);
        if value.api != NativeApi::WinHttpSecureProtocols && named != 0 && named & !SERVER_BITS == 0
        {
            Side::Server
        } else {
            Side::Client
        }
    }

    fn tls12(self) -> u32 {
        match self {
            Side::Client => TLS12_CLIENT,
            Side::Server => TLS12_SERVER,
        }
    }

    fn tls13(self) -> u32 {
        match self {
            Side::Client => TLS13_CLIENT,
            Side::Server => TLS13_SERVER,
        }
    }

    fn modern(self) -> u32 {
        self.tls12() | self.tls13()
    }

    fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

/// "SSL 3.0 and TLS 1.0", with PCT 1.0 too.
fn versions(bits: u32) -> String {
    let described = describe_versions(bits & !PCT1);
    if bits & PCT1 == 0 {
        described
    } else if bits & !PCT1 & 0x3FFF == 0 {
        "PCT 1.0".to_owned()
    } else {
        format!("PCT 1.0, {described}")
    }
}

fn check(_ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    let mut reported = BTreeSet::new();
    for value in &facts.native {
        match value.api {
            NativeApi::WinHttpSecureProtocols | NativeApi::SchannelEnabledProtocols => {
                enabled(value, &mut reported, out);
            }
            NativeApi::SchannelDisabledProtocols => disabled(value, &mut reported, out),
        }
    }
    for value in &facts.registry {
        if let Some(f) = registry(value) {
            out.push(f);
        }
    }
}

/// One finding per legacy operand of a value that enables versions.
fn enabled(
    value: &NativeProtocolValue,
    reported: &mut BTreeSet<(usize, usize)>,
    out: &mut Vec<Finding>,
) {
    let side = Side::of(value);
    // Nothing TLS 1.2+ can be in the value (an `|=` adds to a value we do not see).
    let lacks_modern = value.op == WriteOp::Set && value.bits.possible & side.modern() == 0;
    for operand in &value.operands {
        let legacy = operand.bits & LEGACY & value.bits.possible;
        if legacy == 0 || !reported.insert((operand.span.start, operand.span.end)) {
            continue;
        }
        let versions = versions(legacy);
        let place = match value.api {
            NativeApi::WinHttpSecureProtocols => "for WinHTTP",
            _ => "in `grbitEnabledProtocols`",
        };
        let all = if operand.text.ends_with("SECURE_PROTOCOL_ALL") {
            " (`…_ALL` means exactly these, nothing newer)"
        } else {
            ""
        };
        let consequence = if lacks_modern {
            ", and the value has no TLS 1.2 or 1.3: nothing modern can be negotiated"
        } else {
            ""
        };
        out.push(finding(
            &RULE,
            operand.span.clone(),
            format!(
                "`{}` enables deprecated {versions} {place}{all}{consequence}",
                operand.text
            ),
            format!("enables {versions}"),
            Some(enabled_help(value, operand, side)),
        ));
    }
}

/// What to write instead of a legacy operand.
fn enabled_help(value: &NativeProtocolValue, operand: &NativeOperand, side: Side) -> String {
    let winhttp = value.api == NativeApi::WinHttpSecureProtocols;
    let own_modern = operand.bits & side.modern();
    if own_modern != 0 {
        return format!(
            "replace `{}` with `{}`",
            operand.text,
            modern_names(own_modern, side, winhttp, operand)
        );
    }
    let others_modern = value
        .operands
        .iter()
        .any(|o| o.span != operand.span && o.bits & LEGACY == 0 && o.bits & side.modern() != 0);
    if value.op == WriteOp::Add && !others_modern {
        return "delete this statement: it only adds deprecated versions".to_owned();
    }
    if others_modern {
        return format!(
            "remove `{}` from the value; the TLS 1.2+ part stays enabled",
            operand.text
        );
    }
    if !value.bits.is_known() {
        return format!("remove `{}` from the value", operand.text);
    }
    if winhttp {
        "use `WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2` alone (with `| WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3` where the SDK has it), or drop the `WINHTTP_OPTION_SECURE_PROTOCOLS` option to get the OS default (Windows 8.1 and later; Windows 7 and Server 2012 need KB3140245 and `DefaultSecureProtocols` first)".to_owned()
    } else {
        format!(
            "set `grbitEnabledProtocols` to 0, the system default (on Windows 7 / Server 2008 R2 enable the TLS 1.2 {} in the SCHANNEL registry first), or to `SP_PROT_TLS1_2_{}`",
            side.name(),
            side.name().to_ascii_uppercase()
        )
    }
}

/// The modern part of a combined operand, written the way the operand is.
fn modern_names(bits: u32, side: Side, winhttp: bool, operand: &NativeOperand) -> String {
    if operand.text.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("0x{bits:X}");
    }
    let mut names = Vec::new();
    for (bit, version) in [(side.tls12(), "1_2"), (side.tls13(), "1_3")] {
        if bits & bit != 0 {
            names.push(if winhttp {
                format!("WINHTTP_FLAG_SECURE_PROTOCOL_TLS{version}")
            } else {
                format!("SP_PROT_TLS{version}_{}", side.name().to_ascii_uppercase())
            });
        }
    }
    names.join(" | ")
}

/// A `grbitDisabledProtocols` value that turns TLS 1.2 off.
fn disabled(
    value: &NativeProtocolValue,
    reported: &mut BTreeSet<(usize, usize)>,
    out: &mut Vec<Finding>,
) {
    let side = Side::of(value);
    if value.bits.set & side.tls12() == 0 || !reported.insert((value.value.start, value.value.end))
    {
        return;
    }
    let both = value.bits.set & side.tls13() != 0;
    let consequence = if both {
        "TLS 1.2 and TLS 1.3: nothing modern can be negotiated".to_owned()
    } else if value.bits.possible & side.tls13() == 0 {
        format!(
            "the TLS 1.2 {}: only peers that offer TLS 1.3 can be reached",
            side.name()
        )
    } else {
        format!("the TLS 1.2 {}", side.name())
    };
    let upper = side.name().to_ascii_uppercase();
    out.push(finding(
        &RULE,
        value.value.clone(),
        format!("`grbitDisabledProtocols` disables {consequence}"),
        "disables TLS 1.2".to_owned(),
        Some(format!(
            "disable only what is older than TLS 1.2 (`SP_PROT_TLS1_0_{upper} | SP_PROT_TLS1_1_{upper}`), or use 0 to follow the system policy"
        )),
    ));
}

/// `DefaultSecureProtocols` (WinHTTP) and Internet Settings `SecureProtocols` without TLS 1.2
/// (domain.md §3.6, §6.3).
fn registry(value: &RegistryValue) -> Option<Finding> {
    let RegistryData::Dword(bits) = value.data else {
        return None;
    };
    // 0 is not documented for either value; TLS 1.2 present is what matters here.
    if bits == 0 || bits & TLS12_CLIENT != 0 {
        return None;
    }
    let key = normalize_key(&value.key);
    let name = value.name.to_ascii_lowercase();
    let (what, who) =
        if name == "defaultsecureprotocols" && key.ends_with("\\INTERNET SETTINGS\\WINHTTP") {
            (
                "DefaultSecureProtocols",
                "WinHTTP programs that keep the default",
            )
        } else if name == "secureprotocols" && key.ends_with("\\INTERNET SETTINGS") {
            ("SecureProtocols", "WinINet and Internet Explorer")
        } else {
            return None;
        };
    let consequence = if bits & TLS13_CLIENT != 0 {
        "with TLS 1.3 only: servers that stop at TLS 1.2 cannot be reached"
    } else {
        "without TLS 1.2"
    };
    Some(finding(
        &RULE,
        value.span.clone(),
        format!(
            "`{what}`=0x{bits:08X} ({}) leaves {who} {consequence}",
            versions(bits)
        ),
        "no TLS 1.2".to_owned(),
        Some(format!(
            "set `\"{what}\"=dword:00000800` (`00002800` adds TLS 1.3 on Windows 11 / Server 2022){}",
            if what == "DefaultSecureProtocols" {
                "; Windows 7 and Server 2012 also need KB3140245"
            } else {
                ""
            }
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lang::{FileKind, analyze_markup, cpp};
    use crate::rules::FileContext;
    use crate::target::Target;

    /// `(quoted code, message, help)` of each finding, in order.
    fn run(kind: FileKind, text: &str) -> Vec<(String, String, String)> {
        let facts = match kind {
            FileKind::Cpp => cpp::analyze(text).expect("parses"),
            _ => analyze_markup(kind, text, "file").expect("reads"),
        };
        let ctx = FileContext {
            text,
            kind,
            target: Target::Unknown,
            fix_target: crate::target::FrameworkVersion::V4_8,
            project: None,
        };
        let mut out = Vec::new();
        (RULE.check)(&ctx, &facts, &mut out);
        out.sort_by_key(|f| f.sort_key());
        out.into_iter()
            .map(|f| {
                (
                    text[f.span].to_owned(),
                    f.message,
                    f.help.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn cpp(body: &str) -> Vec<(String, String, String)> {
        run(
            FileKind::Cpp,
            &format!("void f(HINTERNET h, SCHANNEL_CRED *c, TLS_PARAMETERS *tp)\n{{\n{body}\n}}\n"),
        )
    }

    fn spans(body: &str) -> Vec<String> {
        cpp(body).into_iter().map(|(code, _, _)| code).collect()
    }

    #[test]
    fn winhttp_legacy_operands_without_tls12() {
        let found = cpp(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1");
        assert_eq!(
            found[0].1,
            "`WINHTTP_FLAG_SECURE_PROTOCOL_TLS1` enables deprecated TLS 1.0 for WinHTTP, and the value has no TLS 1.2 or 1.3: nothing modern can be negotiated"
        );
        assert!(
            found[0]
                .2
                .starts_with("use `WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2` alone"),
            "{}",
            found[0].2
        );
        assert!(found[0].2.contains("KB3140245"));
    }

    #[test]
    fn winhttp_all_means_legacy_only() {
        let found = cpp(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_ALL;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
        );
        assert_eq!(
            found[0].1,
            "`WINHTTP_FLAG_SECURE_PROTOCOL_ALL` enables deprecated SSL 2.0, SSL 3.0 and TLS 1.0 for WinHTTP (`…_ALL` means exactly these, nothing newer), and the value has no TLS 1.2 or 1.3: nothing modern can be negotiated"
        );
    }

    #[test]
    fn legacy_next_to_tls12_is_one_finding_per_operand() {
        let found = cpp(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
        );
        assert_eq!(found.len(), 2, "reported once, where written: {found:?}");
        assert_eq!(
            found[1].1,
            "`WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1` enables deprecated TLS 1.1 for WinHTTP"
        );
        assert_eq!(
            found[1].2,
            "remove `WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1` from the value; the TLS 1.2+ part stays enabled"
        );
    }

    #[test]
    fn integers_count_by_their_bits() {
        assert_eq!(
            spans(
                "    DWORD a = 0xA8, b = 0x80 | 0x800, c = 0x2800;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &a, 4);\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &b, 4);\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &c, 4);"
            ),
            ["0xA8", "0x80"]
        );
        let found = cpp("    c->grbitEnabledProtocols = 0xA80;");
        assert_eq!(found[0].2, "replace `0xA80` with `0x800`");
    }

    #[test]
    fn schannel_enabled_protocols() {
        let found = cpp(
            "    c->grbitEnabledProtocols = SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT;\n    c->grbitEnabledProtocols = 0;\n    c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].1,
            "`SP_PROT_SSL3_CLIENT` enables deprecated SSL 3.0 in `grbitEnabledProtocols`, and the value has no TLS 1.2 or 1.3: nothing modern can be negotiated"
        );
        assert_eq!(
            found[0].2,
            "set `grbitEnabledProtocols` to 0, the system default (on Windows 7 / Server 2008 R2 enable the TLS 1.2 client in the SCHANNEL registry first), or to `SP_PROT_TLS1_2_CLIENT`"
        );
    }

    #[test]
    fn combined_names_are_replaced_by_their_modern_part() {
        let found = cpp("    c->grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT;");
        assert_eq!(
            found[0].1,
            "`SP_PROT_TLS1_X_CLIENT` enables deprecated TLS 1.0 and TLS 1.1 in `grbitEnabledProtocols`"
        );
        assert_eq!(
            found[0].2,
            "replace `SP_PROT_TLS1_X_CLIENT` with `SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT`"
        );
    }

    #[test]
    fn server_credentials_are_judged_on_server_bits() {
        let found =
            cpp("    c->grbitEnabledProtocols = SP_PROT_TLS1_SERVER | SP_PROT_TLS1_1_SERVER;");
        assert_eq!(found.len(), 2);
        assert!(found[0].1.contains("nothing modern can be negotiated"));
        assert!(found[0].2.ends_with("or to `SP_PROT_TLS1_2_SERVER`"));
        let found =
            cpp("    c->grbitEnabledProtocols = SP_PROT_TLS1_SERVER | SP_PROT_TLS1_2_SERVER;");
        assert_eq!(found.len(), 1);
        assert!(!found[0].1.contains("nothing modern"));
    }

    #[test]
    fn adding_only_legacy_versions() {
        let found = cpp("    c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;");
        assert_eq!(
            found[0].1,
            "`SP_PROT_TLS1_1_CLIENT` enables deprecated TLS 1.1 in `grbitEnabledProtocols`"
        );
        assert_eq!(
            found[0].2,
            "delete this statement: it only adds deprecated versions"
        );
    }

    #[test]
    fn disabled_protocols_that_turn_tls12_off() {
        let found = cpp(
            "    tp->grbitDisabledProtocols = ~SP_PROT_TLS1_3_CLIENT;\n    tp->grbitDisabledProtocols = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;\n    tp->grbitDisabledProtocols = SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT;\n    tp->grbitDisabledProtocols = ~(SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);\n    tp->grbitDisabledProtocols = 0;\n    tp->grbitDisabledProtocols = ~enabled;",
        );
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|(code, message, _)| (code.as_str(), message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "~SP_PROT_TLS1_3_CLIENT",
                    "`grbitDisabledProtocols` disables the TLS 1.2 client: only peers that offer TLS 1.3 can be reached"
                ),
                (
                    "SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT",
                    "`grbitDisabledProtocols` disables TLS 1.2 and TLS 1.3: nothing modern can be negotiated"
                ),
            ]
        );
        assert_eq!(
            found[0].2,
            "disable only what is older than TLS 1.2 (`SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT`), or use 0 to follow the system policy"
        );
    }

    #[test]
    fn unknown_and_modern_values_are_fine() {
        assert!(
            spans(
                "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    c->grbitEnabledProtocols = enabled;\n    c->grbitEnabledProtocols = SP_PROT_NONE;"
            )
            .is_empty()
        );
    }

    #[test]
    fn registry_defaults_without_tls12() {
        let reg = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp]\r\n\"DefaultSecureProtocols\"=dword:000000a0\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp]\r\n\"DefaultSecureProtocols\"=dword:00000a80\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings]\r\n\"SecureProtocols\"=dword:00002000\r\n\"DefaultSecureProtocols\"=dword:00000080\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings]\r\n\"SecureProtocols\"=dword:00000028\r\n\"Other\"=dword:00000008\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp]\r\n\"DefaultSecureProtocols\"=dword:00000000\r\n\"DefaultSecureProtocols\"=\"160\"\r\n";
        let found = run(FileKind::Registry, reg);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|(code, message, _)| (code.as_str(), message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "\"DefaultSecureProtocols\"=dword:000000a0",
                    "`DefaultSecureProtocols`=0x000000A0 (SSL 3.0 and TLS 1.0) leaves WinHTTP programs that keep the default without TLS 1.2"
                ),
                (
                    "\"SecureProtocols\"=dword:00002000",
                    "`SecureProtocols`=0x00002000 (TLS 1.3) leaves WinINet and Internet Explorer with TLS 1.3 only: servers that stop at TLS 1.2 cannot be reached"
                ),
                (
                    "\"SecureProtocols\"=dword:00000028",
                    "`SecureProtocols`=0x00000028 (SSL 2.0 and SSL 3.0) leaves WinINet and Internet Explorer without TLS 1.2"
                ),
            ]
        );
        assert_eq!(
            found[0].2,
            "set `\"DefaultSecureProtocols\"=dword:00000800` (`00002800` adds TLS 1.3 on Windows 11 / Server 2022); Windows 7 and Server 2012 also need KB3140245"
        );
    }
}
