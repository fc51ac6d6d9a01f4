Imports System.Net
Imports System.Text

''' <summary>What the process will negotiate, for the About box and support calls.</summary>
Public Module TlsDiagnostics

    Public Function Describe() As String
        Dim enabled = ServicePointManager.SecurityProtocol
        Dim text As New StringBuilder()
        text.Append("TLS versions: ").Append(enabled.ToString())
        If enabled.HasFlag(SecurityProtocolType.Tls12) Then
            text.Append(" (TLS 1.2 available)")
        End If
        If (enabled And (SecurityProtocolType.Ssl3 Or SecurityProtocolType.Tls)) <> 0 Then
            text.AppendLine().Append("Warning: SSL 3.0 or TLS 1.0 is still enabled.")
        End If
        Select Case enabled
            Case SecurityProtocolType.Tls, SecurityProtocolType.Ssl3 Or SecurityProtocolType.Tls
                text.AppendLine().Append("These are the .NET 4.5 defaults: the gateway will refuse them.")
        End Select
        Return text.ToString()
    End Function

    Public Function IsLegacyOnly(protocols As SecurityProtocolType) As Boolean
        Return protocols = SecurityProtocolType.Tls OrElse
               protocols = (SecurityProtocolType.Ssl3 Or SecurityProtocolType.Tls)
    End Function

    ''' <summary>Drops SSL 3.0 and TLS 1.0 if something switched them back on.</summary>
    Public Sub DropLegacyVersions()
        ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol And Not (SecurityProtocolType.Ssl3 Or SecurityProtocolType.Tls)
        ' The 2014 build did this instead:
        ' ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11
        REM ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3 Or SecurityProtocolType.Tls
    End Sub

End Module
