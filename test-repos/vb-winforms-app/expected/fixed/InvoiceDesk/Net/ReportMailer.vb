Imports System.Net
Imports System.Net.Mail

''' <summary>Mails the monthly invoice report through the office relay.</summary>
Friend Class ReportMailer

    Private ReadOnly _relay As String

    Public Sub New(relay As String)
        _relay = relay
    End Sub

    Public Sub Send(recipient As String, reportPath As String)
        ' The Exchange 2010 relay needs TLS; "3072 Or 768 Or 192" (TLS 1.2, 1.1, 1.0) came from a
        ' forum answer in 2016, when the project still built against .NET 4.0.
        ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault
        Using message As New MailMessage("invoicedesk@contoso.example", recipient)
            message.Subject = "Monthly invoice report"
            message.Attachments.Add(New Attachment(reportPath))
            Using smtp As New SmtpClient(_relay, 587)
                smtp.EnableSsl = True
                smtp.UseDefaultCredentials = True
                smtp.Send(message)
            End Using
        End Using
    End Sub

End Class
