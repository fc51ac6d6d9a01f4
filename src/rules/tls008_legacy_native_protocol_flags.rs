//! TLS008 legacy-native-protocol-flags.

use std::collections::BTreeSet;

use super::{Checks, FileContext, Precision, RuleMeta, finding};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{
    FileFacts, NativeApi, NativeOperand, NativeProtocolValue, RegistryData, RegistryValue, WriteOp,
};
use crate::fix::Fix;
use crate::lang::FileKind;
use crate::lang::cpp::values::{
    self, LEGACY, Side, TLS12_CLIENT, TLS13_CLIENT, is_winhttp, versions,
};
use crate::lang::registry::ProtocolDefault;
use crate::offers::Offers;
use crate::protocol::describe_versions;
use crate::rules::fixes::native::{Fixer, modern_names};
use crate::rules::fixes::registry_value;

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS008",
    name: "legacy-native-protocol-flags",
    summary: "native WinHTTP/Schannel protocol flags (C/C++, `.reg`) that enable SSL 2.0/3.0 or TLS 1.0/1.1, or leave out TLS 1.2",
    default_severity: Severity::Error,
    explanation: EXPLANATION,
    precision: Precision::High,
    security_severity: "7.5",
    tags: &["security", "external/cwe/cwe-327", "external/cwe/cwe-757"],
    languages: &["C/C++", "registry file", "PowerShell"],
    since: "0.1.0",
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: check,
    project: None,
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
- **Registry** (`.reg` files, and PowerShell scripts that write the registry with
  `Set-ItemProperty`, `New-ItemProperty`, `[Microsoft.Win32.Registry]::SetValue` or `reg add`):
  WinHTTP's `DefaultSecureProtocols`
  (`HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\WinHttp`, also under
  `Wow6432Node`) and the Internet Settings `SecureProtocols` value (HKCU or HKLM) when they have
  no TLS 1.2 bit (`0x800`). Values a script computes (`-Value $protocols`) are not read.

The value is followed to where it is written: inline, through a local variable initialised or
assigned earlier in the same function (`DWORD protocols = …; protocols |= …;`), a global, an
enumerator, or a `#define` in the same file. Each legacy operand is reported where it is written
(the initialiser, the argument, the macro body), once. SDK names count by their documented
values even where a project redefines them (sometimes wrongly); integers count by their bits
(`0xA8`, `0x80 | 0x800`). The message says when the value has no TLS 1.2 or 1.3 at all: then
nothing modern can be negotiated. Comments, strings and code under `#if 0` are not read; every
other preprocessor branch is.

The legacy SDK names (`WINHTTP_FLAG_SECURE_PROTOCOL_SSL2`/`SSL3`/`TLS1`/`TLS1_1`/`ALL`,
`SP_PROT_SSL2_*`, `SP_PROT_SSL3_*`, `SP_PROT_TLS1_*`, `SP_PROT_TLS1_1_*` and the combinations
that include them) select protocols and nothing else, so a value that combines them is a
setting wherever it is written, as `SecurityProtocolType.Tls11` is in C#: in a return value, a
struct member or its default, a parameter's default, an argument of the project's own function,
an enumerator or a `#define` body (in a header too). Each is reported where it is written, even
when the sink it reaches is in another file. What only reads a name is not: a test (`flags &
NAME`, `==`, `!=`), a removal (`& ~NAME`), a `case` label, a `switch` or `if` subject, `sizeof`,
an index, an argument of a function named like a predicate, a lookup or a logger (`HasFlag`,
`IsLegacy`, `ProtocolName`, `LogProtocols`, `printf`), a row of a table that pairs a flag with a
string (`{ SP_PROT_TLS1_CLIENT, "TLS 1.0" }`), a `#define` the file only uses as a mask, a
redefinition of an SDK name for an old SDK, and the masks `SP_PROT_ALL`, `SP_PROT_CLIENTS`,
`SP_PROT_SERVERS`.

Not followed (no finding, never a guess): integers away from a sink (numbers have other uses),
values from struct or class members and function parameters on their way to a sink,
function-like macros, and names defined in another file. A value known to lack TLS 1.2 but
without a visible legacy operand (`supported & ~SP_PROT_TLS1_1PLUS_CLIENT`) is not reported
either, nor is a name in code the parser could not structure unless it reaches a sink.

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

cred.grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;   // or 0, the system default (see below)
```
```reg
"DefaultSecureProtocols"=dword:00000800
```

## Fix
Safe fixes (`--fix`) only drop deprecated versions:

- Legacy operands next to TLS 1.2 or 1.3 are removed together with their `|`, the rest of the
  value keeping its layout (`TLS1 | TLS1_1 | TLS1_2` becomes `TLS1_2`), when every sink the value
  reaches still gets TLS 1.2 or 1.3. An integer that mixes old and new bits is rewritten bit for
  bit in its own base, width and suffix (`0x00000A80` becomes `0x00000800`).
- A statement that only adds legacy versions (`cred.grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;`,
  or `protocols |= …;` on a local variable that keeps TLS 1.2) is deleted.

Unsafe fixes (`--unsafe-fixes`) change what is negotiated:

- A value without TLS 1.2 or 1.3 (`WINHTTP_FLAG_SECURE_PROTOCOL_ALL` alone included) becomes
  `WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2`, or `SP_PROT_TLS1_2_CLIENT` (`SP_PROT_TLS1_2_SERVER` for
  server credentials); a value written as a number becomes the number (`0x800`, `0x400`).
  tlslint names TLS 1.2 rather than writing Schannel's `0` (the system default), because the
  system default does not include TLS 1.2 everywhere: Windows 7 and Server 2008 R2 keep it off by
  default until the SCHANNEL `TLS 1.2\Client` registry keys are set, while a credential that names
  TLS 1.2 explicitly gets it. Where every machine runs Windows 8 / Server 2012 or later, `0` is
  the better choice by hand: it follows the OS and picks up TLS 1.3. Likewise, removing the
  `WINHTTP_OPTION_SECURE_PROTOCOLS` call gives WinHTTP's OS default (Windows 8.1 / Server 2012 R2
  and later; Windows 7 and Server 2012 need KB3140245 and `DefaultSecureProtocols`).
- A combined SDK name (`SP_PROT_TLS1_X_CLIENT`) becomes its modern part
  (`SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT`): older SDKs stop such names at TLS 1.2 and
  lack `SP_PROT_TLS1_3_CLIENT`.
- `grbitDisabledProtocols` loses its `SP_PROT_TLS1_2_CLIENT` operand (or that bit of a number;
  `0` when it was all of the value).
- Registry values keep their other bits, lose SSL 2.0/3.0 and TLS 1.0/1.1, and gain TLS 1.2, in
  the file's own syntax (`dword:000000a0` becomes `dword:00000800`, `dword:00002000` becomes
  `dword:00002800`; in a script, `-Value 0xA0` becomes `-Value 0x800` and `/d 160` becomes
  `/d 2048`): they change every program on the machine.

A legacy name written away from a sink is dropped from its `|` chain the same way (safe) when
the chain keeps TLS 1.2 or 1.3, and a value of legacy names only becomes TLS 1.2 (unsafe); a
`#define` in a header is never edited, nor is a name OR-ed into a value (`flags |= NAME;`),
whose meaning depends on code around it (a switch over the versions a caller asked for).

Operands reached through a `#define`, an enumerator or a file-scope constant are fixed in the
definition, but only when the file owns it: not in a header, not a global with external linkage,
and with every use of the name in the file leading to the sinks checked here. There is no fix for
values read token by token around parse errors, deletions that would touch a preprocessor line
(`#ifdef` inside a value), values assembled in several places, and a disabled TLS 1.2 that is not
an operand of its own (`~SP_PROT_TLS1_3_CLIENT`): the help line says what to write.

## References
- [WinHTTP option flags: WINHTTP_OPTION_SECURE_PROTOCOLS](https://learn.microsoft.com/windows/win32/winhttp/option-flags)
- [SCHANNEL_CRED structure](https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-schannel_cred)
- [SCH_CREDENTIALS and TLS_PARAMETERS](https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-tls_parameters)
- [KB3140245: TLS 1.1 and TLS 1.2 as default secure protocols in WinHTTP](https://support.microsoft.com/help/3140245)
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
"#;

fn check(ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    let mut reported = BTreeSet::new();
    let fixer = Fixer::new(ctx.text, &facts.native);
    for value in &facts.native {
        match value.api {
            NativeApi::WinHttpSecureProtocols
            | NativeApi::SchannelEnabledProtocols
            | NativeApi::Written => {
                enabled(value, &fixer, &mut reported, out);
            }
            NativeApi::SchannelDisabledProtocols => disabled(value, &fixer, &mut reported, out),
        }
    }
    for value in &facts.registry {
        if let Some(f) = registry(ctx, value) {
            out.push(f);
        }
    }
}

/// One finding per legacy operand of a value that enables versions.
fn enabled(
    value: &NativeProtocolValue,
    fixer: &Fixer,
    reported: &mut BTreeSet<(usize, usize)>,
    out: &mut Vec<Finding>,
) {
    let side = Side::of(value);
    let lacks_modern = values::lacks_modern(value);
    for operand in &value.operands {
        let legacy = values::legacy_bits(value, operand);
        if legacy == 0 || !reported.insert((operand.span.start, operand.span.end)) {
            continue;
        }
        let versions = versions(legacy);
        let place = match value.api {
            NativeApi::WinHttpSecureProtocols => "for WinHTTP",
            NativeApi::Written if is_winhttp(value, operand) => {
                "in a WinHTTP protocol value (written here, used elsewhere)"
            }
            NativeApi::Written => "in a Schannel protocol value (written here, used elsewhere)",
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
        let offers = value.offers();
        let mut found = finding(
            &RULE,
            operand.span.clone(),
            offers.explain(format!(
                "`{}` enables deprecated {versions} {place}{all}{consequence}",
                operand.text
            )),
            format!("enables {versions}"),
            Some(enabled_help(value, operand, side)),
        );
        found.offers = Some(offers);
        found.fix = fixer.enabled(value, operand, side);
        out.push(found);
    }
}

/// What to write instead of a legacy operand.
fn enabled_help(value: &NativeProtocolValue, operand: &NativeOperand, side: Side) -> String {
    let winhttp = is_winhttp(value, operand);
    let own_modern = operand.bits & side.modern();
    if own_modern != 0 {
        return format!(
            "replace `{}` with `{}`",
            operand.text,
            modern_names(own_modern, side, winhttp, operand)
        );
    }
    let others_modern = values::has_modern_sibling(value, operand);
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
    if value.api == NativeApi::Written {
        return format!(
            "write `{}` instead, or leave the protocols to the OS where this value is used",
            modern_names(side.tls12(), side, winhttp, operand)
        );
    }
    if winhttp {
        "use `WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2` alone (with `| WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3` where the SDK has it), or drop the `WINHTTP_OPTION_SECURE_PROTOCOLS` option to get the OS default (Windows 8.1 and later; Windows 7 and Server 2012 need KB3140245 and `DefaultSecureProtocols` first)".to_owned()
    } else {
        let upper = side.name().to_ascii_uppercase();
        format!(
            "set `grbitEnabledProtocols` to `SP_PROT_TLS1_2_{upper}` (named explicitly, TLS 1.2 is used even where it is off by default, as on Windows 7 / Server 2008 R2), or to 0, the system default (on Windows 7 / Server 2008 R2 enable the TLS 1.2 {} in the SCHANNEL registry first)",
            side.name()
        )
    }
}

/// A `grbitDisabledProtocols` value that turns TLS 1.2 off.
fn disabled(
    value: &NativeProtocolValue,
    fixer: &Fixer,
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
    let mut found = finding(
        &RULE,
        value.value.clone(),
        format!("`grbitDisabledProtocols` disables {consequence}"),
        "disables TLS 1.2".to_owned(),
        Some(format!(
            "disable only what is older than TLS 1.2 (`SP_PROT_TLS1_0_{upper} | SP_PROT_TLS1_1_{upper}`), or use 0 to follow the system policy"
        )),
    );
    found.offers = Some(value.offers());
    found.fix = fixer.disabled(value, side);
    out.push(found);
}

/// `DefaultSecureProtocols` (WinHTTP) and Internet Settings `SecureProtocols` without TLS 1.2
/// (domain.md §3.6, §6.3), in `.reg` files and in scripts' registry writes.
fn registry(ctx: &FileContext, value: &RegistryValue) -> Option<Finding> {
    let RegistryData::Dword(bits) = value.data else {
        return None;
    };
    // 0 is not documented for either value; TLS 1.2 present is what matters here.
    if bits == 0 || bits & TLS12_CLIENT != 0 {
        return None;
    }
    let default = ProtocolDefault::of(value)?;
    let what = default.value_name();
    let (who, kb) = match default {
        ProtocolDefault::WinHttp => (
            "WinHTTP programs that keep the default",
            "; Windows 7 and Server 2012 also need KB3140245",
        ),
        ProtocolDefault::InternetSettings => ("WinINet and Internet Explorer", ""),
    };
    let consequence = if bits & TLS13_CLIENT != 0 {
        "with TLS 1.3 only: servers that stop at TLS 1.2 cannot be reached"
    } else {
        "without TLS 1.2"
    };
    // The old value without SSL 2.0/3.0, TLS 1.0/1.1 (and PCT), with TLS 1.2; TLS 1.3 and any
    // other bit stay as they were.
    let good = (bits & !LEGACY) | TLS12_CLIENT;
    let (setting, tls13) = if ctx.kind == FileKind::Registry {
        (
            format!("`\"{what}\"=dword:{good:08x}`"),
            "`00002800` adds TLS 1.3",
        )
    } else {
        (format!("`{what}` to 0x{good:X}"), "0x2800 adds TLS 1.3")
    };
    let mut help = format!("set {setting}");
    if good & TLS13_CLIENT == 0 {
        help.push_str(&format!(" ({tls13} on Windows 11 / Server 2022)"));
    }
    help.push_str(kb);
    let mut found = finding(
        &RULE,
        value.span.clone(),
        format!(
            "`{what}`=0x{bits:08X} ({}) leaves {who} {consequence}",
            versions(bits)
        ),
        "no TLS 1.2".to_owned(),
        Some(help),
    );
    // The message already says what stays: TLS 1.3 at most.
    found.offers = Some(Offers::versions(bits));
    // Machine-wide: every program that reads the value changes behaviour, so it is unsafe.
    found.fix = registry_value(ctx.text, value, good).map(|edit| {
        Fix::unsafe_(
            format!(
                "set `{what}` to 0x{good:08X} ({}{kb})",
                describe_versions(good)
            ),
            vec![edit],
        )
    });
    Some(found)
}

// The rule's tests are in tests/tls008_native_flags.rs (through the public surface); what the
// values mean is tested in `lang::cpp::values`, the analysis in `lang::cpp`.
