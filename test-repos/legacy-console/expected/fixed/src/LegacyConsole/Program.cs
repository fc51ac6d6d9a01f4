using System;
using System.Net;

namespace LegacyConsole
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            // The payment provider turned off SSL 3 in 2015; enable "everything else".
            ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;

            var client = new InvoiceClient(new Uri("https://api.example-payments.com/v2/"));
            foreach (var invoice in client.FetchOpenInvoices())
            {
                Console.WriteLine("{0} {1,10:C}", invoice.Number, invoice.Amount);
            }

            // Diagnostics only: reading the setting is fine.
            if (ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls11))
            {
                Console.Error.WriteLine("warning: TLS 1.1 is still enabled");
            }
            return 0;
        }
    }
}
