<Global.Microsoft.VisualBasic.CompilerServices.DesignerGenerated()> _
Partial Class MainForm
    Inherits System.Windows.Forms.Form

    'Form overrides dispose to clean up the component list.
    <System.Diagnostics.DebuggerNonUserCode()> _
    Protected Overrides Sub Dispose(ByVal disposing As Boolean)
        Try
            If disposing AndAlso components IsNot Nothing Then
                components.Dispose()
            End If
        Finally
            MyBase.Dispose(disposing)
        End Try
    End Sub

    'Required by the Windows Form Designer
    Private components As System.ComponentModel.IContainer

    'NOTE: The following procedure is required by the Windows Form Designer
    'It can be modified using the Windows Form Designer.  
    'Do not modify it using the code editor.
    <System.Diagnostics.DebuggerStepThrough()> _
    Private Sub InitializeComponent()
        Me.InvoiceTextBox = New System.Windows.Forms.TextBox()
        Me.SendButton = New System.Windows.Forms.Button()
        Me.ScanButton = New System.Windows.Forms.Button()
        Me.MailButton = New System.Windows.Forms.Button()
        Me.AboutButton = New System.Windows.Forms.Button()
        Me.StatusLabel = New System.Windows.Forms.Label()
        Me.SuspendLayout()
        '
        'InvoiceTextBox
        '
        Me.InvoiceTextBox.Location = New System.Drawing.Point(12, 12)
        Me.InvoiceTextBox.Multiline = True
        Me.InvoiceTextBox.Name = "InvoiceTextBox"
        Me.InvoiceTextBox.Size = New System.Drawing.Size(460, 280)
        Me.InvoiceTextBox.TabIndex = 0
        '
        'SendButton
        '
        Me.SendButton.Location = New System.Drawing.Point(12, 298)
        Me.SendButton.Name = "SendButton"
        Me.SendButton.Size = New System.Drawing.Size(100, 28)
        Me.SendButton.TabIndex = 1
        Me.SendButton.Text = "Send invoice"
        Me.SendButton.UseVisualStyleBackColor = True
        '
        'ScanButton
        '
        Me.ScanButton.Location = New System.Drawing.Point(118, 298)
        Me.ScanButton.Name = "ScanButton"
        Me.ScanButton.Size = New System.Drawing.Size(100, 28)
        Me.ScanButton.TabIndex = 2
        Me.ScanButton.Text = "Fetch scan"
        Me.ScanButton.UseVisualStyleBackColor = True
        '
        'MailButton
        '
        Me.MailButton.Location = New System.Drawing.Point(224, 298)
        Me.MailButton.Name = "MailButton"
        Me.MailButton.Size = New System.Drawing.Size(100, 28)
        Me.MailButton.TabIndex = 3
        Me.MailButton.Text = "Mail report"
        Me.MailButton.UseVisualStyleBackColor = True
        '
        'AboutButton
        '
        Me.AboutButton.Location = New System.Drawing.Point(372, 298)
        Me.AboutButton.Name = "AboutButton"
        Me.AboutButton.Size = New System.Drawing.Size(100, 28)
        Me.AboutButton.TabIndex = 4
        Me.AboutButton.Text = "About"
        Me.AboutButton.UseVisualStyleBackColor = True
        '
        'StatusLabel
        '
        Me.StatusLabel.AutoSize = True
        Me.StatusLabel.Location = New System.Drawing.Point(12, 336)
        Me.StatusLabel.Name = "StatusLabel"
        Me.StatusLabel.Size = New System.Drawing.Size(38, 13)
        Me.StatusLabel.TabIndex = 5
        Me.StatusLabel.Text = "Ready"
        '
        'MainForm
        '
        Me.AutoScaleDimensions = New System.Drawing.SizeF(6.0!, 13.0!)
        Me.AutoScaleMode = System.Windows.Forms.AutoScaleMode.Font
        Me.ClientSize = New System.Drawing.Size(484, 361)
        Me.Controls.Add(Me.StatusLabel)
        Me.Controls.Add(Me.AboutButton)
        Me.Controls.Add(Me.MailButton)
        Me.Controls.Add(Me.ScanButton)
        Me.Controls.Add(Me.SendButton)
        Me.Controls.Add(Me.InvoiceTextBox)
        Me.Name = "MainForm"
        Me.Text = "InvoiceDesk"
        Me.ResumeLayout(False)
        Me.PerformLayout()

    End Sub

    Friend WithEvents InvoiceTextBox As TextBox
    Friend WithEvents SendButton As Button
    Friend WithEvents ScanButton As Button
    Friend WithEvents MailButton As Button
    Friend WithEvents AboutButton As Button
    Friend WithEvents StatusLabel As Label
End Class
