using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace LegacyConsole
{
    public sealed class Invoice
    {
        public string Number { get; set; }
        public decimal Amount { get; set; }
    }

    public sealed class InvoiceClient
    {
        private readonly Uri _baseUri;

        public InvoiceClient(Uri baseUri)
        {
            _baseUri = baseUri;
        }

        public IEnumerable<Invoice> FetchOpenInvoices()
        {
            using (var web = new WebClient())
            {
                var csv = web.DownloadString(new Uri(_baseUri, "invoices?state=open"));
                foreach (var line in csv.Split('\n'))
                {
                    var parts = line.Split(',');
                    if (parts.Length == 2)
                    {
                        yield return new Invoice { Number = parts[0], Amount = decimal.Parse(parts[1]) };
                    }
                }
            }
        }

        /// <summary>
        /// Raw socket health check against the API's TLS endpoint.
        /// Do not use SslProtocols.Ssl3 here (this comment is not a finding).
        /// </summary>
        public bool Ping()
        {
            using (var tcp = new TcpClient(_baseUri.Host, 443))
            using (var ssl = new SslStream(tcp.GetStream()))
            {
                ssl.AuthenticateAsClient(_baseUri.Host, null, SslProtocols.None, false);
                return ssl.IsAuthenticated;
            }
        }
    }
}
