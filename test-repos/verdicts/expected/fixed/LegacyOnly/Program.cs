using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace LegacyOnly
{
    internal static class Program
    {
        private static void Main(string[] args)
        {
            // Offers TLS 1.0 alone: stops connecting when the server drops TLS 1.0/1.1.
            ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;

            using (var client = new TcpClient("ledger.example.com", 443))
            using (var ssl = new SslStream(client.GetStream()))
            {
                ssl.AuthenticateAsClient("ledger.example.com", null, SslProtocols.None, false);
            }
        }
    }
}
