using System;
using System.Net;
using System.Security.Authentication;
using System.Text;

namespace Diagnostics
{
    /// <summary>Describes the process-wide TLS settings. Never use SecurityProtocolType.Tls.</summary>
    public static class TlsReport
    {
        public static string Describe(SecurityProtocolType value)
        {
            var text = new StringBuilder();
            if (value == SecurityProtocolType.Ssl3) text.Append("SSL 3.0 ");
            if ((value & SecurityProtocolType.Tls) != 0) text.Append("TLS 1.0 ");
            if (value.HasFlag(SecurityProtocolType.Tls11)) text.Append("TLS 1.1 ");
            text.Append($"(raw: {SecurityProtocolType.Tls | value})");
            return text.ToString();
        }

        public static bool IsLegacy(SslProtocols protocol) => protocol switch
        {
            SslProtocols.Ssl2 or SslProtocols.Ssl3 => true,
            SslProtocols.Tls or SslProtocols.Tls11 => true,
            _ => false,
        };

        public static int Score(SslProtocols protocol)
        {
            switch (protocol)
            {
                case SslProtocols.Tls:
                case SslProtocols.Tls11:
                    return 0;
                case SslProtocols.Tls12:
                    return 1;
                default:
                    return 2;
            }
        }

        /// <summary>Removes deprecated versions without adding anything.</summary>
        public static void StripLegacy()
        {
            ServicePointManager.SecurityProtocol &= ~(SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls | SecurityProtocolType.Tls11);
            ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol & ~SecurityProtocolType.Tls11;
        }

        public static void Warn(SslProtocols negotiated)
        {
            if (negotiated is SslProtocols.Tls or SslProtocols.Tls11)
            {
                Console.Error.WriteLine("negotiated " + SslProtocols.Tls11.ToString() + " or older");
            }
            var legacy = negotiated <= SslProtocols.Tls11 ? "legacy" : "modern";
            Console.Error.WriteLine("SslProtocols.Tls11 is " + legacy + "; see \"SecurityProtocolType.Tls\"");
            /* ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; */
        }

        // Settings.Tls11 is this library's own flag, not the enum.
        public static bool Tls11Requested(Settings settings) => settings.Tls11;
    }

    public sealed class Settings
    {
        public bool Tls11 { get; set; }
        public bool Tls { get; set; }
    }
}
