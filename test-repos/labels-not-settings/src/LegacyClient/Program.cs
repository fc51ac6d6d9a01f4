using System;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace LegacyClient
{
    /// The same shapes as in TlsParsing, but each value reaches a setting: all reported.
    internal static class Program
    {
        private static SslProtocols _recordVersion;

        private static void Main(string[] args)
        {
            using var client = new TcpClient(args[0], 443);
            using var stream = new SslStream(client.GetStream());
            _recordVersion = args.Length > 1 ? SslProtocols.Ssl3 : MinorToProtocol(byte.Parse(args[1]));
            // The decoded version is applied: TLS002 on each legacy arm.
            stream.AuthenticateAsClient(args[0], null, _recordVersion, false);

            var protocol = FromName(args[0]);
            using var handler = new HttpClientHandler { SslProtocols = protocol | SslProtocols.Tls12 };
            Console.WriteLine($"using {protocol}");
        }

        private static SslProtocols MinorToProtocol(byte minor) => minor switch
        {
            1 => SslProtocols.Tls,
            2 => SslProtocols.Tls11,
            _ => SslProtocols.Tls12,
        };

        static SslProtocols FromName(string name)
        {
            switch (name)
            {
                case "TLSv1.1":
                    return SslProtocols.Tls11;
                default:
                    return SslProtocols.None;
            }
        }
    }
}
