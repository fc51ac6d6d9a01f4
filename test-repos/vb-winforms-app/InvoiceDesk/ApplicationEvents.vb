Imports System.Net
Imports Microsoft.VisualBasic.ApplicationServices

Namespace My
    ' The following events are available for MyApplication:
    ' Startup: Raised when the application starts, before the startup form is created.
    ' Shutdown: Raised after all application forms are closed.  This event is not raised if the application terminates abnormally.
    ' UnhandledException: Raised if the application encounters an unhandled exception.
    ' StartupNextInstance: Raised when launching a single-instance application and the application is already active.
    ' NetworkAvailabilityChanged: Raised when the network connection is connected or disconnected.
    Partial Friend Class MyApplication

        Private Sub MyApplication_Startup(sender As Object, e As StartupEventArgs) Handles Me.Startup
            ' The payment gateway refuses TLS 1.0 since March 2023, and a .NET 4.5 process offers
            ' SSL 3.0 and TLS 1.0 only. Add TLS 1.2 before the first request leaves the process.
            ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls12
            My.Application.Log.WriteEntry("TLS: " & ServicePointManager.SecurityProtocol.ToString())
        End Sub

        Private Sub MyApplication_UnhandledException(sender As Object, e As UnhandledExceptionEventArgs) Handles Me.UnhandledException
            My.Application.Log.WriteException(e.Exception)
            MessageBox.Show(e.Exception.Message, "InvoiceDesk", MessageBoxButtons.OK, MessageBoxIcon.Error)
            e.ExitApplication = False
        End Sub

    End Class
End Namespace
