//! What the VB analyser reports for each construct, positive and negative.

/// Analyses a file that must be read completely.
fn analyze(src: &str) -> FileFacts {
    super::analyze(src).expect("not too deep")
}
use crate::facts::{FileFacts, Sink, SwitchOrigin, WriteOp};
use crate::protocol::ProtocolEnum;

const SPT: ProtocolEnum = ProtocolEnum::SecurityProtocolType;
const SSL: ProtocolEnum = ProtocolEnum::SslProtocols;

/// Wraps statements in a module method with the usual imports.
fn in_sub(body: &str) -> String {
    format!(
        "Imports System\nImports System.Net\nImports System.Net.Security\nImports System.Security.Authentication\n\nModule M\n    Sub Run(stream As SslStream, host As String)\n{body}\n    End Sub\nEnd Module\n"
    )
}

/// The operands written in the file (reported where they are), as written.
fn written(src: &str) -> Vec<String> {
    let facts = analyze(src);
    facts
        .writes
        .iter()
        .flat_map(|w| w.operands.iter())
        .filter(|o| o.written_here)
        .map(|o| o.text.clone())
        .collect()
}

fn written_in_sub(body: &str) -> Vec<String> {
    written(&in_sub(body))
}

fn facts_in_sub(body: &str) -> FileFacts {
    analyze(&in_sub(body))
}

#[test]
fn member_access_in_every_spelling() {
    let src = r#"
Imports SPT = System.Net.SecurityProtocolType
Imports Auth = System.Security.Authentication
Imports System
Module M
    Sub Run()
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11
        System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Ssl3
        ServicePointManager.SecurityProtocol = Global.System.Net.SecurityProtocolType.Tls
        ServicePointManager.SecurityProtocol = Net.SecurityProtocolType.Tls11
        ServicePointManager.SecurityProtocol = SPT.Tls
        handler.SslProtocols = Auth.SslProtocols.Tls11
        handler.SslProtocols = System.Security.Authentication.SslProtocols.Ssl3
        servicepointmanager.securityprotocol = securityprotocoltype.TLS
    End Sub
End Module
"#;
    assert_eq!(
        written(src),
        [
            "SecurityProtocolType.Tls11",
            "System.Net.SecurityProtocolType.Ssl3",
            "Global.System.Net.SecurityProtocolType.Tls",
            "Net.SecurityProtocolType.Tls11",
            "SPT.Tls",
            "Auth.SslProtocols.Tls11",
            "System.Security.Authentication.SslProtocols.Ssl3",
            "securityprotocoltype.TLS",
        ]
    );
    let facts = analyze(src);
    assert!(
        facts.writes[..5]
            .iter()
            .chain(&facts.writes[7..])
            .all(|w| w.sink == Sink::SecurityProtocol && w.op == WriteOp::Set)
    );
    assert!(
        facts.writes[5..7]
            .iter()
            .all(|w| w.sink == Sink::SslProtocolsProperty)
    );
    let bits: Vec<u32> = facts.writes.iter().map(|w| w.summary.bits).collect();
    assert_eq!(bits, [768, 48, 192, 768, 192, 768, 48, 192]);
}

#[test]
fn or_chains_report_each_operand_and_summarise_the_value() {
    let facts = facts_in_sub(
        "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls Or SecurityProtocolType.Tls11 Or _\n    SecurityProtocolType.Tls12",
    );
    assert_eq!(facts.writes.len(), 1);
    let write = &facts.writes[0];
    let texts: Vec<&str> = write.operands.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "SecurityProtocolType.Tls",
            "SecurityProtocolType.Tls11",
            "SecurityProtocolType.Tls12"
        ]
    );
    assert_eq!(write.summary.bits, 192 | 768 | 3072);
    assert!(!write.summary.unknown);
    assert_eq!(write.sink, Sink::SecurityProtocol);
}

#[test]
fn conversions_of_numbers() {
    for (code, expected, bits) in [
        (
            "ServicePointManager.SecurityProtocol = CType(768, SecurityProtocolType)",
            "CType(768, SecurityProtocolType)",
            768,
        ),
        (
            "ServicePointManager.SecurityProtocol = DirectCast(&H300, SecurityProtocolType)",
            "DirectCast(&H300, SecurityProtocolType)",
            768,
        ),
        (
            "ServicePointManager.SecurityProtocol = CType(3072 Or 768, SecurityProtocolType)",
            "CType(3072 Or 768, SecurityProtocolType)",
            3840,
        ),
        (
            "ServicePointManager.SecurityProtocol = [Enum].ToObject(GetType(SecurityProtocolType), 768)",
            "[Enum].ToObject(GetType(SecurityProtocolType), 768)",
            768,
        ),
        (
            "ServicePointManager.SecurityProtocol = CType(&B1100_0000, System.Net.SecurityProtocolType)",
            "CType(&B1100_0000, System.Net.SecurityProtocolType)",
            192,
        ),
        (
            "ServicePointManager.SecurityProtocol = CType(&O1400L, SecurityProtocolType)",
            "CType(&O1400L, SecurityProtocolType)",
            768,
        ),
        (
            "stream.AuthenticateAsClient(host, Nothing, CType(240, SslProtocols), False)",
            "CType(240, SslProtocols)",
            240,
        ),
    ] {
        let facts = facts_in_sub(code);
        let operands: Vec<(&str, u32)> = facts
            .writes
            .iter()
            .flat_map(|w| &w.operands)
            .map(|o| (o.text.as_str(), o.bits))
            .collect();
        assert_eq!(operands, [(expected, bits)], "{code}");
    }
    // A conversion of another protocol value is reported at that value.
    assert_eq!(
        written_in_sub(
            "ServicePointManager.SecurityProtocol = CType(SslProtocols.Tls, SecurityProtocolType)"
        ),
        ["SslProtocols.Tls"]
    );
    // Integers never converted to the enums are not protocols.
    assert!(written_in_sub("Dim n As Integer = 768\nDim m = 192\nFoo(768)").is_empty());
}

#[test]
fn bare_numbers_convert_without_option_strict() {
    let facts = facts_in_sub("ServicePointManager.SecurityProtocol = 768");
    assert_eq!(facts.writes[0].operands[0].text, "768");
    assert_eq!(facts.writes[0].operands[0].protocol, SPT);
    assert_eq!(
        written_in_sub("ServicePointManager.SecurityProtocol = 3072 Or &HC0%"),
        ["3072", "&HC0%"]
    );
    assert_eq!(written_in_sub("handler.SslProtocols = 192"), ["192"]);
    assert_eq!(
        written_in_sub("stream.AuthenticateAsClient(host, Nothing, 12, False)"),
        ["12"]
    );
    let opt_in = facts_in_sub("ServicePointManager.SecurityProtocol = 3072");
    assert_eq!(opt_in.writes[0].summary.bits, 3072);
    assert_eq!(
        // (Used: a local that is never used, or only read, is a label.)
        written_in_sub(
            "Dim p As SecurityProtocolType = 768\nDim q As SslProtocols = 3072\nConfigure(p, q)"
        ),
        ["768", "3072"]
    );
    // Option Strict On forbids the conversion: the code does not compile, nothing to report.
    let strict = format!(
        "Option Strict On\n{}",
        in_sub("ServicePointManager.SecurityProtocol = 768")
    );
    assert!(written(&strict).is_empty());
    assert!(analyze(&strict).writes[0].summary.unknown);
    // SystemDefault (0) is a value, not an operand.
    let zero = facts_in_sub("ServicePointManager.SecurityProtocol = 0");
    assert_eq!(zero.writes[0].summary.bits, 0);
    assert!(!zero.writes[0].summary.unknown);
}

#[test]
fn functions_returning_the_enum_convert_numbers() {
    let src = r#"
Imports System.Net
Module M
    Function Protocols() As SecurityProtocolType
        If legacy Then Return 768
        Protocols = 3072 Or 192
    End Function
    Function Count() As Integer
        Return 768
    End Function
End Module
"#;
    assert_eq!(written(src), ["768", "3072", "192"]);
}

#[test]
fn constants_fold_and_are_reported_at_their_declaration() {
    let src = r#"
Imports System.Net
Module M
    Const Legacy As SecurityProtocolType = SecurityProtocolType.Tls Or SecurityProtocolType.Tls11
    Const Tls11Bits As Integer = 768
    Private Const Modern As SecurityProtocolType = CType(3072, SecurityProtocolType)
    Public Shared ReadOnly Old As SecurityProtocolType = SecurityProtocolType.Ssl3

    Sub Run()
        ServicePointManager.SecurityProtocol = Legacy
        ServicePointManager.SecurityProtocol = CType(Tls11Bits, SecurityProtocolType)
        ServicePointManager.SecurityProtocol = Tls11Bits Or Modern
        ServicePointManager.SecurityProtocol = M.Old
    End Sub
End Module
"#;
    assert_eq!(
        written(src),
        [
            "SecurityProtocolType.Tls",
            "SecurityProtocolType.Tls11",
            "CType(3072, SecurityProtocolType)",
            "SecurityProtocolType.Ssl3",
            "CType(Tls11Bits, SecurityProtocolType)",
            "Tls11Bits",
        ]
    );
    let facts = analyze(src);
    let uses: Vec<_> = facts
        .writes
        .iter()
        .filter(|w| w.sink == Sink::SecurityProtocol)
        .collect();
    assert_eq!(uses.len(), 4);
    // `Legacy`: an operand that is not written here, with the constant's value.
    assert_eq!(uses[0].operands.len(), 1);
    assert!(!uses[0].operands[0].written_here);
    assert_eq!(uses[0].summary.bits, 192 | 768);
    assert_eq!(uses[2].summary.bits, 768 | 3072);
    assert_eq!(uses[3].summary.bits, 48);
}

#[test]
fn polyfill_constants_are_not_reported_where_used() {
    let src = in_sub(
        "ServicePointManager.SecurityProtocol = SecurityProtocolTypeExtensions.Tls11 Or SecurityProtocolTypeExtensions.Tls12",
    );
    assert!(written(&src).is_empty());
    assert_eq!(analyze(&src).writes[0].summary.bits, 768 | 3072);
}

#[test]
fn every_write_position() {
    let src = r#"
Imports System.Net
Imports System.Security.Authentication
Imports System.Collections.Generic
Public Class C
    Private field As SecurityProtocolType = SecurityProtocolType.Tls
    Public Property Prop As SslProtocols = SslProtocols.Tls11
    Sub M(Optional p As SslProtocols = SslProtocols.Ssl3)
        Dim local = SecurityProtocolType.Tls11
        Configure(SecurityProtocolType.Ssl3)
        Dim all = {SecurityProtocolType.Tls, SecurityProtocolType.Tls12}
        Dim list = New List(Of SslProtocols) From {SslProtocols.Tls}
        Dim h = New HttpClientHandler With {.SslProtocols = SslProtocols.Default}
        Dim f As Func(Of SecurityProtocolType) = Function() SecurityProtocolType.Tls11
        Task.Run(Sub() ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls)
        local = SecurityProtocolType.Ssl3
        Configure(local)
        Dim o = New Options(SslProtocols.Tls11)
        Dim t = (SecurityProtocolType.Tls, 1)
    End Sub
    Function Get1() As SecurityProtocolType
        Return SecurityProtocolType.Tls11
    End Function
End Class
"#;
    assert_eq!(
        written(src),
        [
            "SecurityProtocolType.Tls",
            "SslProtocols.Tls11",
            "SslProtocols.Ssl3",
            "SecurityProtocolType.Tls11",
            "SecurityProtocolType.Ssl3",
            "SecurityProtocolType.Tls",
            "SecurityProtocolType.Tls12",
            "SslProtocols.Tls",
            "SslProtocols.Default",
            "SecurityProtocolType.Tls11",
            "SecurityProtocolType.Tls",
            "SecurityProtocolType.Ssl3",
            "SslProtocols.Tls11",
            "SecurityProtocolType.Tls",
            "SecurityProtocolType.Tls11",
        ]
    );
    let facts = analyze(src);
    let handler = facts
        .writes
        .iter()
        .find(|w| w.operands.iter().any(|o| o.text == "SslProtocols.Default"))
        .map(|w| w.sink);
    assert_eq!(handler, Some(Sink::SslProtocolsProperty));
    let lambda = facts
        .writes
        .iter()
        .find(|w| w.sink == Sink::SecurityProtocol)
        .map(|w| w.operands[0].text.clone());
    assert_eq!(lambda.as_deref(), Some("SecurityProtocolType.Tls"));
}

#[test]
fn with_blocks_set_properties() {
    let facts = facts_in_sub(
        "Dim handler = New HttpClientHandler()\nWith handler\n    .SslProtocols = SslProtocols.Tls Or SslProtocols.Tls12\nEnd With",
    );
    let write = facts
        .writes
        .iter()
        .find(|w| w.sink == Sink::SslProtocolsProperty)
        .expect("the With assignment is a sink");
    assert_eq!(write.operands.len(), 2);
    assert_eq!(write.operands[0].protocol, SSL);
}

#[test]
fn authenticate_arguments_are_sinks() {
    for code in [
        "stream.AuthenticateAsClient(host, Nothing, SslProtocols.Tls12, False)",
        "Await stream.AuthenticateAsClientAsync(host, certs, SslProtocols.Tls12, True)",
        "stream.AuthenticateAsServer(cert, False, SslProtocols.Tls12, False)",
        "stream.BeginAuthenticateAsClient(host, Nothing, SslProtocols.Tls12, False, Nothing, Nothing)",
        "stream.authenticateasclient(host, Nothing, enabledSslProtocols:=SslProtocols.Tls12, checkCertificateRevocation:=False)",
    ] {
        let facts = facts_in_sub(code);
        let sinks: Vec<Sink> = facts
            .writes
            .iter()
            .filter(|w| !w.operands.is_empty())
            .map(|w| w.sink)
            .collect();
        assert_eq!(sinks, [Sink::AuthenticateArgument], "{code}");
    }
    // Other argument positions and other methods are plain writes.
    let facts = facts_in_sub("Use(host, Nothing, SslProtocols.Tls12, False)");
    assert_eq!(facts.writes[0].sink, Sink::None);
}

#[test]
fn additive_writes() {
    for code in [
        "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls12",
        "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 Or ServicePointManager.SecurityProtocol",
        "servicepointmanager.SecurityProtocol = (ServicePointManager.securityProtocol Or SecurityProtocolType.Tls12)",
    ] {
        let facts = facts_in_sub(code);
        let write = &facts.writes[0];
        assert_eq!(write.op, WriteOp::Add, "{code}");
        assert!(write.summary.self_ref, "{code}");
        assert_eq!(write.summary.bits, 3072, "{code}");
        assert!(!write.summary.unknown, "{code}");
    }
    let plus = facts_in_sub("ServicePointManager.SecurityProtocol += SecurityProtocolType.Tls");
    assert_eq!(plus.writes[0].op, WriteOp::Other);
    assert_eq!(plus.writes[0].operands.len(), 1);
}

#[test]
fn reads_are_not_writes() {
    for read in [
        "If ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls Then Console.WriteLine(\"old\")",
        "If ServicePointManager.SecurityProtocol <> SecurityProtocolType.Tls11 Then",
        "ElseIf p = SecurityProtocolType.Ssl3 OrElse p = SecurityProtocolType.Tls Then",
        "Dim has = ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls11)",
        "Dim bit = (ServicePointManager.SecurityProtocol And SecurityProtocolType.Tls) <> 0",
        "Select Case ServicePointManager.SecurityProtocol",
        "Case SecurityProtocolType.Tls, SecurityProtocolType.Tls11",
        "Case Is = SecurityProtocolType.Ssl3",
        "Dim same = p Is SecurityProtocolType.Tls",
        "Assert.AreEqual(SecurityProtocolType.Tls11, ServicePointManager.SecurityProtocol)",
        "Debug.Assert(p <> SecurityProtocolType.Tls)",
        "p.Should().Be(SecurityProtocolType.Tls)",
        "Dim s = SecurityProtocolType.Tls.ToString()",
        "Dim s2 = \"Protocol: \" & SecurityProtocolType.Tls11",
        "Dim s3 = $\"Protocol: {SecurityProtocolType.Tls11} and {p And SecurityProtocolType.Tls}\"",
        "Dim s4 = CStr(SecurityProtocolType.Ssl3)",
        "Dim flipped = Not SecurityProtocolType.Tls",
        "Dim x = p Xor SecurityProtocolType.Tls",
        "Dim q = If(p = SecurityProtocolType.Tls, 1, 2)",
        "While p <> SecurityProtocolType.Tls : End While",
        "Do Until p = SecurityProtocolType.Tls11",
        "text &= SecurityProtocolType.Tls.ToString()",
        "text &= SecurityProtocolType.Tls",
    ] {
        assert!(written_in_sub(read).is_empty(), "{read}");
    }
}

#[test]
fn removals_and_masks_are_not_findings() {
    for code in [
        "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol And Not SecurityProtocolType.Ssl3",
        "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol And Not (SecurityProtocolType.Ssl3 Or SecurityProtocolType.Tls)",
        "Dim p = ServicePointManager.SecurityProtocol And Not SecurityProtocolType.Tls",
        "ServicePointManager.SecurityProtocol -= SecurityProtocolType.Tls",
    ] {
        assert!(written_in_sub(code).is_empty(), "{code}");
    }
    // The assignment itself is still seen, with an unknown value.
    let facts = facts_in_sub(
        "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol And Not SecurityProtocolType.Ssl3",
    );
    assert_eq!(facts.writes.len(), 1);
    assert!(facts.writes[0].summary.unknown);
    assert!(facts.writes[0].operands.is_empty());
}

#[test]
fn comments_strings_and_directives_are_never_values() {
    let src = in_sub(
        "' ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls\nREM ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11\nDim s = \"ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3\"\nDim t = \"say \"\"SecurityProtocolType.Tls\"\" \" ' SecurityProtocolType.Tls11\n#Region \"SecurityProtocolType.Tls\"\n#End Region\nx = 1 : rem SecurityProtocolType.Tls",
    );
    assert!(written(&src).is_empty());
}

#[test]
fn every_preprocessor_branch_is_analysed() {
    let src = in_sub(
        "#If NET40 Then\n        ServicePointManager.SecurityProtocol = CType(768, SecurityProtocolType)\n#ElseIf NET45 Then\n        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11\n#Else\n        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls\n#End If",
    );
    assert_eq!(written(&src).len(), 3);
}

#[test]
fn single_line_if_and_else() {
    assert_eq!(
        written_in_sub(
            "If legacy Then ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls Else ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12"
        ),
        ["SecurityProtocolType.Tls", "SecurityProtocolType.Tls12"]
    );
    assert_eq!(
        written_in_sub("If p = SecurityProtocolType.Tls Then p = SecurityProtocolType.Tls11"),
        ["SecurityProtocolType.Tls11"]
    );
}

#[test]
fn imported_enum_members() {
    let src = r#"
Imports System.Net.SecurityProtocolType
Imports System.Net
Module M
    Sub Run()
        ServicePointManager.SecurityProtocol = Tls Or tls12
        If ServicePointManager.SecurityProtocol = Ssl3 Then
        End If
    End Sub
End Module
"#;
    assert_eq!(written(src), ["Tls", "tls12"]);
}

#[test]
fn own_types_with_the_same_member_names_are_not_enum_references() {
    assert!(written_in_sub("Dim x = MyOptions.Tls11\nDim y = settings.Tls").is_empty());
    // A property of the project's own named SecurityProtocol is not ServicePointManager's.
    let facts = facts_in_sub("options.SecurityProtocol = 3072");
    assert!(facts.writes.is_empty());
}

#[test]
fn app_context_switches() {
    let src = r#"
Imports System
Module M
    Private Const Prefix As String = "Switch.System.Net."
    Private Const StrongCrypto As String = Prefix & "DontEnableSchUseStrongCrypto"
    Sub Run()
        AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", True)
        System.AppContext.SetSwitch(StrongCrypto, False)
        appcontext.setswitch(switchName:="Switch.System.Net.DontEnableSystemDefaultTlsVersions", isEnabled:=True)
        Global.System.AppContext.SetSwitch(Prefix + "DontEnableSystemDefaultTlsVersions", value)
        MyContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", True)
        ' AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", True)
    End Sub
End Module
"#;
    let facts = analyze(src);
    let switches: Vec<(Option<&str>, Option<bool>, &str)> = facts
        .switches
        .iter()
        .map(|s| (s.name.as_deref(), s.value, &src[s.span.clone()]))
        .collect();
    assert_eq!(
        switches,
        [
            (
                Some("Switch.System.Net.DontEnableSchUseStrongCrypto"),
                Some(true),
                "AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", True)"
            ),
            (
                Some("Switch.System.Net.DontEnableSchUseStrongCrypto"),
                Some(false),
                "System.AppContext.SetSwitch(StrongCrypto, False)"
            ),
            (
                Some("Switch.System.Net.DontEnableSystemDefaultTlsVersions"),
                Some(true),
                "appcontext.setswitch(switchName:=\"Switch.System.Net.DontEnableSystemDefaultTlsVersions\", isEnabled:=True)"
            ),
            (
                Some("Switch.System.Net.DontEnableSystemDefaultTlsVersions"),
                None,
                "Global.System.AppContext.SetSwitch(Prefix + \"DontEnableSystemDefaultTlsVersions\", value)"
            ),
        ]
    );
    assert!(
        facts
            .switches
            .iter()
            .all(|s| s.origin == SwitchOrigin::Code)
    );
    let imported = analyze(
        "Imports System.AppContext\nModule M\nSub R()\nSetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", True)\nEnd Sub\nEnd Module",
    );
    assert_eq!(imported.switches.len(), 1);
}

#[test]
fn operand_spans_and_text_are_as_written() {
    let src =
        in_sub("ServicePointManager.SecurityProtocol = SecurityProtocolType. _\n        Tls11");
    let facts = analyze(&src);
    let operand = &facts.writes[0].operands[0];
    assert_eq!(operand.text, "SecurityProtocolType. Tls11");
    assert!(src[operand.span.clone()].starts_with("SecurityProtocolType."));
    assert!(src[operand.span.clone()].ends_with("Tls11"));
    let statement = &src[facts.writes[0].statement.clone()];
    assert!(statement.starts_with("ServicePointManager.SecurityProtocol ="));
    assert!(statement.ends_with("Tls11"));
}

#[test]
fn never_panics_on_broken_input() {
    for src in [
        "ServicePointManager.SecurityProtocol = ",
        "ServicePointManager.SecurityProtocol = SecurityProtocolType.",
        "ServicePointManager.SecurityProtocol = CType(",
        "ServicePointManager.SecurityProtocol = CType(768,",
        "ServicePointManager.SecurityProtocol = [Enum].ToObject(GetType(",
        "AppContext.SetSwitch(",
        "AppContext.SetSwitch(\"x",
        "Dim h = New HttpClientHandler With { .SslProtocols = ",
        "stream.AuthenticateAsClient(,,,)",
        "Function F() As SecurityProtocolType\nF = ",
        "\0SecurityProtocol\0=\x00768",
        "x = $\"{SecurityProtocolType.Tls",
        "Const A As SecurityProtocolType = B\nConst B As SecurityProtocolType = A\nServicePointManager.SecurityProtocol = A",
    ] {
        let _ = analyze(src);
    }
    let huge = format!(
        "ServicePointManager.SecurityProtocol = {}",
        "SecurityProtocolType.Tls Or ".repeat(20_000)
    );
    let facts = analyze(&huge);
    assert_eq!(facts.writes[0].operands.len(), 20_000);
}

#[test]
fn xml_literals_are_read_and_do_not_hide_the_next_statement() {
    assert_eq!(
        written_in_sub(
            "Dim doc = <config><tls>SecurityProtocolType.Tls</tls></config>\nServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11"
        ),
        ["SecurityProtocolType.Tls11"]
    );
}

#[test]
fn attributes_on_their_own_line_belong_to_the_declaration() {
    let src = "Imports System.Net\nModule M\n    <Obsolete(\"use Modern\")>\n    Function Legacy() As SecurityProtocolType\n        Return 768\n    End Function\nEnd Module\n";
    assert_eq!(written(src), ["768"]);
}

#[test]
fn anonymous_type_members_configure_nothing() {
    let facts = facts_in_sub(
        "Dim shown = New With {.SslProtocols = SslProtocols.Tls12, Key .Name = \"x\"}",
    );
    assert_eq!(facts.writes.len(), 1);
    assert_eq!(facts.writes[0].sink, Sink::None);
    let handler =
        facts_in_sub("Dim h = New HttpClientHandler() With {.SslProtocols = SslProtocols.Tls12}");
    assert_eq!(handler.writes[0].sink, Sink::SslProtocolsProperty);
}

#[test]
fn error_count_sees_unbalanced_parentheses_and_open_strings() {
    let good = "Module M\n    Sub S()\n        Log(\"a \"\"quoted\"\" word\", (1 + 2))\n    End Sub\nEnd Module\n";
    assert_eq!(super::error_count(good), 0);
    assert_eq!(super::error_count(&good.replace("(1 + 2))", "(1 + 2)")), 1);
    assert_eq!(super::error_count("Dim s = \"never closed\n"), 1);
}

/// Writes in a `Catch` block (up to the next `Catch`, `Finally` or `End Try` of its `Try`,
/// nested `Try` statements included) are fallbacks; those in the `Try` or `Finally` block, in
/// comments or after the `End Try` are not.
#[test]
fn writes_in_catch_blocks_are_marked() {
    let src = "Imports System.Net\nModule M\n    Sub S()\n        Try\n            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12\n        Catch ex As NotSupportedException When ex IsNot Nothing\n            ' Try\n            Try\n                ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11\n            Catch\n            End Try\n            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls\n        Catch\n            ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3\n        Finally\n            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls13\n        End Try\n        ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault\n    End Sub\nEnd Module\n";
    let facts = analyze(src);
    let marked: Vec<(&str, bool)> = facts
        .writes
        .iter()
        .map(|w| (&src[w.value.clone()], facts.in_catch(w)))
        .collect();
    assert_eq!(
        marked,
        [
            ("SecurityProtocolType.Tls12", false),
            ("SecurityProtocolType.Tls11", true),
            ("SecurityProtocolType.Tls", true),
            ("SecurityProtocolType.Ssl3", true),
            ("SecurityProtocolType.Tls13", false),
            ("SecurityProtocolType.SystemDefault", false),
        ]
    );
}
