//! TLS008 legacy-native-protocol-flags through the library's public surface: C/C++ files
//! analysed by `lang::cpp`, `.reg` files and PowerShell scripts, checked by the rule's file
//! check; the findings' messages, help, protocol sets and fixes (applied alone, and pass after
//! pass as `--fix` does).

use tlslint::diagnostic::Finding;
use tlslint::facts::NativeChain;
use tlslint::fix::{Applicability, Edit};
use tlslint::lang::{FileKind, analyze_markup, cpp};
use tlslint::rules::tls008_legacy_native_protocol_flags::RULE;
use tlslint::rules::{FileContext, checks_of};
use tlslint::target::{FrameworkVersion, Target};

/// `(quoted code, message, help)` of each finding of a C++ source file (or another kind of
/// file), in order.
fn run(kind: FileKind, text: &str) -> Vec<(String, String, String)> {
    findings(kind, cpp::Unit::CppSource, text)
        .into_iter()
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
        fix_target: FrameworkVersion::V4_8,
        project: None,
    };
    let mut out = Vec::new();
    (checks_of(&RULE).file)(&ctx, &facts, &mut out);
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
fn fixes_in(kind: FileKind, unit: cpp::Unit, text: &str) -> Vec<(String, Option<(String, bool)>)> {
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
    let found = cpp("    c->grbitEnabledProtocols = SP_PROT_TLS1_SERVER | SP_PROT_TLS1_1_SERVER;");
    assert_eq!(found.len(), 2);
    assert!(found[0].1.contains("nothing modern can be negotiated"));
    assert!(
        found[0]
            .2
            .starts_with("set `grbitEnabledProtocols` to `SP_PROT_TLS1_2_SERVER`")
    );
    let found = cpp("    c->grbitEnabledProtocols = SP_PROT_TLS1_SERVER | SP_PROT_TLS1_2_SERVER;");
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

const SET_OPTION: &str = "    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));";

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
    assert_eq!(tlslint::lang::powershell::error_count(&fixed), 0);
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
