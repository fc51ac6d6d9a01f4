//! TLS001 deprecated-security-protocol.

use super::{Checks, FileContext, Precision, RuleMeta, check_legacy_operands};
use crate::diagnostic::{Finding, Severity};
use crate::facts::FileFacts;
use crate::protocol::ProtocolEnum;

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS001",
    name: "deprecated-security-protocol",
    summary: "`SecurityProtocolType.Ssl3`, `Tls` or `Tls11` (or their numeric values) written in code",
    default_severity: Severity::Error,
    explanation: EXPLANATION,
    precision: Precision::VeryHigh,
    security_severity: "7.5",
    tags: &["security", "external/cwe/cwe-327", "external/cwe/cwe-757"],
    languages: &["C#", "VB.NET", "PowerShell"],
    since: "0.1.0",
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: check,
    project: None,
};

const EXPLANATION: &str = r#"## What it does
Flags `System.Net.SecurityProtocolType.Ssl3`, `.Tls` (TLS 1.0), `.Tls11` and `(SecurityProtocolType)12`
(SSL 2.0, which always throws) wherever a value is
written: assigned to `ServicePointManager.SecurityProtocol` (`=` or `|=`), passed as an argument,
returned, or used to initialise a field, property, local, parameter default or array element.
Numeric values count too (12, 48, 192, 768 and any combination of their bits, in decimal, hex or
binary, folded constant expressions and constants declared in the same file), and so do aliases
(`using SPT = System.Net.SecurityProtocolType;`), `using static`, fully qualified names and
`global::`. There is one finding per legacy operand, on that operand. An enum plus a number
(`SecurityProtocolType.Tls12 + 768`) is the union of its terms when their bits are disjoint (each
term is an operand); otherwise it is the number it adds up to, reported as a whole.

In PowerShell: `[Net.SecurityProtocolType]::Tls11` (any case, fully qualified or after
`using namespace System.Net`), casts such as `[Net.SecurityProtocolType]768`, and, in a value
assigned to `[Net.ServicePointManager]::SecurityProtocol`, integers in `-bor` chains (48, 192,
768) and comma-separated names in strings (`'Tls, Tls11, Tls12'`), which PowerShell converts to
the enum. An array (`[Net.SecurityProtocolType]::Tls, [Net.SecurityProtocolType]::Tls12`) is the
union of its elements, and so is a `+` of flags with disjoint bits (`3072 + 768`); a sum whose
terms share bits (`Tls11 + Tls11` is 1536) is another number, reported as a whole for its legacy
bits and never fixed by removing a term. `… = [Net.ServicePointManager]::SecurityProtocol -bor 3072` adds TLS 1.2 and is fine.

VB.NET is read the same way, case-insensitively: `SecurityProtocolType.Tls Or
SecurityProtocolType.Tls11`, `CType(&H300, SecurityProtocolType)`, `Imports SPT = …` aliases and
`Const` values. Without `Option Strict On`, VB converts plain numbers to the enum, so
`ServicePointManager.SecurityProtocol = 768` is TLS 1.1 too, and so is
`SecurityProtocolType.Tls12 + SecurityProtocolType.Tls11` (a sum is read as in C#).

Reading a value is not a finding: comparisons, `HasFlag`, `&` tests, `case`/`is` patterns,
assertions, and removing a version (`SecurityProtocol &= ~SecurityProtocolType.Tls11`).
A constant holding a legacy value is reported where it is declared, not where it is used.

Labels are not settings: in C#, a value stored in a local, a local function, or a `private` field,
property or method of a type that is not `partial` (any member of a `file` type) is followed to
its uses in the file. When every use only reads it (comparisons, patterns, `switch`, `HasFlag`,
assertions, interpolation, `ToString()`, dictionary keys, log calls), it names a protocol that
was observed, not enabled (`1 => SecurityProtocolType.Tls` in a parser, a test's expected value), and is not
reported. It is reported where it is written as soon as one use reaches a setting or leaves what
tlslint follows: any other call's argument, `ref`/`out`, a lambda, a collection, a
`public`/`internal`/`protected` member (its callers may be in other files or other
repositories), another object's member, a member named in a string or `nameof`, or one with an
attribute (reflection, serializers and binders reach those). `nameof(SecurityProtocolType.Tls)` and
`Enum.GetName` are reads; `typeof`, `Enum.IsDefined`, `Enum.GetValues` and `Enum.Parse` of
configuration text name no protocol at all. In VB.NET, the initializer of a `Dim` local is
followed the same way through its method and the lambdas inside it (a later assignment is not:
a field of the same name could be what it sets).

## Why is this bad?
SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996) and services are switching them off:
Azure retired them in 2023, payment and cloud APIs follow. A client that enables only these
versions cannot connect to a TLS 1.2-only server at all; one that adds them next to TLS 1.2
keeps a downgrade path open. `SecurityProtocolType.Tls` and `Tls11` are not marked obsolete on
any runtime, so the compiler never warns about them.

## Example
```csharp
ServicePointManager.SecurityProtocol =
    SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;
ServicePointManager.SecurityProtocol |= (SecurityProtocolType)768;
```

## Use instead
```csharp
// .NET Framework 4.7 and later, modern .NET: let the operating system choose.
// (Delete the assignment, or:)
ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;

// .NET Framework 4.5 - 4.6.2: opt in to TLS 1.2 without removing what is there.
ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
```

## Fix
Removing the legacy operands from a value that also names TLS 1.2 or later only drops the
deprecated versions. When nothing else remains, the replacement depends on the target:
`SystemDefault` on 4.7+ and modern .NET, `Tls12` on 4.5 - 4.6.2, `(SecurityProtocolType)3072` on
4.0 and earlier (the member does not exist there). Never use `SystemDefault` on a target at or
below 4.6.2: it throws there unless the system-default switch is on.

Dropping versions is a safe fix where the value is written into the setting. In a value that
is stored (a constant, a field, a variable) it is unsafe: the value's other uses change too,
comparisons and code in other assemblies (a public constant) included.

An assignment in a `catch` clause (C#, VB.NET, PowerShell; also a PowerShell `trap`) gets no
fix: it is a fallback that runs when the `try` failed, typically because the runtime rejected
TLS 1.2 (`SecurityProtocolType.Tls12` throws on a machine with only .NET Framework 4.0), and any
value with TLS 1.2 would throw there too.
Remove the fallback once every runtime the code runs on has TLS 1.2.

## References
- [Transport Layer Security (TLS) best practices with .NET Framework](https://learn.microsoft.com/dotnet/framework/network-programming/tls)
- [CA5364: Do not use deprecated security protocols](https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca5364)
- [RFC 8996: Deprecating TLS 1.0 and TLS 1.1](https://www.rfc-editor.org/rfc/rfc8996)
"#;

fn check(ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    check_legacy_operands(&RULE, ProtocolEnum::SecurityProtocolType, ctx, facts, out);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{in_method, in_vb_sub, run, run_vb, spans};
    use crate::target::{FrameworkVersion, Target};

    fn flagged(body: &str) -> Vec<String> {
        spans(&RULE, Target::Unknown, &in_method(body))
    }

    #[test]
    fn flags_each_legacy_operand_of_an_assignment() {
        assert_eq!(
            flagged(
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;"
            ),
            [
                "SecurityProtocolType.Ssl3",
                "SecurityProtocolType.Tls",
                "SecurityProtocolType.Tls11"
            ]
        );
    }

    #[test]
    fn message_names_the_operand_and_versions() {
        let found = run(
            &RULE,
            Target::Unknown,
            &in_method("ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;"),
        );
        assert_eq!(
            found[0].1,
            "`SecurityProtocolType.Tls` enables deprecated TLS 1.0"
        );
    }

    #[test]
    fn compound_or_adds_legacy_but_tls12_alone_does_not() {
        assert_eq!(
            flagged(
                "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;"
            ),
            ["SecurityProtocolType.Tls11"]
        );
        assert!(
            flagged("ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;")
                .is_empty()
        );
        assert!(flagged("ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol | SecurityProtocolType.Tls12;").is_empty());
        assert_eq!(
            flagged(
                "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol | SecurityProtocolType.Tls11;"
            ),
            ["SecurityProtocolType.Tls11"]
        );
    }

    #[test]
    fn removals_and_masks_are_not_findings() {
        assert!(
            flagged("ServicePointManager.SecurityProtocol &= ~SecurityProtocolType.Tls;")
                .is_empty()
        );
        assert!(flagged("ServicePointManager.SecurityProtocol &= ~(SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls11);").is_empty());
        assert!(
            flagged("var p = ServicePointManager.SecurityProtocol & ~SecurityProtocolType.Tls;")
                .is_empty()
        );
        assert!(flagged("ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol & ~SecurityProtocolType.Tls11;").is_empty());
    }

    #[test]
    fn reads_are_not_findings() {
        for read in [
            "if (ServicePointManager.SecurityProtocol == SecurityProtocolType.Tls) { }",
            "if (ServicePointManager.SecurityProtocol != SecurityProtocolType.Tls11) { }",
            "var has = ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls11);",
            "var bit = (ServicePointManager.SecurityProtocol & SecurityProtocolType.Tls) != 0;",
            "switch (ServicePointManager.SecurityProtocol) { case SecurityProtocolType.Tls: break; }",
            "if (ServicePointManager.SecurityProtocol is SecurityProtocolType.Ssl3 or SecurityProtocolType.Tls) { }",
            "var name = ServicePointManager.SecurityProtocol switch { SecurityProtocolType.Tls => \"old\", _ => \"new\" };",
            "Assert.AreEqual(SecurityProtocolType.Tls11, ServicePointManager.SecurityProtocol);",
            "Assert.Equal(SecurityProtocolType.Tls11, x);",
            "x.Should().Be(SecurityProtocolType.Tls);",
            "Debug.Assert(p != SecurityProtocolType.Tls);",
            "var s = SecurityProtocolType.Tls.ToString();",
            "Console.WriteLine($\"{SecurityProtocolType.Tls11}\");",
            "var legacy = ok ? 1 : 2; var q = p == SecurityProtocolType.Tls ? 1 : 2;",
        ] {
            assert!(flagged(read).is_empty(), "{read}");
        }
    }

    #[test]
    fn every_value_position_is_a_write() {
        let source = r#"
using System.Net;
using System.Collections.Generic;
class C
{
    public static SecurityProtocolType field = SecurityProtocolType.Tls;
    public SecurityProtocolType Prop { get; set; } = SecurityProtocolType.Tls11;
    public SecurityProtocolType Arrow => SecurityProtocolType.Ssl3;
    void M(SecurityProtocolType p = SecurityProtocolType.Tls11)
    {
        var local = SecurityProtocolType.Tls;
        Configure(local);
        Configure(SecurityProtocolType.Tls11);
        var all = new[] { SecurityProtocolType.Tls, SecurityProtocolType.Tls12 };
        var list = new List<SecurityProtocolType> { SecurityProtocolType.Tls11 };
        Func<SecurityProtocolType> f = () => SecurityProtocolType.Tls;
    }
    public SecurityProtocolType Get() { return SecurityProtocolType.Tls11; }
}
"#;
        // (A value that is never used, or only read, is a label: TLS002's label tests.)
        let found = spans(&RULE, Target::Unknown, source);
        assert_eq!(found.len(), 10, "{found:?}");
    }

    #[test]
    fn numeric_casts_and_folded_constants() {
        for (code, expected) in [
            (
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)768;",
                "(SecurityProtocolType)768",
            ),
            (
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)0x300;",
                "(SecurityProtocolType)0x300",
            ),
            (
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)0b1100_0000;",
                "(SecurityProtocolType)0b1100_0000",
            ),
            (
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)3840;",
                "(SecurityProtocolType)3840",
            ),
            (
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)(0x300 | 0xC00);",
                "(SecurityProtocolType)(0x300 | 0xC00)",
            ),
            (
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)(3 << 8);",
                "(SecurityProtocolType)(3 << 8)",
            ),
            (
                "ServicePointManager.SecurityProtocol = (System.Net.SecurityProtocolType)240;",
                "(System.Net.SecurityProtocolType)240",
            ),
        ] {
            assert_eq!(flagged(code), [expected], "{code}");
        }
        assert!(
            flagged("ServicePointManager.SecurityProtocol = (SecurityProtocolType)3072;")
                .is_empty()
        );
        assert!(
            flagged("ServicePointManager.SecurityProtocol = (SecurityProtocolType)12288;")
                .is_empty()
        );
        assert!(
            flagged("int n = 768; var m = 192;").is_empty(),
            "integers never cast are not protocols"
        );
    }

    #[test]
    fn same_file_constants_are_reported_at_their_declaration() {
        let source = r#"
using System.Net;
namespace System.Net
{
    public static class SecurityProtocolTypeExtensions
    {
        public const SecurityProtocolType Tls12 = (SecurityProtocolType)3072;
        public const SecurityProtocolType Tls11 = (SecurityProtocolType)768;
    }
}
class C
{
    const int LegacyBits = 192;
    void M()
    {
        ServicePointManager.SecurityProtocol = SecurityProtocolTypeExtensions.Tls11 | SecurityProtocolTypeExtensions.Tls12;
        ServicePointManager.SecurityProtocol |= (SecurityProtocolType)LegacyBits;
    }
}
"#;
        assert_eq!(
            spans(&RULE, Target::Unknown, source),
            [
                "(SecurityProtocolType)768",
                "(SecurityProtocolType)LegacyBits"
            ]
        );
    }

    #[test]
    fn aliases_static_imports_and_qualified_names() {
        let source = r#"
using SPT = System.Net.SecurityProtocolType;
using static System.Net.SecurityProtocolType;
class C
{
    void M()
    {
        System.Net.ServicePointManager.SecurityProtocol = SPT.Tls11;
        System.Net.ServicePointManager.SecurityProtocol = Tls | Tls12;
        System.Net.ServicePointManager.SecurityProtocol = global::System.Net.SecurityProtocolType.Ssl3;
        System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11;
    }
}
"#;
        assert_eq!(
            spans(&RULE, Target::Unknown, source),
            [
                "SPT.Tls11",
                "Tls",
                "global::System.Net.SecurityProtocolType.Ssl3",
                "System.Net.SecurityProtocolType.Tls11"
            ]
        );
    }

    #[test]
    fn comments_and_strings_are_never_findings() {
        let source = in_method(
            "// ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;\n/* SecurityProtocolType.Tls11 */\nvar s = \"SecurityProtocolType.Tls\";\nvar v = @\"SecurityProtocolType.Ssl3\";",
        );
        assert!(spans(&RULE, Target::Unknown, &source).is_empty());
    }

    #[test]
    fn own_types_with_the_same_member_names_are_not_enum_references() {
        let source = in_method("var x = MyOptions.Tls11; var y = settings.Tls;");
        assert!(spans(&RULE, Target::Unknown, &source).is_empty());
    }

    #[test]
    fn every_preprocessor_branch_is_linted() {
        let source = r#"
using System.Net;
class C
{
    void M()
    {
#if NET40
        ServicePointManager.SecurityProtocol = (SecurityProtocolType)768;
#elif NET45
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;
#else
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;
#endif
    }
}
"#;
        assert_eq!(spans(&RULE, Target::Unknown, source).len(), 3);
    }

    #[test]
    fn values_inside_parse_errors_are_still_found() {
        // `#if` between an `if` block and its `else` yields ERROR nodes in tree-sitter-c-sharp.
        let source = r#"
using System.Net;
class C
{
    void M(bool legacy)
    {
        if (legacy)
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;
        }
#if DEBUG
        else if (x == SecurityProtocolType.Ssl3) { }
#endif
        else
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;
        }
    }
}
"#;
        assert_eq!(
            spans(&RULE, Target::Unknown, source),
            ["SecurityProtocolType.Tls11"]
        );
    }

    #[test]
    fn half_written_code_is_recovered_token_by_token() {
        let source = r#"
using System.Net;
class C
{
    void M()
    {
#if OLD
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3 |
#else
        ServicePointManager.SecurityProtocol =
#endif
            SecurityProtocolType.Tls;
        var x = new Foo( { SecurityProtocolType.Tls11 ;
        if (p == SecurityProtocolType.Tls11 {
    }
}
"#;
        assert_eq!(
            spans(&RULE, Target::Unknown, source),
            [
                "SecurityProtocolType.Ssl3",
                "SecurityProtocolType.Tls",
                "SecurityProtocolType.Tls11"
            ]
        );
    }

    fn fix_of(target: Target, body: &str) -> Vec<Option<(String, bool)>> {
        crate::rules::test_support::fixed(&RULE, target, &in_method(body))
            .into_iter()
            .map(|f| {
                f.map(|(text, safe)| {
                    (
                        text.lines()
                            .find(|l| l.contains("SecurityProtocol"))
                            .unwrap_or("")
                            .trim()
                            .to_owned(),
                        safe,
                    )
                })
            })
            .collect()
    }

    #[test]
    fn removing_versions_from_a_stored_value_is_unsafe() {
        // A public constant is also a label (`IsSupported`) and is compiled into other
        // assemblies: removing `Tls` changes those uses too, which tlslint cannot check.
        let source = "using System.Net;\npublic static class Protocols\n{\n    public const SecurityProtocolType Supported = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;\n    public static SecurityProtocolType Extra = (SecurityProtocolType)0xFC0;\n    public static bool IsSupported(SecurityProtocolType p) => (p & Supported) == p;\n    static void M()\n    {\n        Extra |= SecurityProtocolType.Tls11;\n    }\n}\n";
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, source);
        assert_eq!(fixed.len(), 3, "{fixed:#?}");
        for fix in &fixed {
            let (text, safe) = fix.clone().unwrap();
            assert!(!safe, "{text}");
        }
        assert!(
            fixed[0]
                .clone()
                .unwrap()
                .0
                .contains("Supported = SecurityProtocolType.Tls12;")
        );
        assert!(
            fixed[1]
                .clone()
                .unwrap()
                .0
                .contains("(SecurityProtocolType)0xC00;")
        );
        assert!(!fixed[2].clone().unwrap().0.contains("Extra |="));
        // Written into the setting itself, the same removal is safe.
        let fixed = fix_of(
            Target::Unknown,
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;",
        );
        assert_eq!(fixed[0].clone().map(|(_, safe)| safe), Some(true));
    }

    #[test]
    fn fixes_remove_legacy_operands_safely() {
        let fixed = fix_of(
            Target::Unknown,
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;",
        );
        let expected = Some((
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;".to_owned(),
            true,
        ));
        assert_eq!(
            fixed,
            [expected.clone(), expected],
            "both findings carry the same edit"
        );
        let fixed = fix_of(
            Target::Unknown,
            "ServicePointManager.SecurityProtocol |= (SecurityProtocolType)(SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12);",
        );
        assert_eq!(
            fixed[0],
            Some((
                "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;".to_owned(),
                true
            ))
        );
        let fixed = fix_of(
            Target::Unknown,
            "ServicePointManager.SecurityProtocol = (SecurityProtocolType)0xF00;",
        );
        assert_eq!(
            fixed[0],
            Some((
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)0xC00;".to_owned(),
                true
            ))
        );
    }

    #[test]
    fn an_addition_of_only_legacy_versions_is_deleted() {
        let source = in_method(
            "        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;",
        );
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, &source);
        let (text, safe) = fixed[0].clone().unwrap();
        assert!(safe);
        assert!(!text.contains("SecurityProtocol"), "{text}");
    }

    #[test]
    fn a_statement_in_a_conditional_branch_stands_where_the_directive_stands() {
        // `if (legacy)` ⏎ `#if DEBUG` ⏎ stmt: with DEBUG, stmt is the `if`'s body; without it,
        // the statement after `#endif` is. Neither may be deleted (found by the fix oracle).
        let add = "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;";
        let source = in_method(&format!(
            "        if (legacy)\n#if DEBUG\n            {add}\n#endif\n        {add}\n        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;"
        ));
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, &source);
        let (inside, safe) = fixed[0].clone().unwrap();
        assert!(safe);
        assert!(
            inside.contains("#if DEBUG\n            { }\n#endif"),
            "{inside}"
        );
        let (after, _) = fixed[1].clone().unwrap();
        assert!(after.contains("#endif\n        { }\n"), "{after}");
        // Same line: `{ }` needs no line of its own.
        let source = in_method(&format!(
            "        if (legacy) {add}\n        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;"
        ));
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, &source);
        let (text, safe) = fixed[0].clone().unwrap();
        assert!(safe);
        assert!(text.contains("if (legacy) { }\n"), "{text}");
        // A branch in a block is a block: its statement goes with its line.
        let source = in_method(&format!(
            "        n++;\n#if DEBUG\n        {add}\n#endif\n        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;"
        ));
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, &source);
        let (text, _) = fixed[0].clone().unwrap();
        assert!(text.contains("#if DEBUG\n#endif"), "{text}");
    }

    #[test]
    fn a_deleted_statement_that_is_another_statements_body_becomes_an_empty_block() {
        // Deleting the body of a brace-less `if` would make the next statement (the opt-in)
        // the body: the fix keeps the position filled instead.
        let add = "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;";
        for (before, after) in [
            ("if (legacy)\n            ", "if (legacy)\n            { }"),
            (
                "if (a) { }\n        else\n            ",
                "else\n            { }",
            ),
            (
                "while (legacy)\n            ",
                "while (legacy)\n            { }",
            ),
            ("for (;;)\n            ", "for (;;)\n            { }"),
            (
                "foreach (var x in xs)\n            ",
                "in xs)\n            { }",
            ),
            ("using (d)\n            ", "using (d)\n            { }"),
            ("lock (o)\n            ", "lock (o)\n            { }"),
            ("again:\n            ", "again:\n            { }"),
        ] {
            let source = in_method(&format!(
                "        {before}{add}\n        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;"
            ));
            let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, &source);
            let (text, safe) = fixed[0].clone().unwrap();
            assert!(safe, "{before}");
            assert!(text.contains(after), "{before}: {text}");
            assert!(!text.contains("Tls11"), "{text}");
            assert!(
                text.contains("{ }\n        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;"),
                "the opt-in stays outside the body: {text}"
            );
        }
        // The only statement of a `case` keeps a statement too; one of several is deleted.
        let single = in_method(&format!(
            "        switch (n)\n        {{\n            case 1:\n                {add}\n                break;\n            case 2:\n                {add}\n        }}"
        ));
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, &single);
        let (first, _) = fixed[0].clone().unwrap();
        assert!(
            first.contains("case 1:\n                break;"),
            "another statement stays: deleted: {first}"
        );
        let (second, _) = fixed[1].clone().unwrap();
        assert!(
            second.contains("case 2:\n                { }"),
            "the only statement: {second}"
        );
        // A statement of a `#if` branch inside a block is deleted with its line.
        let branch = in_method(&format!("#if LEGACY\n        {add}\n#endif"));
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, &branch);
        let (text, _) = fixed[0].clone().unwrap();
        assert!(text.contains("#if LEGACY\n#endif"), "{text}");
        // In a block, and as a top-level statement, the statement goes with its line.
        let top_level = "using System.Net;\nServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;\nServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;\n";
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, top_level);
        let (text, _) = fixed[0].clone().unwrap();
        assert_eq!(
            text,
            "using System.Net;\nServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;\n"
        );
    }

    #[test]
    fn a_setting_of_only_legacy_versions_is_replaced_for_the_target() {
        let body = "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls11;";
        let replaced = |target| fix_of(target, body)[0].clone().unwrap();
        assert_eq!(
            replaced(Target::Unknown),
            (
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;".to_owned(),
                false
            )
        );
        assert_eq!(
            replaced(Target::Framework(FrameworkVersion::new(4, 8, 0))),
            (
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;"
                    .to_owned(),
                false
            )
        );
        assert_eq!(
            replaced(Target::Framework(FrameworkVersion::new(4, 6, 2))),
            (
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;".to_owned(),
                false
            ),
            "never SystemDefault at or below 4.6.2: it throws there"
        );
        assert_eq!(
            replaced(Target::Framework(FrameworkVersion::V4_0)),
            (
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)3072;".to_owned(),
                false
            ),
            "4.0 has no Tls12 member"
        );
    }

    #[test]
    fn values_that_are_not_settings_get_no_replacement() {
        assert_eq!(
            fix_of(
                Target::Unknown,
                "var p = SecurityProtocolType.Tls11; Configure(p);"
            ),
            [None]
        );
        assert_eq!(
            fix_of(
                Target::Unknown,
                "Configure(Wrap(SecurityProtocolType.Tls11) | SecurityProtocolType.Tls12);"
            ),
            [None]
        );
    }

    #[test]
    fn vb_operands_messages_reads_and_removals() {
        let found = run_vb(
            &RULE,
            Target::Unknown,
            &in_vb_sub(
                r#"        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls Or SecurityProtocolType.Tls11 Or SecurityProtocolType.Tls12
        ServicePointManager.SecurityProtocol = 768
        ServicePointManager.SecurityProtocol = CType(&HC0, SecurityProtocolType)
        If ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls Then Log("TLS 1.0 only")
        Select Case ServicePointManager.SecurityProtocol
            Case SecurityProtocolType.Ssl3
        End Select
        ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol And Not SecurityProtocolType.Ssl3
        ' ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11
        Dim text = "SecurityProtocolType.Tls11"
        text &= SecurityProtocolType.Tls.ToString()"#,
            ),
        );
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|(code, message)| (code.as_str(), message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "SecurityProtocolType.Tls",
                    "`SecurityProtocolType.Tls` enables deprecated TLS 1.0; TLS 1.2 stays enabled here"
                ),
                (
                    "SecurityProtocolType.Tls11",
                    "`SecurityProtocolType.Tls11` enables deprecated TLS 1.1; TLS 1.2 stays enabled here"
                ),
                ("768", "`768` enables deprecated TLS 1.1"),
                (
                    "CType(&HC0, SecurityProtocolType)",
                    "`CType(&HC0, SecurityProtocolType)` enables deprecated TLS 1.0"
                ),
            ]
        );
    }

    #[test]
    fn vb_constants_are_reported_once_at_their_declaration() {
        let source = r#"
Imports System.Net
Module Tls
    Private Const Legacy As SecurityProtocolType = SecurityProtocolType.Tls Or SecurityProtocolType.Tls11
    Sub UseLegacy()
        ServicePointManager.SecurityProtocol = Legacy
        ServicePointManager.SecurityProtocol = Legacy Or SecurityProtocolType.Tls12
    End Sub
End Module
"#;
        let found: Vec<String> = run_vb(&RULE, Target::Unknown, source)
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        assert_eq!(
            found,
            ["SecurityProtocolType.Tls", "SecurityProtocolType.Tls11"]
        );
    }

    /// PowerShell findings: `(code, fixed script or None)` per finding.
    fn ps(line: &str) -> Vec<(String, Option<String>)> {
        use crate::lang::FileKind;
        use crate::rules::test_support::{fixed_as, run_ps};
        let script = format!("{line}\n");
        let found = run_ps(&RULE, &script);
        let fixes = fixed_as(&RULE, FileKind::PowerShell, Target::Unknown, &script);
        found
            .into_iter()
            .zip(fixes)
            .map(|((code, _), fix)| (code, fix.map(|(text, _)| text.trim_end().to_owned())))
            .collect()
    }

    #[test]
    fn powershell_sums_of_disjoint_flags_are_chains() {
        const SP: &str = "[Net.ServicePointManager]::SecurityProtocol";
        let fixed = format!("{SP} = [Net.SecurityProtocolType]::Tls12");
        assert_eq!(
            ps(&format!(
                "{SP} = [Net.SecurityProtocolType]::Tls12 + [Net.SecurityProtocolType]::Tls11 + [Net.SecurityProtocolType]::Tls"
            )),
            [
                (
                    "[Net.SecurityProtocolType]::Tls11".to_owned(),
                    Some(fixed.clone())
                ),
                ("[Net.SecurityProtocolType]::Tls".to_owned(), Some(fixed)),
            ]
        );
        assert_eq!(
            ps(&format!("{SP} = 3072 + 768")),
            [("768".to_owned(), Some(format!("{SP} = 3072")))]
        );
        // The previous value may already hold TLS 1.1: the sum is not known to be a union.
        assert_eq!(
            ps(&format!("{SP} = {SP} + [Net.SecurityProtocolType]::Tls11")),
            [("[Net.SecurityProtocolType]::Tls11".to_owned(), None)]
        );
    }

    #[test]
    fn powershell_sums_of_overlapping_flags_are_numbers() {
        const SP: &str = "[Net.ServicePointManager]::SecurityProtocol";
        // 3072 + 3072 = 6144: no legacy bit, and not TLS 1.2 either.
        assert!(
            ps(&format!(
                "{SP} = [Net.SecurityProtocolType]::Tls12 + [Net.SecurityProtocolType]::Tls12"
            ))
            .is_empty()
        );
        // 48 × 4 = 192, TLS 1.0: reported on the whole sum, with no operand removed.
        let sum = "[Net.SecurityProtocolType]::Ssl3 + [Net.SecurityProtocolType]::Ssl3 + 48 + 48";
        let found = ps(&format!("{SP} = {sum}"));
        assert_eq!(found, [(sum.to_owned(), None)]);
        // 768 + 768 = 1536 has the TLS 1.1 client bit.
        assert_eq!(
            ps(&format!("{SP} = 768 + [Net.SecurityProtocolType]::Tls11")),
            [("768 + [Net.SecurityProtocolType]::Tls11".to_owned(), None)]
        );
        // Arithmetic on integers is no protocol value unless it is assigned to one.
        assert!(ps("$timeout = 3072 + 768").is_empty());
    }

    #[test]
    fn powershell_arrays_and_cast_strings_are_unions() {
        const SP: &str = "[Net.ServicePointManager]::SecurityProtocol";
        assert_eq!(
            ps(&format!(
                "{SP} = [Net.SecurityProtocolType]::Tls, [Net.SecurityProtocolType]::Tls12"
            )),
            [(
                "[Net.SecurityProtocolType]::Tls".to_owned(),
                Some(format!("{SP} = [Net.SecurityProtocolType]::Tls12"))
            )]
        );
        // An array may repeat a flag: PowerShell ORs the elements.
        assert_eq!(
            ps(&format!(
                "{SP} = [Net.SecurityProtocolType]::Tls12, [Net.SecurityProtocolType]::Tls12"
            )),
            []
        );
        assert_eq!(
            ps(&format!("{SP} = [Net.SecurityProtocolType]'Tls11, Tls12'")),
            [(
                "Tls11".to_owned(),
                Some(format!("{SP} = [Net.SecurityProtocolType]'Tls12'"))
            )]
        );
    }

    #[test]
    fn csharp_enum_plus_number_is_a_union_when_the_bits_are_disjoint() {
        use crate::rules::test_support::fixed;
        let source =
            in_method("ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 + 768;");
        assert_eq!(spans(&RULE, Target::Unknown, &source), ["768"]);
        let fixes = fixed(&RULE, Target::Unknown, &source);
        assert_eq!(
            fixes,
            [Some((
                source.replace(
                    "SecurityProtocolType.Tls12 + 768",
                    "SecurityProtocolType.Tls12"
                ),
                true
            ))]
        );
        assert_eq!(
            flagged(
                "ServicePointManager.SecurityProtocol |= 768 + SecurityProtocolType.Tls12 + 0xC0;"
            ),
            ["768", "0xC0"]
        );
    }

    #[test]
    fn csharp_sums_that_overlap_or_are_other_arithmetic() {
        use crate::rules::test_support::fixed;
        // 768 + 768 = 1536: another number, reported whole, and no term is removed.
        let source =
            in_method("ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11 + 768;");
        assert_eq!(
            spans(&RULE, Target::Unknown, &source),
            ["SecurityProtocolType.Tls11 + 768"]
        );
        assert_eq!(fixed(&RULE, Target::Unknown, &source), [None]);
        for body in [
            // 3072 + 3072 = 6144: no legacy bit.
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 + 3072;",
            // 193 is no protocol set.
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls + 1;",
            "var s = \"p\" + SecurityProtocolType.Tls11;",
            "int timeout = 3072 + 768;",
        ] {
            assert!(flagged(body).is_empty(), "{body}");
        }
        // An unknown term may share bits: the operand is reported, but not removed.
        let source = in_method(
            "int x = 0; ServicePointManager.SecurityProtocol = (SecurityProtocolType)x + 768 + SecurityProtocolType.Tls11;",
        );
        assert_eq!(
            spans(&RULE, Target::Unknown, &source),
            ["768", "SecurityProtocolType.Tls11"]
        );
        assert_eq!(fixed(&RULE, Target::Unknown, &source), [None, None]);
    }

    /// VB.NET findings: `(code, fixed file or None)` per finding.
    fn vb(body: &str) -> Vec<(String, Option<String>)> {
        use crate::lang::FileKind;
        use crate::rules::test_support::fixed_as;
        let source = in_vb_sub(body);
        let found = run_vb(&RULE, Target::Unknown, &source);
        let fixes = fixed_as(&RULE, FileKind::VisualBasic, Target::Unknown, &source);
        found
            .into_iter()
            .zip(fixes)
            .map(|((code, _), fix)| (code, fix.map(|(text, _)| text)))
            .collect()
    }

    #[test]
    fn vb_sums_of_disjoint_flags_are_unions() {
        let line = "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 + SecurityProtocolType.Tls11";
        assert_eq!(
            vb(line),
            [(
                "SecurityProtocolType.Tls11".to_owned(),
                Some(in_vb_sub(
                    "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12"
                ))
            )]
        );
        assert_eq!(
            vb("ServicePointManager.SecurityProtocol = 3072 + 768"),
            [(
                "768".to_owned(),
                Some(in_vb_sub("ServicePointManager.SecurityProtocol = 3072"))
            )]
        );
    }

    #[test]
    fn vb_sums_that_overlap_are_numbers_and_other_arithmetic_is_read() {
        // 768 + 768 = 1536: one value, reported whole, never fixed by removing a term.
        let sum = "SecurityProtocolType.Tls11 + SecurityProtocolType.Tls11";
        assert_eq!(
            vb(&format!("ServicePointManager.SecurityProtocol = {sum}")),
            [(sum.to_owned(), None)]
        );
        for body in [
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 + SecurityProtocolType.Tls12",
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls + 1",
            "Dim timeout As Integer = 3072 + 768",
        ] {
            assert!(vb(body).is_empty(), "{body}");
        }
        // An unknown term may share bits: reported, not removed.
        assert_eq!(
            vb("ServicePointManager.SecurityProtocol = host.Length + SecurityProtocolType.Tls11"),
            [("SecurityProtocolType.Tls11".to_owned(), None)]
        );
        // With Option Strict On the sum does not compile as the enum: nothing is assumed.
        let strict = format!(
            "Option Strict On\n{}",
            in_vb_sub("ServicePointManager.SecurityProtocol = 3072 + 768")
        );
        assert!(run_vb(&RULE, Target::Unknown, &strict).is_empty());
    }

    /// A value in an `#if` branch of a statement begun before the group is whole in its
    /// variant: it gets the fix it gets outside a group, in any branch. A fix that deletes the
    /// statement does not apply: the statement holds the other branches too.
    #[test]
    fn values_in_any_branch_get_their_fix_but_split_statements_are_not_deleted() {
        let body = "ServicePointManager.SecurityProtocol =\n#if NET47\n SecurityProtocolType.SystemDefault;\n#else\n SecurityProtocolType.Tls | SecurityProtocolType.Tls12;\n#endif";
        let fixed = crate::rules::test_support::fixed(&RULE, Target::Unknown, &in_method(body));
        let (text, safe) = fixed[0].clone().expect("a fix in the #else branch");
        assert!(safe);
        assert!(
            text.contains("#else\n SecurityProtocolType.Tls12;\n#endif"),
            "{text}"
        );
        let added = "ServicePointManager.SecurityProtocol |=\n#if NET47\n SecurityProtocolType.Tls12;\n#else\n SecurityProtocolType.Tls11;\n#endif";
        assert_eq!(fix_of(Target::Unknown, added), [None]);
    }

    /// A `catch` clause's assignment is a fallback for a runtime that rejected the `try`'s
    /// value: no fix (a TLS 1.2 value would throw there too), and the help says why. The
    /// `try`'s own assignment, and one in a lambda written in a `catch`, keep theirs.
    #[test]
    fn assignments_in_a_catch_clause_get_no_fix() {
        let body = "try {\n ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | (SecurityProtocolType)3072;\n} catch {\n ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls;\n return;\n}\ntry { } catch (Exception) {\n Action a = () => { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11; };\n a();\n}";
        let source = in_method(body);
        let fixes: Vec<bool> = crate::rules::test_support::fixed(&RULE, Target::Unknown, &source)
            .into_iter()
            .map(|f| f.is_some())
            .collect();
        assert_eq!(fixes, [true, false, false, true]);
        let facts = crate::lang::csharp::analyze(&source, &[]).unwrap().facts;
        let ctx = crate::rules::FileContext {
            text: &source,
            kind: crate::lang::FileKind::CSharp,
            target: Target::Unknown,
            project: None,
            fix_target: crate::target::FrameworkVersion::V4_8,
        };
        let mut findings = Vec::new();
        (super::CHECKS.file)(&ctx, &facts, &mut findings);
        findings.sort_by_key(|f| f.sort_key());
        let helps: Vec<bool> = findings
            .iter()
            .map(|f| {
                f.help
                    .as_deref()
                    .is_some_and(|h| h.contains("`catch` clause"))
            })
            .collect();
        assert_eq!(helps, [false, true, true, false]);
    }
}
