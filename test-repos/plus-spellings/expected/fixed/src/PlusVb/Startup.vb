Imports System.Net

Public Module Startup
    Public Sub Configure()
        ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault
    End Sub

    Public Sub ConfigureNumbers()
        ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault
    End Sub

    Public Sub Odd()
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11 + SecurityProtocolType.Tls11
    End Sub

    Public Function Timeout() As Integer
        Return 3072 + 768
    End Function
End Module
