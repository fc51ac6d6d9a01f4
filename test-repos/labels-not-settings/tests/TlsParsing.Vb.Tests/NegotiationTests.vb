Imports System.Net.Security
Imports System.Security.Authentication
Imports Xunit

Public Class NegotiationTests
    ' The expected version is compared, switched on and logged: no finding.
    <Fact>
    Public Sub ReportsTheNegotiatedVersion()
        Dim legacy = Environment.GetEnvironmentVariable("LEGACY") = "1"
        Dim expected As SslProtocols = If(legacy, SslProtocols.Tls11, SslProtocols.Tls)
        Dim observer = New TlsParsing.SessionObserver(
            Sub(text, isLegacy)
                Assert.Equal($"negotiated {expected}", text)
                Assert.True(isLegacy)
            End Sub)
        Select Case expected
            Case SslProtocols.Tls11
                observer.OnHandshake("TLSv1.1")
            Case Else
                observer.OnHandshake("TLSv1")
        End Select
        Console.WriteLine("checked {0}", expected)
    End Sub

    ' The positive twin: the same expected version is used to connect. TLS002 twice.
    <Fact>
    Public Sub ConnectsWithTheExpectedVersion()
        Dim legacy = Environment.GetEnvironmentVariable("LEGACY") = "1"
        Dim expected As SslProtocols = If(legacy, SslProtocols.Tls11, SslProtocols.Tls)
        Using stream = New SslStream(New IO.MemoryStream())
            stream.AuthenticateAsClient("legacy.example", Nothing, expected, False)
        End Using
    End Sub
End Class
