//! TLS002 deprecated-ssl-protocols.

use super::{Checks, FileContext, Precision, RuleMeta, check_legacy_operands};
use crate::diagnostic::{Finding, Severity};
use crate::facts::FileFacts;
use crate::protocol::ProtocolEnum;

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS002",
    name: "deprecated-ssl-protocols",
    summary: "`SslProtocols.Ssl2`, `Ssl3`, `Tls`, `Tls11` or `Default` (or their numeric values) written in code",
    default_severity: Severity::Error,
    explanation: EXPLANATION,
    precision: Precision::VeryHigh,
    security_severity: "7.5",
    tags: &["security", "external/cwe/cwe-327", "external/cwe/cwe-757"],
    languages: &["C#", "VB.NET", ".NET config", "PowerShell"],
    since: "0.1.0",
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: check,
    project: None,
};

const EXPLANATION: &str = r#"## What it does
Flags `System.Security.Authentication.SslProtocols.Ssl2`, `.Ssl3`, `.Tls`, `.Tls11` and `.Default`
(numeric 12, 48, 192, 768, 240 and any value with those bits) wherever a value is written:
`SslStream.AuthenticateAsClient`/`AuthenticateAsServer` arguments, `HttpClientHandler.SslProtocols`,
`SslClientAuthenticationOptions`/`SslServerAuthenticationOptions.EnabledSslProtocols`, WCF
`TcpTransportSecurity.SslProtocols` and `SslStreamSecurityBindingElement.SslProtocols`, and any
variable, field, return value or argument. Aliases, `using static`, fully qualified names,
`global::`, casts and same-file constants are resolved as for TLS001, in C# and VB.NET (where a
plain number passed as the protocol is the enum value unless `Option Strict On`). One finding per
legacy operand; reads (comparisons, `HasFlag`, patterns, masks) are not findings.

Labels are not settings: in C#, a value stored in a local, a local function, or a `private` field,
property or method of a type that is not `partial` (any member of a `file` type) is followed to
its uses in the file. When every use only reads it (comparisons, patterns, `switch`, `HasFlag`,
assertions, interpolation, `ToString()`, dictionary keys, log calls), it names a protocol that
was observed, not enabled (`1 => SslProtocols.Tls` in a parser, a test's expected value), and is not
reported. It is reported where it is written as soon as one use reaches a setting or leaves what
tlslint follows: any other call's argument, `ref`/`out`, a lambda, a collection, a
`public`/`internal`/`protected` member (its callers may be in other files or other
repositories), another object's member, a member named in a string or `nameof`, or one with an
attribute (reflection, serializers and binders reach those). `nameof(SslProtocols.Tls)` and
`Enum.GetName` are reads; `typeof`, `Enum.IsDefined`, `Enum.GetValues` and `Enum.Parse` of
configuration text name no protocol at all. In VB.NET, the initializer of a `Dim` local is
followed the same way through its method and the lambdas inside it (a later assignment is not:
a field of the same name could be what it sets).

Also: WCF `sslProtocols="Tls, Tls11"` attributes on `<transport>` and `<sslStreamSecurity>` in
`*.config` files, `[System.Security.Authentication.SslProtocols]::Tls` in PowerShell, and
`Invoke-WebRequest`/`Invoke-RestMethod -SslProtocol Tls|Tls11` (also splatted). On recent
PowerShell 7 versions `Tls`/`Tls11` silently mean TLS 1.2, which misleads readers; on older ones
they enable TLS 1.0/1.1.

## Why is this bad?
These values let the connection fall back to SSL 2.0/3.0, TLS 1.0 or TLS 1.1, which are
deprecated and refused by servers that retired them; a value without TLS 1.2 cannot connect to
such a server at all. `SslProtocols.Default` is a trap: it means SSL 3.0 + TLS 1.0, not "the
default", and it blocks TLS 1.2.

## Example
```csharp
await stream.AuthenticateAsClientAsync(host, null, SslProtocols.Tls | SslProtocols.Tls11, false);
handler.SslProtocols = SslProtocols.Default;
```

## Use instead
```csharp
// .NET Framework 4.7+ and modern .NET: let the operating system choose.
await stream.AuthenticateAsClientAsync(host);
handler.SslProtocols = SslProtocols.None;

// Older targets: name TLS 1.2 explicitly.
await stream.AuthenticateAsClientAsync(host, null, SslProtocols.Tls12, false);
```

## Fix
Dropping the legacy operands from a value that also names TLS 1.2 or later only removes the
deprecated versions. Otherwise use `SslProtocols.None` (the OS default) on .NET Framework 4.7+
and modern .NET, and `SslProtocols.Tls12` below 4.7, where `None` throws unless the
system-default switch is on. Dropping operands from a stored value (a constant, a field, a
variable) is unsafe: its other uses change too. An assignment in a `catch` clause, the
fallback for a `try` that failed, gets no fix.

## References
- [CA5397: Do not use deprecated SslProtocols values](https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca5397)
- [SYSLIB0039: TLS 1.0 and 1.1 are obsolete](https://learn.microsoft.com/dotnet/fundamentals/syslib-diagnostics/syslib0039)
- [TLS/SSL best practices (.NET)](https://learn.microsoft.com/dotnet/core/extensions/sslstream-best-practices)
"#;

fn check(ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    check_legacy_operands(&RULE, ProtocolEnum::SslProtocols, ctx, facts, out);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{in_method, in_vb_sub, run_vb, spans};
    use crate::target::Target;

    fn flagged(body: &str) -> Vec<String> {
        spans(&RULE, Target::Unknown, &in_method(body))
    }

    #[test]
    fn sslstream_handlers_options_and_wcf() {
        assert_eq!(
            flagged(
                "stream.AuthenticateAsClient(host, null, SslProtocols.Tls | SslProtocols.Tls12, false);"
            ),
            ["SslProtocols.Tls"]
        );
        assert_eq!(
            flagged("var handler = new HttpClientHandler { SslProtocols = SslProtocols.Tls11 };"),
            ["SslProtocols.Tls11"]
        );
        assert_eq!(
            flagged(
                "var o = new SslServerAuthenticationOptions { EnabledSslProtocols = SslProtocols.Ssl3 | SslProtocols.Tls12 };"
            ),
            ["SslProtocols.Ssl3"]
        );
        assert_eq!(
            flagged("binding.Security.Transport.SslProtocols = SslProtocols.Tls;"),
            ["SslProtocols.Tls"]
        );
        assert_eq!(
            flagged(
                "var element = new SslStreamSecurityBindingElement { SslProtocols = SslProtocols.Default };"
            ),
            ["SslProtocols.Default"]
        );
        assert_eq!(
            flagged("stream.AuthenticateAsServer(cert, false, (SslProtocols)12, false);"),
            ["(SslProtocols)12"]
        );
        assert_eq!(
            flagged("stream.AuthenticateAsClient(host, null, (SslProtocols)240, false);"),
            ["(SslProtocols)240"]
        );
        assert_eq!(
            flagged("stream.AuthenticateAsClient(host, null, (SslProtocols)0xCC0, false);"),
            ["(SslProtocols)0xCC0"]
        );
    }

    #[test]
    fn test_data_attributes_are_not_protocols_in_use() {
        let source = "using System.Security.Authentication;\nusing Xunit;\n\npublic class T\n{\n    [Theory]\n    [InlineData(SslProtocols.Ssl2)]\n    [Xunit.InlineDataAttribute(SslProtocols.Tls11)]\n    [DataRow(SslProtocols.Tls11 | SslProtocols.Tls12)]\n    [TestCase(SslProtocols.Ssl3)]\n    public void Refuses(SslProtocols p) { }\n\n    [ClientProtocols(SslProtocols.Tls)]\n    public void Configured() { }\n}\n";
        // A test-data attribute's arguments are data; any other attribute still passes the
        // value on to whatever reads it.
        assert_eq!(spans(&RULE, Target::Unknown, source), ["SslProtocols.Tls"]);
        let vb = "Imports System.Security.Authentication\n\nPublic Class T\n    <Theory>\n    <InlineData(SslProtocols.Ssl3)>\n    <NUnit.Framework.TestCase(SslProtocols.Tls)>\n    Public Sub Refuses(p As SslProtocols)\n    End Sub\n\n    <ClientProtocols(SslProtocols.Tls11)>\n    Public Sub Configured()\n    End Sub\nEnd Class\n";
        let found: Vec<String> = crate::rules::test_support::run_vb(&RULE, Target::Unknown, vb)
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(found, ["SslProtocols.Tls11"]);
    }

    #[test]
    fn modern_values_and_reads_are_fine() {
        assert!(flagged("stream.AuthenticateAsClient(host, null, SslProtocols.Tls12 | SslProtocols.Tls13, false);").is_empty());
        assert!(flagged("handler.SslProtocols = SslProtocols.None;").is_empty());
        assert!(flagged("if ((stream.SslProtocol & SslProtocols.Tls) != 0) { }").is_empty());
        assert!(flagged("if (stream.SslProtocol == SslProtocols.Tls11) { }").is_empty());
        assert!(
            flagged("var ok = stream.SslProtocol is SslProtocols.Tls12 or SslProtocols.Tls13;")
                .is_empty()
        );
    }

    #[test]
    fn security_protocol_type_values_belong_to_tls001() {
        assert!(
            flagged("ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;").is_empty()
        );
    }

    #[test]
    fn namespace_alias_and_fully_qualified() {
        let source = r#"
using Auth = System.Security.Authentication;
class C
{
    void M(System.Net.Security.SslStream s)
    {
        s.AuthenticateAsClient("h", null, Auth.SslProtocols.Tls11, false);
        s.AuthenticateAsClient("h", null, global::System.Security.Authentication.SslProtocols.Ssl2, false);
    }
}
"#;
        assert_eq!(
            spans(&RULE, Target::Unknown, source),
            [
                "Auth.SslProtocols.Tls11",
                "global::System.Security.Authentication.SslProtocols.Ssl2"
            ]
        );
    }

    #[test]
    fn vb_sslstream_handlers_and_numbers() {
        let found: Vec<String> = run_vb(
            &RULE,
            Target::Unknown,
            &in_vb_sub(
                r#"        stream.AuthenticateAsClient(host, Nothing, SslProtocols.Tls Or SslProtocols.Tls12, False)
        Dim handler = New HttpClientHandler With {.SslProtocols = SslProtocols.Default}
        handler.SslProtocols = 192
        stream.AuthenticateAsServer(cert, False, DirectCast(12, SslProtocols), False)
        If stream.SslProtocol = SslProtocols.Tls11 Then Return
        stream.AuthenticateAsClient(host, Nothing, SslProtocols.Tls12 Or SslProtocols.Tls13, False)"#,
            ),
        )
        .into_iter()
        .map(|(code, _)| code)
        .collect();
        assert_eq!(
            found,
            [
                "SslProtocols.Tls",
                "SslProtocols.Default",
                "192",
                "DirectCast(12, SslProtocols)"
            ]
        );
    }

    /// A class around `members`, with the usings the snippets need.
    fn in_class(members: &str) -> String {
        format!(
            "using System;\nusing System.Collections.Generic;\nusing System.Net.Http;\nusing System.Net.Security;\nusing System.Security.Authentication;\n\npublic sealed class C\n{{\n{members}\n}}\n"
        )
    }

    fn flagged_in_class(members: &str) -> Vec<String> {
        spans(&RULE, Target::Unknown, &in_class(members))
    }

    #[test]
    fn labels_only_read_are_not_findings() {
        for members in [
            // A test's expected value, compared and asserted.
            "void T(SslStream stream, bool old) { var expected = old ? SslProtocols.Tls11 : SslProtocols.Tls; Assert.Equal(expected, stream.SslProtocol); if (stream.SslProtocol != expected) throw new Exception($\"got {expected}\"); }",
            // A decoder's private result, compared, logged, used as a key.
            "private static SslProtocols Decode(byte b) => b switch { 0 => SslProtocols.Ssl3, 1 => SslProtocols.Tls, _ => SslProtocols.None };\nprivate readonly Dictionary<SslProtocols, int> counts = new();\nvoid Count(byte b) { var p = Decode(b); if (counts.ContainsKey(p)) counts[p]++; Console.WriteLine(p); if (p.HasFlag(SslProtocols.Tls)) { } }",
            // A private field written by a parser and read by a pattern and an interpolation.
            "private SslProtocols version;\nvoid Parse(byte[] f) { if (f[0] == 0x80) { version = SslProtocols.Ssl2; return; } this.version = SslProtocols.Tls; }\nbool Legacy => version is SslProtocols.Ssl2 or SslProtocols.Tls;\nstring Describe() { /* version may be anything */ return $\"{version}\"; }",
            // A private getter, a local function and a `switch` on the value.
            "private SslProtocols Seen { get { return SslProtocols.Tls11; } }\nstring Name() { SslProtocols Map(int i) { return i == 1 ? SslProtocols.Tls : SslProtocols.Tls12; } switch (Map(1)) { case SslProtocols.Tls: return \"1.0\"; } return Seen.ToString(); }",
            // Through another local and a `+`: still only compared.
            "bool Check(SslProtocols actual) { var a = SslProtocols.Tls; var b = a; return (b & actual) != 0 && a + 1 > 0; }",
            // A local's name in a string is text: no reflection can find a local.
            "void L() { var handshake = SslProtocols.Tls; Console.WriteLine(\"handshake {0}\", handshake); }",
            // `nameof` is a name, `Enum.GetName` reads its argument.
            "string N() => nameof(SslProtocols.Tls) + Enum.GetName(typeof(SslProtocols), SslProtocols.Tls11);",
        ] {
            assert!(flagged_in_class(members).is_empty(), "{members}");
        }
    }

    #[test]
    fn labels_that_reach_a_setting_or_leave_are_findings() {
        for (members, expected) in [
            // The same expected value, used to authenticate.
            (
                "void T(SslStream stream, bool old) { var expected = old ? SslProtocols.Tls11 : SslProtocols.Tls; Assert.Equal(expected, stream.SslProtocol); stream.AuthenticateAsClient(\"h\", null, expected, false); }",
                vec!["SslProtocols.Tls11", "SslProtocols.Tls"],
            ),
            // A private decoder's result applied to a handler.
            (
                "private static SslProtocols Decode(byte b) => b switch { 1 => SslProtocols.Tls, _ => SslProtocols.None };\nvoid Apply(HttpClientHandler h, byte b) { var p = Decode(b) | SslProtocols.Tls12; h.SslProtocols = p; }",
                vec!["SslProtocols.Tls"],
            ),
            // A public method of a library: its callers are elsewhere.
            (
                "public static SslProtocols Decode(byte b) => b == 1 ? SslProtocols.Tls : SslProtocols.None;",
                vec!["SslProtocols.Tls"],
            ),
            // A private field passed to a call tlslint does not see, or exposed publicly.
            (
                "private SslProtocols version = SslProtocols.Ssl3;\nvoid Go() { Configure(version); }",
                vec!["SslProtocols.Ssl3"],
            ),
            (
                "private SslProtocols version = SslProtocols.Ssl3;\npublic SslProtocols Version => version;",
                vec!["SslProtocols.Ssl3"],
            ),
            // A setter with a body hands `value` on; an explicit interface implementation is
            // public through the interface; LINQ's `Append` stores the value in a sequence.
            (
                "private SslProtocols Version { set { Handler.SslProtocols = value; } }\nvoid I() { Version = SslProtocols.Tls11; }",
                vec!["SslProtocols.Tls11"],
            ),
            (
                "SslProtocols IProvider.Version => SslProtocols.Tls;",
                vec!["SslProtocols.Tls"],
            ),
            (
                "void K(IEnumerable<SslProtocols> d) { var all = d.Append(SslProtocols.Tls); Use(all); }",
                vec!["SslProtocols.Tls"],
            ),
            // An internal property and another object's member: other files may read them.
            (
                "internal SslProtocols Version { get; set; } = SslProtocols.Tls;",
                vec!["SslProtocols.Tls"],
            ),
            (
                "void Parse(Header header) { header.Version = SslProtocols.Ssl2; }",
                vec!["SslProtocols.Ssl2"],
            ),
            // Passed by reference, as a method group, into a lambda, a collection.
            (
                "void A() { var p = SslProtocols.Tls; Set(ref p); }",
                vec!["SslProtocols.Tls"],
            ),
            (
                "private static SslProtocols Old() => SslProtocols.Tls;\nFunc<SslProtocols> f = Old;",
                vec!["SslProtocols.Tls"],
            ),
            (
                "Func<SslProtocols> F() => () => SslProtocols.Tls11;",
                vec!["SslProtocols.Tls11"],
            ),
            (
                "void A() { var p = SslProtocols.Tls; ref var r = ref p; Configure(r); }",
                vec!["SslProtocols.Tls"],
            ),
            (
                "void A(List<SslProtocols> all) { var p = SslProtocols.Tls; all.Add(p); }",
                vec!["SslProtocols.Tls"],
            ),
            // Named by reflection in a string: not followed.
            (
                "private SslProtocols version = SslProtocols.Tls;\nobject R() => typeof(C).GetField(\"version\");",
                vec!["SslProtocols.Tls"],
            ),
            // Named for reflection, or marked for a serializer: not followed.
            (
                "private SslProtocols version = SslProtocols.Tls;\nobject R() => typeof(C).GetField(nameof(version));",
                vec!["SslProtocols.Tls"],
            ),
            (
                "[DataMember] private SslProtocols version = SslProtocols.Tls;\nbool Old => version == SslProtocols.Tls;",
                vec!["SslProtocols.Tls"],
            ),
            // A parameter that shadows a field is not the field.
            (
                "private SslProtocols p;\nvoid A(out SslProtocols p) { p = SslProtocols.Tls; }",
                vec!["SslProtocols.Tls"],
            ),
            // An object initializer's member is the new object's.
            (
                "private SslProtocols version;\nobject A() => new Options { version = SslProtocols.Tls };",
                vec!["SslProtocols.Tls"],
            ),
        ] {
            assert_eq!(flagged_in_class(members), expected, "{members}");
        }
    }

    #[test]
    fn uses_in_bodies_the_skeleton_parse_leaves_out_are_seen() {
        // `Apply`'s body names no protocol type, so the skeleton parse skips it; the flow
        // reads the full parse and sees the field leave there.
        let members = "private SslProtocols version;\nvoid Parse(byte b) { version = b == 1 ? SslProtocols.Tls : SslProtocols.None; }\nvoid Apply(object handler)\n{\n    // nothing here names the protocol type, and the body is long enough to be skipped\n    Configure(handler, version);\n}";
        assert_eq!(flagged_in_class(members), ["SslProtocols.Tls"]);
        let read = members.replace(
            "Configure(handler, version);",
            "Console.WriteLine(version);",
        );
        assert!(flagged_in_class(&read).is_empty());
    }

    #[test]
    fn partial_types_and_their_private_members_are_followed_no_further() {
        let source = "using System.Security.Authentication;\npublic partial class C\n{\n    private SslProtocols version = SslProtocols.Tls;\n    bool Old => version == SslProtocols.Tls;\n}\n";
        assert_eq!(spans(&RULE, Target::Unknown, source), ["SslProtocols.Tls"]);
        // A `file` type is seen whole, whatever its members' accessibility.
        let source = "using System.Security.Authentication;\nfile class C\n{\n    public SslProtocols Version = SslProtocols.Tls;\n    public bool Old => Version == SslProtocols.Tls;\n}\n";
        assert!(spans(&RULE, Target::Unknown, source).is_empty());
    }

    #[test]
    fn vb_locals_only_read_are_labels() {
        let vb = |body: &str| -> Vec<String> {
            run_vb(&RULE, Target::Unknown, &in_vb_sub(body))
                .into_iter()
                .map(|(code, _)| code)
                .collect()
        };
        for body in [
            "        Dim expected = If(legacy, SslProtocols.Tls11, SslProtocols.Tls)\n        Dim copy As SslProtocols = expected\n        Assert.AreEqual(expected, stream.SslProtocol)\n        Select Case copy\n            Case SslProtocols.Tls\n        End Select\n        Console.WriteLine(\"expected {0}\", expected)\n        If copy.HasFlag(SslProtocols.Tls) Then Return",
            "        Dim p As SslProtocols = SslProtocols.Tls11\n        Dim f = Sub()\n                    If p = SslProtocols.Tls Then Return\n                End Sub",
            "        Dim n = NameOf(SslProtocols.Tls)\n        Dim d = [Enum].IsDefined(GetType(SslProtocols), stream.SslProtocol)",
        ] {
            assert!(vb(body).is_empty(), "{body}");
        }
        for (body, expected) in [
            (
                "        Dim expected = If(legacy, SslProtocols.Tls11, SslProtocols.Tls)\n        Dim copy = expected\n        stream.AuthenticateAsClient(\"h\", Nothing, copy, False)",
                vec!["SslProtocols.Tls11", "SslProtocols.Tls"],
            ),
            (
                "        Dim p As SslProtocols = SslProtocols.Ssl3\n        Configure(p)",
                vec!["SslProtocols.Ssl3"],
            ),
            (
                "        Dim p As SslProtocols = SslProtocols.Ssl3\n        Dim f = Function() p",
                vec!["SslProtocols.Ssl3"],
            ),
            (
                "        Dim p As SslProtocols = SslProtocols.Tls11\n        Dim f = Sub()\n                    stream.AuthenticateAsClient(\"h\", Nothing, p, False)\n                End Sub",
                vec!["SslProtocols.Tls11"],
            ),
            // An assignment is not followed (a field of the same name cannot be told apart).
            (
                "        Dim p As SslProtocols\n        p = SslProtocols.Tls\n        If p = SslProtocols.Tls Then Return",
                vec!["SslProtocols.Tls"],
            ),
            // A returned value leaves the method.
            ("        Return SslProtocols.Tls", vec!["SslProtocols.Tls"]),
        ] {
            assert_eq!(vb(body), expected, "{body}");
        }
    }
}
