//! Construct-by-construct tests of the C/C++ analysis: what reaches each sink.

use super::*;
use crate::facts::{OperandPlace, WriteOp};

/// `(api, value at the sink, operands as (text, bits), set bits, possible bits)` per sink.
type Summary = (NativeApi, String, Vec<(String, u32)>, u32, u32);

/// The sinks' values only: values written away from sinks are tested in `written`.
fn summarize(src: &str) -> Vec<Summary> {
    let facts = analyze(src).expect("parses");
    facts
        .native
        .iter()
        .filter(|v| v.api != NativeApi::Written)
        .map(|v| {
            (
                v.api,
                src[v.value.clone()].to_owned(),
                v.operands
                    .iter()
                    .map(|o| (o.text.clone(), o.bits))
                    .collect(),
                v.bits.set,
                v.bits.possible,
            )
        })
        .collect()
}

/// The operands reaching any sink, as `text=bits`.
fn operands(src: &str) -> Vec<String> {
    let mut out: Vec<String> = summarize(src)
        .into_iter()
        .flat_map(|(_, _, operands, _, _)| operands)
        .map(|(text, bits)| format!("{text}={bits:#x}"))
        .collect();
    let mut seen = std::collections::HashSet::new();
    out.retain(|o| seen.insert(o.clone()));
    out
}

fn in_function(body: &str) -> String {
    format!(
        "#include <windows.h>\n#include <winhttp.h>\n\nstatic BOOL Configure(HINTERNET hSession)\n{{\n{body}\n    return TRUE;\n}}\n"
    )
}

#[test]
fn every_query_file_compiles_against_the_grammar() {
    check_queries().unwrap();
}

#[test]
fn prefilter_lets_only_relevant_files_through() {
    assert!(may_matter(b"WinHttpSetOption(h, 84, &p, 4);"));
    assert!(may_matter(b"cred.grbitEnabledProtocols = 0;"));
    assert!(may_matter(
        b"DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;"
    ));
    assert!(may_matter(b"SCHANNEL_CRED c = { 4 };"));
    assert!(!may_matter(
        b"int main() { return WinHttpOpen(0, 0, 0, 0, 0) != 0; }"
    ));
}

#[test]
fn winhttp_value_through_a_local_variable() {
    let src = in_function(
        "    DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols));",
    );
    let found = summarize(&src);
    assert_eq!(found.len(), 1);
    let (api, value, operands, set, possible) = &found[0];
    assert_eq!(*api, NativeApi::WinHttpSecureProtocols);
    assert_eq!(value, "&protocols");
    assert_eq!(
        operands,
        &[
            ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1".to_owned(), 0x80),
            ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1".to_owned(), 0x200)
        ]
    );
    assert_eq!((*set, *possible), (0x280, 0x280));
}

#[test]
fn winhttp_call_shapes() {
    for call in [
        "::WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
        "WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, (LPVOID)&p, sizeof(DWORD));",
        "WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, (void *)&p, sizeof p);",
        "if (!WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, reinterpret_cast<LPVOID>(&p), sizeof(p))) return FALSE;",
        "WinHttpSetOption(hSession, 84, &p, sizeof(p));",
        "WinHttpSetOption(hSession, 0x54, &p, sizeof(p));",
        "p_set_option(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
        "api->SetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
        "(*pfnSetOption)(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
    ] {
        let src = in_function(&format!(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;\n    {call}"
        ));
        assert_eq!(
            operands(&src),
            ["WINHTTP_FLAG_SECURE_PROTOCOL_SSL3=0x20"],
            "{call}"
        );
    }
}

#[test]
fn winhttp_value_written_inline() {
    // A wrapper that takes the value itself, and a C compound literal.
    let src = in_function(
        "    SetSessionOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, WINHTTP_FLAG_SECURE_PROTOCOL_ALL);\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &(DWORD){ WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 }, sizeof(DWORD));",
    );
    assert_eq!(
        operands(&src),
        [
            "WINHTTP_FLAG_SECURE_PROTOCOL_ALL=0xa8",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1=0x80"
        ]
    );
}

#[test]
fn reads_and_other_options_are_not_sinks() {
    let src = in_function(
        "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1, len = sizeof(p);\n    WinHttpQueryOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, &len);\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURITY_FLAGS, &p, sizeof(p));\n    WinHttpSetOption(hSession, 31, &p, sizeof(p));\n    Log(84, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1);\n    printf(\"%lu %lu\", WINHTTP_OPTION_SECURE_PROTOCOLS, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1);\n    GetSessionOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p);\n    if (cred.grbitEnabledProtocols == SP_PROT_TLS1_CLIENT) return FALSE;\n    DWORD q = cred.grbitEnabledProtocols;\n    cred.grbitEnabledProtocols &= ~SP_PROT_TLS1_CLIENT;",
    );
    assert!(summarize(&src).is_empty(), "{:?}", summarize(&src));
}

#[test]
fn integers_are_read_by_their_bits() {
    let src = in_function(
        "    DWORD a = 0xA8;\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &a, 4);\n    DWORD b = 0x80 | 0x800;\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &b, 4);\n    DWORD c = 2'048;\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &c, 4);",
    );
    let found = summarize(&src);
    assert_eq!(found[0].2, [("0xA8".to_owned(), 0xA8)]);
    assert_eq!(
        found[1].2,
        [("0x80".to_owned(), 0x80), ("0x800".to_owned(), 0x800)]
    );
    assert_eq!(found[2].3, 0x800);
}

#[test]
fn sdk_names_win_over_local_redefinitions() {
    // An old curl header defined SP_PROT_SSL3_CLIENT as 0x8 (it is 0x20).
    let src = "#define SP_PROT_SSL3_CLIENT 0x8\n#define WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 0x00000200\nvoid f(SCHANNEL_CRED *c, HINTERNET h) {\n  c->grbitEnabledProtocols = SP_PROT_SSL3_CLIENT;\n  DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);\n}\n";
    assert_eq!(
        operands(src),
        [
            "SP_PROT_SSL3_CLIENT=0x20",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1=0x200"
        ]
    );
}

#[test]
fn macros_are_followed_to_their_body() {
    let src = "#define LEGACY (WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | \\\n                WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1)\n#define MY_PROTOCOLS (LEGACY | 0x800) /* TLS 1.2 */\n#define F(x) (x | WINHTTP_FLAG_SECURE_PROTOCOL_SSL2)\nvoid f(HINTERNET h) {\n  DWORD p = MY_PROTOCOLS;\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);\n  DWORD q = F(0);\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &q, 4);\n}\n";
    let found = summarize(src);
    assert_eq!(
        found[0].2,
        [
            ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1".to_owned(), 0x80),
            ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1".to_owned(), 0x200),
            ("0x800".to_owned(), 0x800)
        ]
    );
    assert_eq!(found[0].3, 0xA80);
    // Function-like macros are not expanded: unknown, nothing reported.
    assert_eq!(found[1].2, []);
    assert_eq!(found[1].4, u32::MAX);
}

#[test]
fn alternative_definitions_are_all_considered() {
    let src = "#ifdef OLD_SERVERS\n#define PROTOCOLS (SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_2_CLIENT)\n#else\n#define PROTOCOLS SP_PROT_TLS1_2_CLIENT\n#endif\nvoid f(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = PROTOCOLS; }\n";
    let found = summarize(src);
    assert_eq!(found[0].2.len(), 3);
    assert_eq!((found[0].3, found[0].4), (0x800, 0x880));
}

#[test]
fn enumerators_and_globals() {
    let src = "enum { kLegacy = SP_PROT_SSL3_CLIENT };\nstatic const DWORD kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\nvoid f(SCHANNEL_CRED *c, HINTERNET h) {\n  c->grbitEnabledProtocols = kLegacy;\n  DWORD p = kProtocols;\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, (LPVOID)&kProtocols, 4);\n}\n";
    assert_eq!(
        operands(src),
        [
            "SP_PROT_SSL3_CLIENT=0x20",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1=0x80",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2=0x800"
        ]
    );
}

#[test]
fn writes_before_the_call_are_folded_in_order() {
    // `|=` in an #ifdef adds; an unconditional `=` replaces; a mask removes.
    let src = in_function(
        "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;\n    p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n#if defined(WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3)\n    p |= WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;\n#endif\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
    );
    let found = summarize(&src);
    assert_eq!(
        found[0].2,
        [
            ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2".to_owned(), 0x800),
            ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3".to_owned(), 0x2000)
        ]
    );
    assert_eq!(found[0].3, 0x2800);
    let src = in_function(
        "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    if (legacy)\n        p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
    );
    let found = summarize(&src);
    assert_eq!((found[0].3, found[0].4), (0x800, 0x880));
    assert!(operands(&src).contains(&"WINHTTP_FLAG_SECURE_PROTOCOL_TLS1=0x80".to_owned()));
    let src = in_function(
        "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    p &= ~WINHTTP_FLAG_SECURE_PROTOCOL_TLS1;\n    p = p | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));",
    );
    let found = summarize(&src);
    assert_eq!((found[0].3, found[0].4), (0x2800, 0x2800));
}

#[test]
fn the_same_variable_feeds_two_calls() {
    // libgit2's shape: try with TLS 1.3, fall back without it.
    let src = in_function(
        "    DWORD protocols =\n        WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 |\n        WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 |\n        WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 |\n        WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;\n    if (WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols)) == FALSE) {\n        protocols &= ~WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;\n        WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols));\n    }",
    );
    let found = summarize(&src);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].3, 0x2A80);
    assert_eq!((found[1].3, found[1].4), (0xA80, 0xA80));
    assert_eq!(found[1].2.len(), 4, "the operands are the initialiser's");
}

#[test]
fn unknown_values_stay_unknown() {
    let src = "void f(HINTERNET h, DWORD protocols, SCHANNEL_CRED *c, DWORD enabled) {\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, 4);\n  c->grbitEnabledProtocols = enabled;\n  DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n  LoadProtocols(&p);\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);\n}\n";
    let found = summarize(src);
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|f| f.4 == u32::MAX), "{found:?}");
}

#[test]
fn schannel_assignments_and_initialisers() {
    let src = "void f(SCHANNEL_CRED *pc) {\n  SCHANNEL_CRED a = { SCHANNEL_CRED_VERSION, 0, NULL, NULL, 0, NULL, 0, NULL, SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT };\n  SCHANNEL_CRED b = { .dwVersion = SCHANNEL_CRED_VERSION, .grbitEnabledProtocols = SP_PROT_TLS1_0_CLIENT };\n  SCHANNEL_CRED c{ SCHANNEL_CRED_VERSION, 0, nullptr, nullptr, 0, nullptr, 0, nullptr, 0xA0 };\n  SCHANNEL_CRED d = { 0 };\n  d.grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT;\n  pc->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;\n  pc->grbitEnabledProtocols = 0;\n}\n";
    let found = summarize(src);
    let shown: Vec<(String, WriteOp)> = analyze(src)
        .unwrap()
        .native
        .iter()
        .map(|v| (src[v.value.clone()].to_owned(), v.op))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT".to_owned(),
                WriteOp::Set
            ),
            ("SP_PROT_TLS1_0_CLIENT".to_owned(), WriteOp::Set),
            ("0xA0".to_owned(), WriteOp::Set),
            ("SP_PROT_TLS1_X_CLIENT".to_owned(), WriteOp::Set),
            ("SP_PROT_TLS1_1_CLIENT".to_owned(), WriteOp::Add),
            ("0".to_owned(), WriteOp::Set),
        ]
    );
    assert!(
        found
            .iter()
            .all(|f| f.0 == NativeApi::SchannelEnabledProtocols)
    );
    assert_eq!(found[3].3, 0x2A80);
}

#[test]
fn sch_credentials_disabled_protocols() {
    let src = "void f(TLS_PARAMETERS *tp, DWORD enabled) {\n  TLS_PARAMETERS a = { 0, NULL, SP_PROT_TLS1_2_CLIENT };\n  tp->grbitDisabledProtocols = (DWORD)~SP_PROT_TLS1_3_CLIENT;\n  tp->grbitDisabledProtocols = ~(SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);\n  tp->grbitDisabledProtocols = ~enabled;\n}\n";
    let found = summarize(src);
    assert!(
        found
            .iter()
            .all(|f| f.0 == NativeApi::SchannelDisabledProtocols)
    );
    assert_eq!(found[0].3, 0x800);
    assert_eq!(found[1].3, !0x2000);
    assert_eq!(found[2].3 & 0x2800, 0);
    assert_eq!((found[3].3, found[3].4), (0, u32::MAX));
}

#[test]
fn comments_strings_and_dead_code_are_not_read() {
    let src = "// WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);\n/* cred.grbitEnabledProtocols = SP_PROT_SSL3_CLIENT; */\nconst char *doc = \"cred.grbitEnabledProtocols = SP_PROT_SSL3_CLIENT;\";\nvoid f(SCHANNEL_CRED *c) {\n#if 0\n  c->grbitEnabledProtocols = SP_PROT_SSL2_CLIENT;\n#elif defined(LEGACY)\n  c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT;\n#else\n  c->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;\n#endif\n}\n";
    assert_eq!(
        operands(src),
        ["SP_PROT_TLS1_CLIENT=0x80", "SP_PROT_TLS1_2_CLIENT=0x800"]
    );
    // A dead `#define` or write does not count either.
    let src = "#if 0\n#define P SP_PROT_SSL2_CLIENT\n#else\n#define P SP_PROT_TLS1_2_CLIENT\n#endif\nvoid f(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = P; }\n";
    assert_eq!(operands(src), ["SP_PROT_TLS1_2_CLIENT=0x800"]);
}

#[test]
fn preprocessor_lines_inside_values_and_arguments() {
    let src = "void a(HINTERNET hSession) {\n    DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2\n#ifdef WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3\n        | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3\n#endif\n        ;\n    if (!WinHttpSetOption(hSession,\n#ifdef UNICODE\n            WINHTTP_OPTION_SECURE_PROTOCOLS,\n#else\n            WINHTTP_OPTION_SECURE_PROTOCOLS,\n#endif\n            &protocols, sizeof(protocols)))\n        return;\n    SCHANNEL_CRED cred = {\n        SCHANNEL_CRED_VERSION, 0, NULL, NULL, 0, NULL, 0, NULL,\n#ifdef LEGACY_SERVERS\n        SP_PROT_TLS1_CLIENT | SP_PROT_SSL3_CLIENT |\n#endif\n        SP_PROT_TLS1_2_CLIENT\n    };\n}\n";
    assert_eq!(
        operands(src),
        [
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1=0x200",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2=0x800",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3=0x2000",
            "SP_PROT_TLS1_CLIENT=0x80",
            "SP_PROT_SSL3_CLIENT=0x20",
            "SP_PROT_TLS1_2_CLIENT=0x800"
        ]
    );
    // No removal may delete a preprocessor line.
    let facts = analyze(src).unwrap();
    for value in &facts.native {
        for operand in &value.operands {
            if let Some(removal) = operand.removal() {
                assert!(!src[removal].contains('#'), "{operand:?}");
            }
        }
    }
}

#[test]
fn sinks_that_are_statements_of_their_own() {
    let src = "void f(SCHANNEL_CRED *c, HINTERNET h, DWORD p) {\n  c->grbitEnabledProtocols |= SP_PROT_TLS1_CLIENT;\n  if (!WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4)) return;\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);\n}\n@@ void g(SCHANNEL_CRED *c) { @@ c->cred.grbitEnabledProtocols |= SP_PROT_TLS1_CLIENT; }\n";
    let facts = analyze(src).unwrap();
    let statements: Vec<Option<&str>> = facts
        .native
        .iter()
        .map(|v| v.statement.clone().map(|s| &src[s]))
        .collect();
    assert_eq!(
        statements,
        [
            Some("c->grbitEnabledProtocols |= SP_PROT_TLS1_CLIENT;"),
            None,
            Some("WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);"),
            Some("c->cred.grbitEnabledProtocols |= SP_PROT_TLS1_CLIENT;"),
        ]
    );
}

#[test]
fn removal_spans_drop_one_operand_and_its_bar() {
    let src = "void f(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT; }";
    let facts = analyze(src).unwrap();
    let value = &facts.native[0];
    let removals: Vec<&str> = value
        .operands
        .iter()
        .map(|o| &src[o.removal().unwrap()])
        .collect();
    assert_eq!(
        removals,
        [
            "SP_PROT_TLS1_CLIENT | ",
            " | SP_PROT_TLS1_1_CLIENT",
            " | SP_PROT_TLS1_2_CLIENT"
        ]
    );
    for operand in &value.operands {
        assert_eq!(
            &src[operand.expression.clone()],
            "SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT"
        );
    }
    // Dropping the two legacy operands leaves valid code.
    let mut fixed = src.to_owned();
    for operand in value.operands.iter().rev().filter(|o| o.bits & 0x3FF != 0) {
        fixed.replace_range(operand.removal().unwrap(), "");
    }
    assert!(fixed.contains("= SP_PROT_TLS1_2_CLIENT;"), "{fixed}");
    // A sole operand has no removal: the value is replaced as a whole.
    let src = "void f(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT; }";
    assert_eq!(analyze(src).unwrap().native[0].operands[0].removal(), None);
}

#[test]
fn parse_errors_do_not_lose_sinks() {
    // C++/CLI, unknown macros in signatures, `__try`: the parser produces ERROR nodes.
    let src = "STDMETHODIMP_(BOOL) CDownloader::Open(HINTERNET h) __THROWS(E_FAIL)\n{\n    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n}\npublic ref class Client sealed {\n    void Go() {\n        array<Byte>^ buf = gcnew array<Byte>(10);\n        DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n        for each (Byte b in buf) { WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4); }\n    }\n};\n";
    assert_eq!(
        operands(src),
        [
            "WINHTTP_FLAG_SECURE_PROTOCOL_SSL3=0x20",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1=0x80",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2=0x800"
        ]
    );
}

#[test]
fn sinks_inside_error_regions_are_found() {
    // Broken code: tree-sitter wraps it in ERROR nodes but keeps the statements' structure.
    let src = "void f( {\n  @@ DWORD p = SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_2_CLIENT; @@\n  cred.grbitEnabledProtocols = p; ]]\n  SCHANNEL_CRED c = { 4, 0, 0, 0, 0, 0, 0, 0, 0x80 }; @@\n  tp.grbitDisabledProtocols = SP_PROT_TLS1_2_CLIENT @@;\n  WinHttpSetOption(h, 84, &p, 4) )) ;\n}\n";
    assert!(analyze(src).unwrap().recovered_regions > 0);
    let found = summarize(src);
    let values: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(values, ["p", "0x80", "SP_PROT_TLS1_2_CLIENT @@", "&p"]);
    assert_eq!(found[2].3, 0x800, "what is written counts");
    assert_eq!(found[0].2.len(), 2, "{found:?}");
    assert_eq!(found[0].3, 0x820);
    assert_eq!(found[3].3, 0x820);
    // Where the sink's own structure is damaged, it is read token by token.
    let src = "void f(HINTERNET h) {\n  DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1;\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p @@, 4);\n  cred.grbitEnabledProtocols = SP_PROT_SSL3_CLIENT @@ | SP_PROT_TLS1_CLIENT;\n}\n";
    let facts = analyze(src).unwrap();
    assert_eq!(facts.recovered_regions, 2);
    assert_eq!(
        &src[facts.native[0].sink.clone()],
        "WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p @@, 4)"
    );
    assert_eq!(
        operands(src),
        [
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1=0x80",
            "SP_PROT_SSL3_CLIENT=0x20",
            "SP_PROT_TLS1_CLIENT=0x80"
        ]
    );
}

#[test]
fn hostile_input_never_panics() {
    let sample = in_function(
        "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | (DWORD)0x800;\n#if 0\n    x\n#endif\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    SCHANNEL_CRED c = { .grbitEnabledProtocols = SP_PROT_SSL3_CLIENT };\n    c.grbitEnabledProtocols |= R\"x(y)x\" ;",
    );
    for end in 0..=sample.len() {
        if sample.is_char_boundary(end) {
            let _ = analyze(&sample[..end]);
            let _ = analyze(&sample[end..]);
        }
    }
    let deep = format!(
        "void f(SCHANNEL_CRED *c) {{ c->grbitEnabledProtocols = {}SP_PROT_SSL3_CLIENT{}; }}",
        "(".repeat(3000),
        ")".repeat(3000)
    );
    let _ = analyze(&deep);
    let chain = format!(
        "void f(HINTERNET h) {{ DWORD p = 1; {} WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4); }}",
        "p = p | p; ".repeat(2000)
    );
    let _ = analyze(&chain);
    let macros: String = (0..200)
        .map(|i| {
            format!(
                "#define M{i} (M{} | M{} | SP_PROT_TLS1_CLIENT)\n",
                i + 1,
                i + 1
            )
        })
        .collect();
    let _ = analyze(&format!(
        "{macros}void f(SCHANNEL_CRED *c) {{ c->grbitEnabledProtocols = M0; }}"
    ));
    let _ = analyze(
        "#define A A\n#define B (B | A)\nvoid f(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = B; }",
    );
}

#[test]
fn c_and_cpp_files_are_recognised_by_extension() {
    use crate::lang::FileKind;
    use std::path::Path;
    for name in [
        "a.c", "a.cc", "a.cpp", "a.cxx", "a.h", "a.hpp", "a.hxx", "A.CPP", "Stdafx.H",
    ] {
        assert_eq!(
            FileKind::from_path(Path::new(name)),
            Some(FileKind::Cpp),
            "{name}"
        );
    }
    for name in ["a.cs", "a.hh", "a.inl", "a.c.txt"] {
        assert_ne!(
            FileKind::from_path(Path::new(name)),
            Some(FileKind::Cpp),
            "{name}"
        );
    }
}

/// `(operand, place)` for every operand reaching a sink, in order.
fn places(src: &str, unit: Unit) -> Vec<(String, OperandPlace)> {
    let facts = analyze_unit(src, unit).expect("parses");
    let mut out: Vec<(String, OperandPlace)> = Vec::new();
    for value in &facts.native {
        for operand in &value.operands {
            let entry = (operand.text.clone(), operand.place.clone());
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

fn local() -> OperandPlace {
    OperandPlace::Local { deletable: None }
}

fn definition(name: &str) -> OperandPlace {
    OperandPlace::Definition {
        name: name.to_owned(),
    }
}

fn shared(name: &str) -> OperandPlace {
    OperandPlace::Shared {
        name: name.to_owned(),
    }
}

#[test]
fn operands_know_where_they_are_written() {
    let src = "#define MIRRORS (WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2)\nstatic const DWORD kStrict = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;\nenum { kOld = SP_PROT_SSL3_CLIENT };\nvoid f(HINTERNET h, SCHANNEL_CRED *c) {\n  DWORD p = MIRRORS;\n  p |= WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);\n  DWORD s = kStrict;\n  WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &s, 4);\n  c->grbitEnabledProtocols = kOld | SP_PROT_TLS1_CLIENT;\n  c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;\n}\n";
    let deletable = |statement: &str| OperandPlace::Local {
        deletable: src.find(statement).map(|at| at..at + statement.len()),
    };
    assert_eq!(
        places(src, Unit::CppSource),
        [
            (
                "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1".to_owned(),
                definition("MIRRORS")
            ),
            (
                "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2".to_owned(),
                definition("MIRRORS")
            ),
            (
                "WINHTTP_FLAG_SECURE_PROTOCOL_SSL3".to_owned(),
                deletable("p |= WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;")
            ),
            (
                "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1".to_owned(),
                definition("kStrict")
            ),
            ("SP_PROT_SSL3_CLIENT".to_owned(), definition("kOld")),
            ("SP_PROT_TLS1_CLIENT".to_owned(), local()),
            (
                "SP_PROT_TLS1_1_CLIENT".to_owned(),
                deletable("c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;")
            ),
        ]
    );
    // In a header, every file that includes it sees the definitions.
    let in_header = places(src, Unit::Header);
    assert_eq!(in_header[0].1, shared("MIRRORS"));
    assert_eq!(in_header[3].1, shared("kStrict"));
    assert_eq!(in_header[4].1, shared("kOld"));
    assert_eq!(in_header[5].1, local());
    // Uses outside the sinks' paths make a definition shared; so do other writes.
    let more = format!(
        "{src}bool g(DWORD x) {{ return x == MIRRORS || x == kOld; }}\nvoid k() {{ kStrict; }}\n"
    );
    let found = places(&more, Unit::CppSource);
    assert_eq!(found[0].1, shared("MIRRORS"));
    assert_eq!(found[3].1, shared("kStrict"));
    assert_eq!(found[4].1, shared("kOld"));
    // `const` has external linkage in C; `static` is private in both.
    let c = "const DWORD kA = SP_PROT_TLS1_CLIENT;\nstatic DWORD kB = SP_PROT_SSL3_CLIENT;\nextern const DWORD kC = SP_PROT_SSL2_CLIENT;\nvoid f(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = kA | kB | kC; }\n";
    assert_eq!(
        places(c, Unit::CSource),
        [
            ("SP_PROT_TLS1_CLIENT".to_owned(), shared("kA")),
            ("SP_PROT_SSL3_CLIENT".to_owned(), definition("kB")),
            ("SP_PROT_SSL2_CLIENT".to_owned(), shared("kC")),
        ]
    );
    assert_eq!(places(c, Unit::CppSource)[0].1, definition("kA"));
    assert_eq!(places(c, Unit::CppSource)[2].1, shared("kC"));
}

#[test]
fn operands_in_damaged_code_are_recovered() {
    let src = "void f( {\n  @@ DWORD p = SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_2_CLIENT; @@\n  cred.grbitEnabledProtocols = p; ]]\n}\nvoid g(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT @@ | SP_PROT_TLS1_2_CLIENT; }\n";
    let facts = analyze(src).unwrap();
    assert!(
        facts.native.iter().all(|v| v.recovered
            || v.operands
                .iter()
                .all(|o| o.place == OperandPlace::Recovered)),
        "{:?}",
        facts.native
    );
    let clean = "void g(SCHANNEL_CRED *c) { c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT; }\n";
    assert!(!analyze(clean).unwrap().native[0].recovered);
}

#[test]
fn statements_are_deletable_only_in_blocks() {
    let src = "void f(SCHANNEL_CRED *c, DWORD p) {\n  if (p)\n    c->grbitEnabledProtocols |= SP_PROT_TLS1_CLIENT;\n  switch (p) { case 1: c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT; break; }\n#ifdef LEGACY\n  c->grbitEnabledProtocols |= SP_PROT_SSL3_CLIENT;\n#endif\n  while (p--) c->grbitEnabledProtocols |= SP_PROT_SSL2_CLIENT;\n}\n";
    let facts = analyze(src).unwrap();
    let statements: Vec<Option<&str>> = facts
        .native
        .iter()
        .map(|v| v.statement.clone().map(|s| &src[s]))
        .collect();
    assert_eq!(
        statements,
        [
            None,
            Some("c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;"),
            Some("c->grbitEnabledProtocols |= SP_PROT_SSL3_CLIENT;"),
            None,
        ]
    );
}

#[test]
fn units_by_extension() {
    use std::path::Path;
    assert_eq!(Unit::of(Path::new("src/a.cpp")), Unit::CppSource);
    assert_eq!(Unit::of(Path::new("src/a.CC")), Unit::CppSource);
    assert_eq!(Unit::of(Path::new("src/a.c")), Unit::CSource);
    assert_eq!(Unit::of(Path::new("inc/a.h")), Unit::Header);
    assert_eq!(Unit::of(Path::new("inc/a.hpp")), Unit::Header);
    assert_eq!(Unit::of(Path::new("inc/a.hxx")), Unit::Header);
}

#[test]
fn error_count_for_fix_checks() {
    assert_eq!(error_count("int f() { return 1; }\n"), 0);
    assert!(error_count("int f() { return 1;\n") > 0);
}

/// The legacy names written away from sinks, as `text@line`, with their place.
fn written(src: &str, unit: Unit) -> Vec<(String, OperandPlace)> {
    let facts = analyze_unit(src, unit).expect("parses");
    facts
        .native
        .iter()
        .filter(|v| v.api == NativeApi::Written)
        .flat_map(|v| v.operands.iter())
        .map(|o| {
            let line = src[..o.span.start].matches('\n').count() + 1;
            (format!("{}@{line}", o.text), o.place.clone())
        })
        .collect()
}

fn written_names(src: &str) -> Vec<String> {
    written(src, Unit::CppSource)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn legacy_names_are_settings_wherever_they_are_written() {
    // Issue 16: through a return value, a struct member and a parameter.
    let src = "struct SecurityInfo { uint32_t flags; };\nSecurityInfo GetSecurityInfo() {\n    constexpr uint32_t defaultFlags = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 |\n        WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    return SecurityInfo{ defaultFlags };\n}\nvoid Open(HINTERNET h, uint32_t f) { WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &f, sizeof f); }\n";
    assert_eq!(
        written_names(src),
        [
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1@3",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1@4"
        ]
    );
    let src = "DWORD Legacy() { return WINHTTP_FLAG_SECURE_PROTOCOL_ALL; }\nstruct Options { DWORD protocols = SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_2_CLIENT; };\nvoid Configure(DWORD extra = SP_PROT_SSL3_CLIENT) {\n    ApplyProtocols(SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT);\n    options.protocols = SP_PROT_TLS1_0_SERVER;\n    Options o{ SP_PROT_SSL2_CLIENT };\n    DWORD t = legacy ? SP_PROT_TLS1_CLIENT : SP_PROT_TLS1_2_CLIENT;\n}\nenum { kProtocols = SP_PROT_TLS1_1_SERVER | SP_PROT_TLS1_2_SERVER };\n";
    assert_eq!(
        written_names(src),
        [
            "WINHTTP_FLAG_SECURE_PROTOCOL_ALL@1",
            "SP_PROT_TLS1_CLIENT@2",
            "SP_PROT_SSL3_CLIENT@3",
            "SP_PROT_TLS1_1_CLIENT@4",
            "SP_PROT_TLS1_0_SERVER@5",
            "SP_PROT_SSL2_CLIENT@6",
            "SP_PROT_TLS1_CLIENT@7",
            "SP_PROT_TLS1_1_SERVER@9",
        ]
    );
}

#[test]
fn names_or_ed_into_a_value_add_to_it() {
    let src =
        "void f(DWORD* p) { *p |= SP_PROT_TLS1_0_CLIENT; DWORD q = SP_PROT_TLS1_1_CLIENT; }\n";
    let facts = analyze(src).expect("parses");
    let ops: Vec<(String, WriteOp)> = facts
        .native
        .iter()
        .filter(|v| v.api == NativeApi::Written)
        .map(|v| (v.operands[0].text.clone(), v.op))
        .collect();
    assert_eq!(
        ops,
        [
            ("SP_PROT_TLS1_0_CLIENT".to_owned(), WriteOp::Add),
            ("SP_PROT_TLS1_1_CLIENT".to_owned(), WriteOp::Set)
        ]
    );
}

#[test]
fn legacy_names_that_are_only_read_are_not_settings() {
    let src = "bool IsLegacy(DWORD negotiated) {\n    if (negotiated & SP_PROT_TLS1_CLIENT) return true;\n    if (negotiated == SP_PROT_SSL3_CLIENT || SP_PROT_SSL2_CLIENT != negotiated) return true;\n    switch (negotiated) { case SP_PROT_TLS1_1_CLIENT: return true; }\n    DWORD modern = negotiated & ~(SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_1_CLIENT);\n    cred.grbitEnabledProtocols &= ~SP_PROT_TLS1_CLIENT;\n    LogProtocol(SP_PROT_TLS1_CLIENT);\n    printf(\"%lu\", WINHTTP_FLAG_SECURE_PROTOCOL_TLS1);\n    const char* n = ProtocolName(SP_PROT_TLS1_CLIENT);\n    bool h = HasFlag(negotiated, WINHTTP_FLAG_SECURE_PROTOCOL_SSL3) || sizeof(SP_PROT_SSL2_CLIENT) > 4;\n    x = names[SP_PROT_TLS1_CLIENT];\n    return (negotiated & SP_PROT_TLS1_CLIENT) ? true : SP_PROT_TLS1_1_CLIENT == negotiated;\n}\nstatic const struct { DWORD flag; const char* name; } kNames[] = {\n    { SP_PROT_TLS1_CLIENT, \"TLS 1.0\" },\n    { SP_PROT_TLS1_1_CLIENT, L\"TLS 1.1\" },\n};\n#define IS_OLD(x) ((x) & SP_PROT_TLS1_CLIENT)\n#ifndef SP_PROT_TLS1_1_CLIENT\n#define SP_PROT_TLS1_1_CLIENT 0x00000200\n#endif\n#define SP_PROT_TLS1_X_CLIENT (SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT)\n#if 0\nDWORD dead = SP_PROT_SSL3_CLIENT;\n#endif\n// DWORD commented = SP_PROT_SSL3_CLIENT;\nconst char* s = \"SP_PROT_SSL3_CLIENT\";\nDWORD mask = SP_PROT_CLIENTS;\n";
    assert!(written_names(src).is_empty(), "{:?}", written_names(src));
}

#[test]
fn values_the_sinks_decide_are_not_taken_again() {
    // The dead store is overwritten before the sink; the sink's own operand is reported there.
    let src = in_function(
        "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;\n    p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p));\n    cred.grbitEnabledProtocols = SP_PROT_TLS1_CLIENT;",
    );
    assert!(written_names(&src).is_empty(), "{:?}", written_names(&src));
    assert_eq!(
        operands(&src),
        [
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1=0x80",
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2=0x800",
            "SP_PROT_TLS1_CLIENT=0x80"
        ]
    );
}

#[test]
fn macros_that_combine_legacy_names_are_settings_where_defined() {
    let src = "#define MY_PROTOCOLS (WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2)\n";
    assert_eq!(
        written(src, Unit::CppSource),
        [(
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1@1".to_owned(),
            definition("MY_PROTOCOLS")
        )]
    );
    // A header's definition is every includer's: reported, never edited.
    assert_eq!(
        written(src, Unit::Header),
        [(
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1@1".to_owned(),
            shared("MY_PROTOCOLS")
        )]
    );
    // A macro that the file only uses as a mask is a mask; one used as a value is a value.
    let mask = "#define LEGACY (SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT)\nvoid f() { flags &= ~LEGACY; if (p & LEGACY) g(); }\n";
    assert!(written_names(mask).is_empty(), "{:?}", written_names(mask));
    let value = "#define LEGACY (SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT)\nvoid f() { flags &= ~LEGACY; Use(LEGACY); }\n";
    assert_eq!(
        written_names(value),
        ["SP_PROT_SSL3_CLIENT@1", "SP_PROT_TLS1_CLIENT@1"]
    );
    // Values written in code stay local to where they are written.
    assert_eq!(
        written(
            "DWORD f() { return SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_2_CLIENT; }\n",
            Unit::Header
        ),
        [("SP_PROT_TLS1_CLIENT@1".to_owned(), local())]
    );
}
