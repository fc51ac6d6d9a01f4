//! TLS002 deprecated-ssl-protocols.

use super::{FileContext, Precision, RuleMeta, check_legacy_operands};
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
    check,
    check_project: None,
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
variable) is unsafe: its other uses change too.

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
}
