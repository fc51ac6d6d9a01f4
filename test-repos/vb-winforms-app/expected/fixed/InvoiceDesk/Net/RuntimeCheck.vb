Imports System.Net

' Runs on machines that may have only .NET Framework 4.0: setting TLS 1.2 throws there, and the
' Catch falls back to what that runtime has.
Friend Module RuntimeCheck
    Friend Sub EnableBestProtocols()
        Try
            ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault
        Catch ex As NotSupportedException
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3 Or SecurityProtocolType.Tls
        End Try
    End Sub
End Module
