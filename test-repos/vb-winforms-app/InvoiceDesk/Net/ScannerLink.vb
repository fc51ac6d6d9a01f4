Imports System.Net
Imports System.Net.Security
Imports System.Net.Sockets
Imports System.Security.Authentication
Imports System.Security.Cryptography.X509Certificates

''' <summary>
''' Talks to the document scanner appliance in the mail room. Its firmware (2012) only speaks
''' TLS 1.0 and 1.1, so this module switches the whole process to those versions around each
''' download, which also downgrades every other HTTPS call made in the meantime.
''' </summary>
Public Module ScannerLink

    ' The appliance cannot do TLS 1.2 (vendor ticket #4471).
    Private Const ScannerProtocols As SecurityProtocolType = SecurityProtocolType.Tls Or _
                                                             SecurityProtocolType.Tls11

    Private Const ScannerPort As Integer = 8443

    Public Function FetchBatch(host As String) As Byte()
        Dim previous = ServicePointManager.SecurityProtocol
#If BENCH_SCANNER Then
        ' The bench unit in the lab runs even older firmware: TLS 1.1 only.
        ServicePointManager.SecurityProtocol = CType(&H300, SecurityProtocolType)
#Else
        ServicePointManager.SecurityProtocol = ScannerProtocols
#End If
        Try
            Using client As New WebClient()
                Return client.DownloadData("https://" & host & ":" & ScannerPort & "/batch/latest")
            End Using
        Finally
            ServicePointManager.SecurityProtocol = previous
        End Try
    End Function

    Public Function OpenControlChannel(host As String) As SslStream
        Dim tcp As New TcpClient(host, ScannerPort)
        Dim ssl As New SslStream(tcp.GetStream(), False, AddressOf AcceptApplianceCertificate)
        ssl.AuthenticateAsClient(host, Nothing, SslProtocols.Default, False)
        Return ssl
    End Function

    Private Function AcceptApplianceCertificate(sender As Object, certificate As X509Certificate,
                                                chain As X509Chain, errors As SslPolicyErrors) As Boolean
        ' The appliance presents a self-signed certificate.
        Return errors = SslPolicyErrors.None OrElse errors = SslPolicyErrors.RemoteCertificateChainErrors
    End Function

End Module
