Imports System.Net

Public Class MainForm

    Private ReadOnly _gateway As New PaymentGatewayClient(New Uri(My.Settings.GatewayUrl))

    Private Sub MainForm_Load(sender As Object, e As EventArgs) Handles MyBase.Load
        StatusLabel.Text = $"Ready - TLS: {ServicePointManager.SecurityProtocol}"
    End Sub

    Private Async Sub SendButton_Click(sender As Object, e As EventArgs) Handles SendButton.Click
        SendButton.Enabled = False
        Try
            Dim receipt = Await Task.Run(Function() _gateway.PostInvoice(InvoiceTextBox.Text))
            StatusLabel.Text = "Sent: " & receipt
        Catch ex As WebException
            StatusLabel.Text = "Gateway error: " & ex.Status.ToString()
        Finally
            SendButton.Enabled = True
        End Try
    End Sub

    Private Sub ScanButton_Click(sender As Object, e As EventArgs) Handles ScanButton.Click
        Dim batch = ScannerLink.FetchBatch(My.Settings.ScannerHost)
        InvoiceTextBox.Text = System.Text.Encoding.UTF8.GetString(batch)
    End Sub

    Private Sub MailButton_Click(sender As Object, e As EventArgs) Handles MailButton.Click
        Dim mailer As New ReportMailer(My.Settings.MailRelay)
        mailer.Send("accounts@contoso.example", IO.Path.Combine(Application.StartupPath, "report.pdf"))
    End Sub

    Private Sub AboutButton_Click(sender As Object, e As EventArgs) Handles AboutButton.Click
        MessageBox.Show(TlsDiagnostics.Describe(), "About InvoiceDesk")
    End Sub

End Class
