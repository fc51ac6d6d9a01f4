Imports System.IO
Imports System.Net
Imports System.Text

''' <summary>
''' Posts invoices to the payment gateway's REST API. TLS versions are decided once, at
''' startup (see ApplicationEvents.vb), not here.
''' </summary>
Public Class PaymentGatewayClient

    Private ReadOnly _baseUri As Uri

    Public Sub New(baseUri As Uri)
        _baseUri = baseUri
    End Sub

    Public Function PostInvoice(invoiceXml As String) As String
        Dim request = DirectCast(WebRequest.Create(New Uri(_baseUri, "invoices")), HttpWebRequest)
        request.Method = "POST"
        request.ContentType = "application/xml"
        request.Timeout = 30000
        Dim body = Encoding.UTF8.GetBytes(invoiceXml)
        request.ContentLength = body.Length
        Using stream = request.GetRequestStream()
            stream.Write(body, 0, body.Length)
        End Using
        Using response = DirectCast(request.GetResponse(), HttpWebResponse),
              reader As New StreamReader(response.GetResponseStream())
            Return reader.ReadToEnd()
        End Using
    End Function

End Class
