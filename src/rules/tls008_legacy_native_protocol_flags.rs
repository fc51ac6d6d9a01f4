//! TLS008 legacy-native-protocol-flags.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use super::{Checks, FileContext, Precision, RuleMeta, finding};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{
    FileFacts, NativeApi, NativeBits, NativeChain, NativeOperand, NativeProtocolValue,
    OperandPlace, RegistryData, RegistryValue, WriteOp,
};
use crate::fix::text::rewrite_c_integer;
use crate::fix::{Applicability, Edit, Fix};
use crate::lang::FileKind;
use crate::lang::registry::normalize_key;
use crate::offers::Offers;
use crate::protocol::describe_versions;
use crate::rules::fixes::{delete_statement, registry_value};

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
    // Nothing TLS 1.2+ can be in the value (an `|=` adds to a value we do not see). A value
    // written away from its sink may yet be combined with more there.
    let lacks_modern = value.op == WriteOp::Set
        && value.api != NativeApi::Written
        && value.bits.possible & side.modern() == 0;
    for operand in &value.operands {
        let legacy = operand.bits & LEGACY & value.bits.possible;
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
/// Whether a value is WinHTTP's: at a WinHTTP sink, or written with WinHTTP's names.
fn is_winhttp(value: &NativeProtocolValue, operand: &NativeOperand) -> bool {
    match value.api {
        NativeApi::WinHttpSecureProtocols => true,
        NativeApi::Written => operand.text.contains("WINHTTP_"),
        _ => false,
    }
}

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

/// The modern part of a combined operand, written the way the operand is.
fn modern_names(bits: u32, side: Side, winhttp: bool, operand: &NativeOperand) -> String {
    if let Some(number) = rewrite_c_integer(&operand.text, bits) {
        return number;
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
    let kb = if what == "DefaultSecureProtocols" {
        "; Windows 7 and Server 2012 also need KB3140245"
    } else {
        ""
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

/// Builds the fixes for native values (DESIGN.md §3). Dropping legacy operands from a value
/// that keeps TLS 1.2 or 1.3 at every sink it reaches is safe; anything that changes what is
/// negotiated otherwise is unsafe. Nothing is edited where the parse was recovered, where a
/// deletion would touch a preprocessor line, or in a definition other code can use.
struct Fixer<'a> {
    text: &'a str,
    values: &'a [NativeProtocolValue],
    /// The values each operand (by span) reaches.
    reaches: HashMap<(usize, usize), Vec<usize>>,
    /// What dropping every legacy operand of a chain gives, by the chain's span: the findings of
    /// one chain share it (a long chain must not be worked out once per operand).
    chains: RefCell<HashMap<(usize, usize), ChainDrop>>,
    /// The replacement of a legacy-only expression, by the expression's span.
    replacements: RefCell<HashMap<(usize, usize), Option<Fix>>>,
}

/// What dropping the legacy operands of a `|` chain gives.
#[derive(Clone)]
enum ChainDrop {
    /// The edits, one fix for every finding of the chain.
    Cut(Fix),
    /// Nothing of the chain would stay.
    Everything,
    /// A deletion would touch a preprocessor line (or an operand cannot be edited).
    Blocked,
}

/// How many operands a fix description names.
const MAX_NAMED: usize = 4;

/// Whether an operand holds nothing but deprecated versions (it can go as a whole).
fn only_legacy(operand: &NativeOperand) -> bool {
    operand.bits & LEGACY != 0 && operand.bits & !LEGACY == 0
}

impl<'a> Fixer<'a> {
    fn new(text: &'a str, values: &'a [NativeProtocolValue]) -> Self {
        let mut reaches: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (i, value) in values.iter().enumerate() {
            for operand in &value.operands {
                reaches
                    .entry((operand.span.start, operand.span.end))
                    .or_default()
                    .push(i);
            }
        }
        Fixer {
            text,
            values,
            reaches,
            chains: RefCell::new(HashMap::new()),
            replacements: RefCell::new(HashMap::new()),
        }
    }

    /// The values `operand` reaches.
    fn reached(&self, operand: &NativeOperand) -> impl Iterator<Item = &'a NativeProtocolValue> {
        let values = self.values;
        self.reaches
            .get(&(operand.span.start, operand.span.end))
            .into_iter()
            .flatten()
            .filter_map(move |&i| values.get(i))
    }

    /// Whether a fix may edit `operand` where it is written: not in recovered code, not in a
    /// shared definition, and only feeding sinks of `api` that were not recovered either.
    fn editable(&self, operand: &NativeOperand, api: NativeApi) -> bool {
        matches!(
            operand.place,
            OperandPlace::Local { .. } | OperandPlace::Definition { .. }
        ) && self.reached(operand).all(|v| !v.recovered && v.api == api)
    }

    /// Whether dropping deprecated bits of `operand` leaves TLS 1.2 or 1.3 at every sink it
    /// reaches (an `|=` only adds, so dropping from it never takes a modern version away).
    fn drop_keeps_modern(&self, operand: &NativeOperand) -> bool {
        self.reached(operand)
            .all(|v| v.op == WriteOp::Add || v.bits.set & Side::of(v).modern() != 0)
    }

    /// The fix for a deprecated operand of a value that enables versions.
    fn enabled(
        &self,
        value: &NativeProtocolValue,
        operand: &NativeOperand,
        side: Side,
    ) -> Option<Fix> {
        if !self.editable(operand, value.api) {
            return None;
        }
        let winhttp = is_winhttp(value, operand);
        let kept = operand.bits & !LEGACY;
        if kept != 0 {
            return self.keep_modern_part(operand, kept, side, winhttp);
        }
        if !only_legacy(operand) {
            return None;
        }
        if let Some(fix) = self.drop_from_chain(value, operand) {
            return Some(fix);
        }
        // The operand's whole expression is deprecated: `|= SSL3 | TLS1`, `= SSL3 | TLS1`.
        let whole = operand.expression_bits;
        if !(whole.is_known() && whole.set & !LEGACY == 0) {
            return None;
        }
        if let OperandPlace::Local {
            deletable: Some(statement),
        } = &operand.place
            && self.drop_keeps_modern(operand)
        {
            return delete_statement(
                self.text,
                statement,
                FileKind::Cpp,
                "it only adds deprecated versions",
                Applicability::Safe,
            );
        }
        self.replace_legacy_only(value, operand, side)
    }

    /// A combined operand (`SP_PROT_TLS1_X_CLIENT`, `0xA80`) becomes its modern part. A number
    /// rewritten bit for bit only drops deprecated versions (safe); a combined SDK name means
    /// TLS 1.3 too only in newer SDKs, and `SP_PROT_TLS1_3_CLIENT` does not exist in older ones,
    /// so writing the modern names instead is unsafe.
    fn keep_modern_part(
        &self,
        operand: &NativeOperand,
        kept: u32,
        side: Side,
        winhttp: bool,
    ) -> Option<Fix> {
        let versions = versions(kept);
        if let Some(number) = rewrite_c_integer(&operand.text, kept) {
            return Some(Fix::safe(
                format!("keep only {versions}: `{number}`"),
                vec![Edit::replace(operand.span.clone(), number)],
            ));
        }
        if kept & !side.modern() != 0 {
            return None;
        }
        let names = modern_names(kept, side, winhttp, operand);
        // After a C-style cast (`(DWORD)NAME`), an `|` would bind looser than the cast.
        let before = self.text.get(..operand.span.start).unwrap_or("").trim_end();
        let new = if names.contains('|') && before.ends_with(')') {
            format!("({names})")
        } else {
            names
        };
        Some(Fix::unsafe_(
            format!("keep only {versions}: `{new}`"),
            vec![Edit::replace(operand.span.clone(), new)],
        ))
    }

    /// Removes every deprecated-only operand of `operand`'s `|` chain, with their separators,
    /// when the chain keeps a member and every sink keeps TLS 1.2+ (safe). All findings in the
    /// chain get the same edits, which the fix engine applies once.
    fn drop_from_chain(&self, value: &NativeProtocolValue, operand: &NativeOperand) -> Option<Fix> {
        let chain = operand.chain.as_ref()?;
        if !self.drop_keeps_modern(operand) {
            return None;
        }
        let span = chain.span();
        let known = self.chains.borrow().get(&(span.start, span.end)).cloned();
        let dropped = known.unwrap_or_else(|| {
            let dropped = self.drop_all(value, chain);
            self.chains
                .borrow_mut()
                .insert((span.start, span.end), dropped.clone());
            dropped
        });
        match dropped {
            ChainDrop::Cut(fix) => Some(fix),
            ChainDrop::Everything => None,
            // This operand alone may still go.
            ChainDrop::Blocked => Some(Fix::safe(
                format!("remove `{}`; TLS 1.2 and later stay enabled", operand.text),
                chain
                    .cut(&[chain.index])?
                    .into_iter()
                    .map(|cut| Edit::replace(cut, ""))
                    .collect(),
            )),
        }
    }

    /// Drops every legacy operand of `chain` that can be edited.
    fn drop_all(&self, value: &NativeProtocolValue, chain: &NativeChain) -> ChainDrop {
        let mut siblings: Vec<&NativeOperand> = value
            .operands
            .iter()
            .filter(|o| o.chain.as_ref().is_some_and(|c| c.span() == chain.span()))
            .filter(|o| only_legacy(o) && self.editable(o, value.api))
            .collect();
        siblings.sort_by_key(|o| o.chain.as_ref().map_or(0, |c| c.index));
        siblings.dedup_by_key(|o| o.chain.as_ref().map_or(0, |c| c.index));
        let indexes: Vec<usize> = siblings
            .iter()
            .filter_map(|o| o.chain.as_ref().map(|c| c.index))
            .collect();
        if indexes.len() == chain.members.len() {
            // Nothing of the chain would stay: the whole expression is replaced or its `|=`
            // statement deleted instead, in one step.
            return ChainDrop::Everything;
        }
        let Some(cuts) = chain.cut(&indexes) else {
            return ChainDrop::Blocked;
        };
        // Every finding of the chain carries this description: a hostile chain of thousands of
        // operands must not repeat all their names in each.
        let mut names = siblings
            .iter()
            .take(MAX_NAMED)
            .map(|o| format!("`{}`", o.text))
            .collect::<Vec<_>>()
            .join(", ");
        if siblings.len() > MAX_NAMED {
            names.push_str(&format!(" and {} more", siblings.len() - MAX_NAMED));
        }
        ChainDrop::Cut(Fix::safe(
            format!("remove {names}; TLS 1.2 and later stay enabled"),
            cuts.into_iter().map(|cut| Edit::replace(cut, "")).collect(),
        ))
    }

    /// A value made only of deprecated versions gets TLS 1.2 instead (unsafe: it changes what
    /// is negotiated), written where its one expression is, when that expression alone makes
    /// up every value it reaches.
    fn replace_legacy_only(
        &self,
        value: &NativeProtocolValue,
        operand: &NativeOperand,
        side: Side,
    ) -> Option<Fix> {
        // Every operand of the expression reaches the same values: one answer for all of them.
        let key = (operand.expression.start, operand.expression.end);
        if let Some(known) = self.replacements.borrow().get(&key) {
            return known.clone();
        }
        let fix = self.replacement(value, operand, side);
        self.replacements.borrow_mut().insert(key, fix.clone());
        fix
    }

    fn replacement(
        &self,
        value: &NativeProtocolValue,
        operand: &NativeOperand,
        side: Side,
    ) -> Option<Fix> {
        let expression = &operand.expression;
        let alone = self.reached(operand).all(|v| {
            v.op == WriteOp::Set
                && v.bits.is_known()
                && v.bits == operand.expression_bits
                && v.bits.set & Side::of(v).modern() == 0
                && v.operands.iter().all(|o| o.expression == *expression)
        });
        if !alone {
            return None;
        }
        let operands: Vec<&NativeOperand> = value
            .operands
            .iter()
            .filter(|o| o.expression == *expression)
            .collect();
        if !operands.iter().all(|o| self.editable(o, value.api)) {
            return None;
        }
        let tls12 = side.tls12();
        let numbers: Vec<String> = operands
            .iter()
            .filter_map(|o| rewrite_c_integer(&o.text, tls12))
            .collect();
        let new = match numbers.first() {
            // A value written as numbers stays a number.
            Some(number) if numbers.len() == operands.len() => number.clone(),
            _ if is_winhttp(value, operand) => "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2".to_owned(),
            _ => format!("SP_PROT_TLS1_2_{}", side.name().to_ascii_uppercase()),
        };
        Some(Fix::unsafe_(
            format!("use TLS 1.2: `{new}`"),
            vec![Edit::replace(expression.clone(), new)],
        ))
    }

    /// The fix for a `grbitDisabledProtocols` value that disables TLS 1.2: remove the TLS 1.2
    /// operand (or its bit from a number). Unsafe: it enables a version. Nothing is guessed
    /// where the bit is not an operand of its own (`~SP_PROT_TLS1_3_CLIENT`).
    fn disabled(&self, value: &NativeProtocolValue, side: Side) -> Option<Fix> {
        let tls12 = side.tls12();
        let holders: Vec<&NativeOperand> = value
            .operands
            .iter()
            .filter(|o| o.bits & tls12 != 0)
            .collect();
        if holders.is_empty() || !holders.iter().all(|o| self.editable(o, value.api)) {
            return None;
        }
        let mut edits = Vec::new();
        let mut chains: Vec<(&NativeChain, Vec<usize>)> = Vec::new();
        for holder in &holders {
            if holder.bits != tls12 {
                // Another name holding the bit (`SP_PROT_TLS1_2`) cannot be split; a number
                // can.
                let number = rewrite_c_integer(&holder.text, holder.bits & !tls12)?;
                edits.push(Edit::replace(holder.span.clone(), number));
                continue;
            }
            match &holder.chain {
                Some(chain) => match chains.iter_mut().find(|(c, _)| c.span() == chain.span()) {
                    Some((_, indexes)) => indexes.push(chain.index),
                    None => chains.push((chain, vec![chain.index])),
                },
                // The whole expression is the TLS 1.2 bit: without it, nothing is disabled.
                None if holder.expression_bits == NativeBits::known(tls12) => {
                    edits.push(Edit::replace(holder.expression.clone(), "0"));
                }
                None => return None,
            }
        }
        for (chain, indexes) in chains {
            edits.extend(
                chain
                    .cut(&indexes)?
                    .into_iter()
                    .map(|cut| Edit::replace(cut, "")),
            );
        }
        Some(Fix::unsafe_(
            format!(
                "stop disabling TLS 1.2: remove `SP_PROT_TLS1_2_{}` from `grbitDisabledProtocols`",
                side.name().to_ascii_uppercase()
            ),
            edits,
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Finding;
    use crate::facts::NativeChain;
    use crate::fix::{Applicability, Edit};
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
        (super::CHECKS.file)(&ctx, &facts, &mut out);
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

    /// The findings of a file, sorted.
    fn findings(kind: FileKind, unit: cpp::Unit, text: &str) -> Vec<Finding> {
        let facts = match kind {
            FileKind::Cpp => cpp::analyze_unit(text, unit).expect("parses"),
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
        (super::CHECKS.file)(&ctx, &facts, &mut out);
        out.sort_by_key(|f| f.sort_key());
        out
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut edits: Vec<&Edit> = edits.iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_owned();
        for edit in edits {
            out.replace_range(edit.span.clone(), &edit.content);
        }
        out
    }

    /// For each finding: the quoted code, and the file after its fix alone with whether the
    /// fix is safe.
    fn fixes_in(
        kind: FileKind,
        unit: cpp::Unit,
        text: &str,
    ) -> Vec<(String, Option<(String, bool)>)> {
        findings(kind, unit, text)
            .into_iter()
            .map(|f| {
                let fixed = f.fix.as_ref().map(|fix| {
                    (
                        apply(text, &fix.edits),
                        fix.applicability == Applicability::Safe,
                    )
                });
                (text[f.span].to_owned(), fixed)
            })
            .collect()
    }

    fn fixes(body: &str) -> Vec<(String, Option<(String, bool)>)> {
        fixes_in(FileKind::Cpp, cpp::Unit::CppSource, &in_function(body))
    }

    fn in_function(body: &str) -> String {
        format!("void f(HINTERNET h, SCHANNEL_CRED *c, TLS_PARAMETERS *tp)\n{{\n{body}\n}}\n")
    }

    /// Applies the fixes pass after pass as `--fix` does (identical edits once, an overlapping
    /// fix waits for the next pass) until nothing changes; unsafe ones too when asked.
    fn fix_all(kind: FileKind, unit: cpp::Unit, text: &str, unsafe_too: bool) -> String {
        let mut text = text.to_owned();
        for _ in 0..10 {
            let mut accepted: Vec<Edit> = Vec::new();
            for finding in findings(kind, unit, &text) {
                let Some(fix) = finding.fix else { continue };
                if fix.applicability == Applicability::Unsafe && !unsafe_too {
                    continue;
                }
                let overlaps = fix.edits.iter().any(|e| {
                    accepted.iter().any(|a| {
                        a.span.start < e.span.end.max(e.span.start + 1)
                            && e.span.start < a.span.end.max(a.span.start + 1)
                            && !(a.span == e.span && a.content == e.content)
                    })
                });
                if overlaps {
                    continue;
                }
                for edit in fix.edits {
                    if !accepted
                        .iter()
                        .any(|a| a.span == edit.span && a.content == edit.content)
                    {
                        accepted.push(edit);
                    }
                }
            }
            if accepted.is_empty() {
                return text;
            }
            text = apply(&text, &accepted);
            assert!(
                kind != FileKind::Cpp || cpp::error_count(&text) == 0,
                "a fix broke the syntax:\n{text}"
            );
        }
        panic!("fixes did not converge:\n{text}");
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
            "`WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1` enables deprecated TLS 1.1 for WinHTTP; TLS 1.2 stays enabled here"
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
            "set `grbitEnabledProtocols` to `SP_PROT_TLS1_2_CLIENT` (named explicitly, TLS 1.2 is used even where it is off by default, as on Windows 7 / Server 2008 R2), or to 0, the system default (on Windows 7 / Server 2008 R2 enable the TLS 1.2 client in the SCHANNEL registry first)"
        );
    }

    #[test]
    fn combined_names_are_replaced_by_their_modern_part() {
        let found = cpp("    c->grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT;");
        assert_eq!(
            found[0].1,
            "`SP_PROT_TLS1_X_CLIENT` enables deprecated TLS 1.0 and TLS 1.1 in `grbitEnabledProtocols`; TLS 1.2 stays enabled here"
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
        assert!(
            found[0]
                .2
                .starts_with("set `grbitEnabledProtocols` to `SP_PROT_TLS1_2_SERVER`")
        );
        let found =
            cpp("    c->grbitEnabledProtocols = SP_PROT_TLS1_SERVER | SP_PROT_TLS1_2_SERVER;");
        assert_eq!(found.len(), 1);
        assert!(!found[0].1.contains("nothing modern"));
    }

    #[test]
    fn a_deleted_addition_keeps_every_body_the_compiler_sees() {
        // Found by the fix oracle: tree-sitter-cpp reads `else` ⏎ `#ifdef` as an ERROR, and an
        // `#ifdef` in an `if` as an `if` without a body; the compiler sees the addition as
        // the body either way.
        let add = "c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;";
        for body in [
            format!("    if (p)\n        p++;\n    else\n#ifdef LEGACY\n        {add}\n#endif"),
            format!("#ifdef LEGACY\n    if (p)\n#ifdef OLD\n        {add}\n#endif\n#endif"),
        ] {
            let found = fixes(&format!(
                "    DWORD p = 0;\n{body}\n    c->grbitEnabledProtocols |= SP_PROT_TLS1_2_CLIENT;"
            ));
            let fixed = found.iter().find_map(|(_, fix)| fix.clone());
            let (text, safe) = fixed.unwrap_or_else(|| panic!("no fix: {body}"));
            assert!(safe);
            assert!(text.contains(&body.replace(add, "{ }")), "{text}");
        }
        // `{ {` ⏎ `} }` reads as an initializer list to tree-sitter-cpp, with or without `{ }`
        // inside: no fix rather than one that --fix would refuse to write.
        let found = fixes(&format!(
            "    {{\n        {{\n            {add}\n        }}\n    }}"
        ));
        assert!(!found.is_empty());
        assert!(found.iter().all(|(_, fix)| fix.is_none()), "{found:?}");
    }

    #[test]
    fn adding_only_legacy_versions() {
        let found = cpp("    c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;");
        assert_eq!(
            found[0].1,
            "`SP_PROT_TLS1_1_CLIENT` enables deprecated TLS 1.1 in `grbitEnabledProtocols`; what was enabled before stays enabled here"
        );
        assert_eq!(
            found[0].2,
            "delete this statement: it only adds deprecated versions"
        );
    }

    /// The set each finding of a function body judged, and whether it lacks TLS 1.2+.
    fn offers(body: &str) -> Vec<(Vec<&'static str>, bool)> {
        findings(FileKind::Cpp, cpp::Unit::CppSource, &in_function(body))
            .iter()
            .map(|f| {
                let offers = f.offers.expect("every TLS008 finding judges a set");
                (offers.members(), offers.lacks_modern())
            })
            .collect()
    }

    #[test]
    fn findings_carry_the_set_the_value_offers() {
        let without = "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));";
        let set = (vec!["tls1.0", "tls1.1"], true);
        assert_eq!(offers(without), [set.clone(), set]);
        let with = "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));";
        assert_eq!(offers(with), [(vec!["tls1.1", "tls1.2"], false)]);
        assert_eq!(
            offers("    c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;"),
            [(vec!["tls1.1", "prior"], false)]
        );
        // Disabling TLS 1.2 leaves the rest of the Windows 8 - 10 client default.
        assert_eq!(
            offers("    tp->grbitDisabledProtocols = SP_PROT_TLS1_2_CLIENT;"),
            [(vec!["tls1.0", "tls1.1"], true)]
        );
        assert_eq!(
            offers(
                "    c->grbitEnabledProtocols = cond ? SP_PROT_TLS1_0_CLIENT : SP_PROT_TLS1_2_CLIENT;"
            ),
            [(vec!["tls1.0", "tls1.2"], false)]
        );
    }

    #[test]
    fn registry_findings_carry_their_versions() {
        let text = "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp]\n\"DefaultSecureProtocols\"=dword:00000280\n";
        let found = findings(FileKind::Registry, cpp::Unit::CppSource, text);
        let offers = found[0].offers.expect("a set");
        assert_eq!(offers.members(), ["tls1.0", "tls1.1"]);
        assert!(offers.lacks_modern());
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

    const SET_OPTION: &str =
        "    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));";

    /// The function body after the fix of finding `i`, and whether it is safe.
    fn fixed_body(body: &str, i: usize) -> Option<(String, bool)> {
        let fixed = fixes(body).into_iter().nth(i)?.1?;
        let prefix = "void f(HINTERNET h, SCHANNEL_CRED *c, TLS_PARAMETERS *tp)\n{\n";
        Some((
            fixed
                .0
                .strip_prefix(prefix)?
                .strip_suffix("\n}\n")?
                .to_owned(),
            fixed.1,
        ))
    }

    #[test]
    fn legacy_operands_next_to_tls12_are_removed_together_and_safely() {
        let body = format!(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n{SET_OPTION}"
        );
        let expected = format!("    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n{SET_OPTION}");
        // Both findings carry the same edit: the fix engine applies it once.
        assert_eq!(fixed_body(&body, 0), Some((expected.clone(), true)));
        assert_eq!(fixed_body(&body, 1), Some((expected, true)));
        // Long chains are named in short.
        let many = (0..6)
            .map(|_| "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1")
            .collect::<Vec<_>>()
            .join(" | ");
        let found = findings(
            FileKind::Cpp,
            cpp::Unit::CppSource,
            &in_function(&format!(
                "    DWORD p = {many} | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n{SET_OPTION}"
            )),
        );
        assert_eq!(found.len(), 6);
        assert!(
            found[0].fix.as_ref().is_some_and(|fix| fix
                .description
                .ends_with("and 2 more; TLS 1.2 and later stay enabled")),
            "{:?}",
            found[0].fix
        );
        // A hostile chain: one finding per operand, all carrying the one shared fix.
        let many = vec!["WINHTTP_FLAG_SECURE_PROTOCOL_TLS1"; 1500].join(" | ");
        let text = in_function(&format!(
            "    DWORD p = {many} | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n{SET_OPTION}"
        ));
        let found = findings(FileKind::Cpp, cpp::Unit::CppSource, &text);
        assert_eq!(found.len(), 1500);
        let edits = |f: &Finding| {
            f.fix
                .as_ref()
                .map(|fix| fix.edits.iter().map(|e| e.span.clone()).collect::<Vec<_>>())
        };
        assert!(found.iter().all(|f| edits(f) == edits(&found[0])));
        assert_eq!(
            apply(&text, &found[0].fix.as_ref().unwrap().edits),
            in_function(&format!(
                "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n{SET_OPTION}"
            ))
        );
        // Formatting is kept: a member in the middle goes with the `|` before it.
        let body = format!(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 |\n              WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 |  // old proxies\n              WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;\n{SET_OPTION}"
        );
        assert_eq!(
            fixed_body(&body, 0).unwrap().0,
            format!(
                "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 |  // old proxies\n              WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;\n{SET_OPTION}"
            )
        );
        // Inline at a Schannel field, numbers, casts and parentheses.
        assert_eq!(
            fixed_body("    c->grbitEnabledProtocols = (DWORD)(SP_PROT_TLS1_2_CLIENT | 0x80 | SP_PROT_TLS1_3_CLIENT);", 0),
            Some(("    c->grbitEnabledProtocols = (DWORD)(SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);".to_owned(), true))
        );
        // `|=` keeps what it adds besides the legacy part.
        assert_eq!(
            fixed_body(
                "    c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT;",
                0
            ),
            Some((
                "    c->grbitEnabledProtocols |= SP_PROT_TLS1_2_CLIENT;".to_owned(),
                true
            ))
        );
    }

    #[test]
    fn nothing_is_removed_where_a_sink_would_lose_tls12() {
        // The variable reaches a second sink after TLS 1.2 was masked off: dropping TLS 1.1 there
        // would leave it with TLS 1.0 alone... still legacy, but the first sink keeps TLS 1.2.
        let body = "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    p &= ~WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));";
        let found = fixes(body);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].1, None,
            "the second sink would be left with nothing"
        );
        // An unknown part is not TLS 1.2 for sure.
        let found = fixes("    c->grbitEnabledProtocols = flags | SP_PROT_TLS1_CLIENT;");
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn removals_never_touch_preprocessor_lines() {
        // tree-sitter cannot parse `#ifdef` inside an expression: the value is read token by
        // token, and nothing in it is edited.
        for body in [
            format!(
                "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2\n#ifdef LEGACY_MIRRORS\n        | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1\n#endif\n        ;\n{SET_OPTION}"
            ),
            format!(
                "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2\n#ifdef LEGACY_MIRRORS\n        | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1\n#endif\n        ;\n{SET_OPTION}"
            ),
        ] {
            let found = fixes(&body);
            assert!(!found.is_empty());
            assert!(!found.is_empty());
            assert!(found.iter().all(|(_, fix)| fix.is_none()), "{found:?}");
        }
        // And the cut itself refuses to delete across a directive, whatever the parse says.
        let text = "A | B\n#ifdef X\n| C\n#endif\n";
        let chain = NativeChain {
            members: vec![0..1, 4..5, 17..18].into(),
            index: 2,
            directives: vec![6..14, 19..25],
        };
        assert_eq!(chain.cut(&[2]), None);
        assert_eq!(chain.cut(&[1, 2]), None);
        let cuts = chain.cut(&[0]).unwrap();
        assert_eq!(cuts.len(), 1);
        assert_eq!(&text[cuts[0].clone()], "A | ");
        assert_eq!(chain.cut(&[0, 1, 2]), None, "every member would go");
    }

    #[test]
    fn macro_bodies_are_fixed_at_the_definition_when_only_sinks_use_them() {
        let src = "#define PROTOCOLS (WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | \\\n                   WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | \\\n                   WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2)\nvoid f(HINTERNET h)\n{\n    DWORD p = PROTOCOLS;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n}\n";
        let fixed = fix_all(FileKind::Cpp, cpp::Unit::CppSource, src, false);
        assert_eq!(
            fixed,
            src.replace(
                "(WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | \\\n                   WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | \\\n                   ",
                "("
            )
        );
        assert!(fixed.contains("#define PROTOCOLS (WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2)\n"));
        // Used anywhere else (a comparison, `#ifdef`), or in a header: no fix.
        for other in [
            "bool g(DWORD x) { return x == PROTOCOLS; }\n",
            "#ifdef PROTOCOLS\n#endif\n",
        ] {
            let text = format!("{src}{other}");
            let found = fixes_in(FileKind::Cpp, cpp::Unit::CppSource, &text);
            assert_eq!(found.len(), 2, "{other}");
            assert!(found.iter().all(|(_, fix)| fix.is_none()), "{other}");
        }
        let found = fixes_in(FileKind::Cpp, cpp::Unit::Header, src);
        assert!(found.iter().all(|(_, fix)| fix.is_none()));
        // A macro reached through another macro is only as private as that one.
        let nested = "#define LEGACY WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2\n#define ALL_P (LEGACY)\nvoid f(HINTERNET h)\n{\n    DWORD p = ALL_P;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n}\nDWORD g() { return ALL_P; }\n";
        let found = fixes_in(FileKind::Cpp, cpp::Unit::CppSource, nested);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn constants_and_enumerators_are_fixed_where_they_are_private() {
        let body = "void f(HINTERNET h)\n{\n    DWORD p = kProtocols;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n}\n";
        let fixed = |declaration: &str, unit: cpp::Unit| {
            let src = format!("{declaration}\n{body}");
            let found = fixes_in(FileKind::Cpp, unit, &src);
            assert_eq!(found.len(), 1, "{declaration}");
            found[0]
                .1
                .as_ref()
                .map(|(text, _)| text.lines().next().unwrap_or("").to_owned())
        };
        assert_eq!(
            fixed(
                "static const DWORD kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;",
                cpp::Unit::CSource
            )
            .as_deref(),
            Some("static const DWORD kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;")
        );
        assert_eq!(
            fixed(
                "const DWORD kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;",
                cpp::Unit::CppSource
            )
            .as_deref(),
            Some("const DWORD kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;")
        );
        assert_eq!(
            fixed(
                "enum { kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 };",
                cpp::Unit::CppSource
            )
            .as_deref(),
            Some("enum { kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 };")
        );
        // External linkage (other files may read it), a header, or another use: no fix.
        for (declaration, unit) in [
            (
                "const DWORD kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;",
                cpp::Unit::CSource,
            ),
            (
                "DWORD kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;",
                cpp::Unit::CppSource,
            ),
            (
                "static const DWORD kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;",
                cpp::Unit::Header,
            ),
            (
                "enum { kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 };\nint Describe() { return kProtocols; }",
                cpp::Unit::CppSource,
            ),
        ] {
            assert_eq!(fixed(declaration, unit), None, "{declaration} in {unit:?}");
        }
    }

    #[test]
    fn values_without_tls12_become_tls12_unsafely() {
        let body = format!("    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_ALL;\n{SET_OPTION}");
        assert_eq!(
            fixed_body(&body, 0),
            Some((
                format!("    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n{SET_OPTION}"),
                false
            ))
        );
        // Numbers stay numbers.
        let body = format!("    DWORD p = 0x00000280;\n{SET_OPTION}");
        assert_eq!(
            fixed_body(&body, 0),
            Some((format!("    DWORD p = 0x00000800;\n{SET_OPTION}"), false))
        );
        // Every finding of the value carries the same replacement.
        let body = "    c->grbitEnabledProtocols = SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT;";
        let expected = Some((
            "    c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;".to_owned(),
            false,
        ));
        assert_eq!(fixed_body(body, 0), expected);
        assert_eq!(fixed_body(body, 1), expected);
        assert_eq!(
            fixed_body(
                "    c->grbitEnabledProtocols = SP_PROT_TLS1_SERVER | SP_PROT_TLS1_1_SERVER;",
                0
            )
            .map(|(text, _)| text),
            Some("    c->grbitEnabledProtocols = SP_PROT_TLS1_2_SERVER;".to_owned())
        );
        // Positional initialisers are replaced in place.
        assert_eq!(
            fixed_body(
                "    SCHANNEL_CRED cred = { SCHANNEL_CRED_VERSION, 0, NULL, NULL, 0, NULL, 0, NULL, SP_PROT_TLS1_CLIENT };",
                0
            )
            .map(|(text, _)| text),
            Some("    SCHANNEL_CRED cred = { SCHANNEL_CRED_VERSION, 0, NULL, NULL, 0, NULL, 0, NULL, SP_PROT_TLS1_2_CLIENT };".to_owned())
        );
    }

    #[test]
    fn values_built_in_several_places_are_not_replaced() {
        let body = format!(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;\n    p |= WINHTTP_FLAG_SECURE_PROTOCOL_TLS1;\n{SET_OPTION}"
        );
        let found = fixes(&body);
        assert_eq!(found.len(), 2);
        assert!(!found.is_empty());
        assert!(found.iter().all(|(_, fix)| fix.is_none()), "{found:?}");
        // A ternary with a legacy-only branch: the value is not known to be TLS 1.2 anywhere.
        let found = fixes(
            "    c->grbitEnabledProtocols = legacy ? SP_PROT_TLS1_CLIENT : SP_PROT_TLS1_2_CLIENT;",
        );
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn statements_that_only_add_legacy_versions_are_deleted() {
        assert_eq!(
            fixed_body(
                "    c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;\n    c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;\n    Use(c);",
                0
            ),
            Some((
                "    c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;\n    Use(c);".to_owned(),
                true
            ))
        );
        // The same for a local variable that keeps TLS 1.2.
        let body = format!(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    p |= WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;\n{SET_OPTION}"
        );
        assert_eq!(
            fixed_body(&body, 0),
            Some((
                format!("    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n{SET_OPTION}"),
                true
            ))
        );
        // Several legacy operands: the statement goes in one step.
        assert_eq!(
            fixed_body(
                "    c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;\n    c->grbitEnabledProtocols |= SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT;\n    Use(c);",
                1
            ),
            Some((
                "    c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;\n    Use(c);".to_owned(),
                true
            ))
        );
        // Not the body of an `if` without braces, nor a statement sharing its line.
        for body in [
            "    if (legacy)\n        c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;\n    Use(c);",
            "    Use(c); c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;",
        ] {
            assert_eq!(fixed_body(body, 0), None, "{body}");
        }
        // A global written in a function belongs to other code too.
        let src = "DWORD g_protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\nvoid f(HINTERNET h)\n{\n    g_protocols |= WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &g_protocols, 4);\n}\n";
        let found = fixes_in(FileKind::Cpp, cpp::Unit::CppSource, src);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn combined_operands_keep_their_modern_part() {
        assert_eq!(
            fixed_body("    c->grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT;", 0),
            Some((
                "    c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;"
                    .to_owned(),
                false
            ))
        );
        assert_eq!(
            fixed_body("    c->grbitEnabledProtocols = (DWORD)SP_PROT_TLS1_X_CLIENT;", 0)
                .map(|(text, _)| text),
            Some(
                "    c->grbitEnabledProtocols = (DWORD)(SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);"
                    .to_owned()
            )
        );
        // A number is rewritten bit for bit: safe.
        assert_eq!(
            fixed_body("    c->grbitEnabledProtocols = 0x00000A80u;", 0),
            Some((
                "    c->grbitEnabledProtocols = 0x00000800u;".to_owned(),
                true
            ))
        );
        // A combination with bits no name stands for: no fix.
        assert_eq!(
            fixed_body(
                "    c->grbitEnabledProtocols = SP_PROT_CLIENTS | SP_PROT_TLS1_2_CLIENT;",
                0
            ),
            None
        );
    }

    #[test]
    fn disabled_tls12_operands_are_removed() {
        assert_eq!(
            fixed_body(
                "    tp->grbitDisabledProtocols = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;",
                0
            ),
            Some((
                "    tp->grbitDisabledProtocols = SP_PROT_TLS1_3_CLIENT;".to_owned(),
                false
            ))
        );
        assert_eq!(
            fixed_body("    tp->grbitDisabledProtocols = SP_PROT_TLS1_2_CLIENT;", 0)
                .map(|(text, _)| text),
            Some("    tp->grbitDisabledProtocols = 0;".to_owned())
        );
        assert_eq!(
            fixed_body("    tp->grbitDisabledProtocols = 0xA80;", 0).map(|(text, _)| text),
            Some("    tp->grbitDisabledProtocols = 0x280;".to_owned())
        );
        // The bit is not an operand of its own: no fix.
        for body in [
            "    tp->grbitDisabledProtocols = ~SP_PROT_TLS1_3_CLIENT;",
            "    tp->grbitDisabledProtocols = SP_PROT_TLS1_2;",
        ] {
            let found = fixes(body);
            assert_eq!(found.len(), 1, "{body}");
            assert_eq!(found[0].1, None, "{body}");
        }
    }

    #[test]
    fn recovered_code_gets_no_fix() {
        for text in [
            // The sink itself is damaged: read token by token.
            in_function(
                "    c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT @@ | SP_PROT_TLS1_2_CLIENT;",
            ),
            // The write feeding the sink is inside an ERROR region.
            "void f( {\n  @@ DWORD p = SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_2_CLIENT; @@\n  cred.grbitEnabledProtocols = p; ]]\n}\n".to_owned(),
        ] {
            let found = fixes_in(FileKind::Cpp, cpp::Unit::CppSource, &text);
            assert!(!found.is_empty(), "{text}");
            assert!(
                found.iter().all(|(_, fix)| fix.is_none()),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn fixes_converge_and_keep_the_file_parsing() {
        let src = "#define MIRROR_PROTOCOLS (WINHTTP_FLAG_SECURE_PROTOCOL_SSL3 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1)\nvoid f(HINTERNET h, SCHANNEL_CRED *c, TLS_PARAMETERS *tp)\n{\n    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 |\n              WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | 0x200;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    DWORD m = MIRROR_PROTOCOLS;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &m, sizeof(m));\n    c->grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT | SP_PROT_SSL3_CLIENT;\n    c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;\n    tp->grbitDisabledProtocols = SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT;\n}\n";
        let safe = fix_all(FileKind::Cpp, cpp::Unit::CppSource, src, false);
        assert_eq!(
            safe,
            "#define MIRROR_PROTOCOLS (WINHTTP_FLAG_SECURE_PROTOCOL_SSL3 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1)\nvoid f(HINTERNET h, SCHANNEL_CRED *c, TLS_PARAMETERS *tp)\n{\n    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    DWORD m = MIRROR_PROTOCOLS;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &m, sizeof(m));\n    c->grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT;\n    tp->grbitDisabledProtocols = SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT;\n}\n"
        );
        let all = fix_all(FileKind::Cpp, cpp::Unit::CppSource, src, true);
        assert_eq!(
            all,
            "#define MIRROR_PROTOCOLS WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2\nvoid f(HINTERNET h, SCHANNEL_CRED *c, TLS_PARAMETERS *tp)\n{\n    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    DWORD m = MIRROR_PROTOCOLS;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &m, sizeof(m));\n    c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;\n    tp->grbitDisabledProtocols = SP_PROT_TLS1_1_CLIENT;\n}\n"
        );
        assert_eq!(
            fix_all(FileKind::Cpp, cpp::Unit::CppSource, &all, true),
            all
        );
        assert!(
            findings(FileKind::Cpp, cpp::Unit::CppSource, &all).is_empty(),
            "nothing is left to report"
        );
    }

    #[test]
    fn registry_values_get_tls12_in_their_own_syntax() {
        let reg = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp]\r\n\"DefaultSecureProtocols\"=dword:000000a0\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings]\r\n\"SecureProtocols\"=dword:000020a8\r\n";
        let fixed = fix_all(FileKind::Registry, cpp::Unit::CppSource, reg, true);
        assert_eq!(
            fixed,
            reg.replace("dword:000000a0", "dword:00000800")
                .replace("dword:000020a8", "dword:00002800")
        );
        let found = findings(FileKind::Registry, cpp::Unit::CppSource, reg);
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(
            fix.description,
            "set `DefaultSecureProtocols` to 0x00000800 (TLS 1.2; Windows 7 and Server 2012 also need KB3140245)"
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some("set `\"SecureProtocols\"=dword:00002800`")
        );
        // Only unsafe fixes: `--fix` alone leaves machine settings alone.
        assert_eq!(
            fix_all(FileKind::Registry, cpp::Unit::CppSource, reg, false),
            reg
        );
    }

    #[test]
    fn powershell_registry_writes_without_tls12() {
        let script = "# WinHTTP defaults for the kiosk image.\n\
             Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name DefaultSecureProtocols -Value 0xA0 -Type DWord\n\
             New-ItemProperty -Path 'Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name 'DefaultSecureProtocols' -PropertyType DWord -Value 640 -Force\n\
             [Microsoft.Win32.Registry]::SetValue('HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings', 'SecureProtocols', 0x2000, 'DWord')\n\
             reg add \"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\" /v SecureProtocols /t REG_DWORD /d 0x28 /f\n";
        let found = findings(FileKind::PowerShell, cpp::Unit::CppSource, script);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (&script[f.span.clone()][..20], f.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "Set-ItemProperty -Pa",
                    "`DefaultSecureProtocols`=0x000000A0 (SSL 3.0 and TLS 1.0) leaves WinHTTP programs that keep the default without TLS 1.2"
                ),
                (
                    "New-ItemProperty -Pa",
                    "`DefaultSecureProtocols`=0x00000280 (TLS 1.0 and TLS 1.1) leaves WinHTTP programs that keep the default without TLS 1.2"
                ),
                (
                    "[Microsoft.Win32.Reg",
                    "`SecureProtocols`=0x00002000 (TLS 1.3) leaves WinINet and Internet Explorer with TLS 1.3 only: servers that stop at TLS 1.2 cannot be reached"
                ),
                (
                    "reg add \"HKLM\\SOFTWA",
                    "`SecureProtocols`=0x00000028 (SSL 2.0 and SSL 3.0) leaves WinINet and Internet Explorer without TLS 1.2"
                ),
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "set `DefaultSecureProtocols` to 0x800 (0x2800 adds TLS 1.3 on Windows 11 / Server 2022); Windows 7 and Server 2012 also need KB3140245"
            )
        );
        assert_eq!(
            found[2].help.as_deref(),
            Some("set `SecureProtocols` to 0x2800")
        );
        // The fix writes the number the way the script does (hex or decimal), unsafely.
        assert!(found.iter().all(|f| {
            f.fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Unsafe)
        }));
        let fixed = fix_all(FileKind::PowerShell, cpp::Unit::CppSource, script, true);
        assert_eq!(
            fixed,
            script
                .replace("-Value 0xA0", "-Value 0x800")
                .replace("-Value 640", "-Value 2048")
                .replace("0x2000, 'DWord'", "0x2800, 'DWord'")
                .replace("/d 0x28", "/d 0x800")
        );
        assert_eq!(crate::lang::powershell::error_count(&fixed), 0);
        assert!(findings(FileKind::PowerShell, cpp::Unit::CppSource, &fixed).is_empty());
    }

    #[test]
    fn powershell_writes_that_are_fine_or_unknown() {
        let script = "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name DefaultSecureProtocols -Value 0xA00 -Type DWord\n\
             Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name DefaultSecureProtocols -Value 2048\n\
             Set-ItemProperty -Path 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings' -Name SecureProtocols -Value 0x2800\n\
             Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Contoso\\Agent' -Name DefaultSecureProtocols -Value 0xA0 -Type DWord\n\
             Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name DefaultSecureProtocols -Value $protocols -Type DWord\n\
             # Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name DefaultSecureProtocols -Value 0xA0\n\
             Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name DefaultSecureProtocols\n";
        assert!(findings(FileKind::PowerShell, cpp::Unit::CppSource, script).is_empty());
    }
}
