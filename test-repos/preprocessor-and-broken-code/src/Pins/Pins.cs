using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace Pins
{
    // One statement, a value per build: each branch is judged and fixed on its own.
    internal static class Pins
    {
        internal static void Pin()
        {
            // The pin in the first branch is reported although a later branch has a legacy
            // value: no build compiles both.
            ServicePointManager.SecurityProtocol =
#if NET8_0_OR_GREATER
                SecurityProtocolType.Tls12;
#else
                SecurityProtocolType.Tls11;
#endif
        }

        internal static void Connect(SslStream stream, string host)
        {
            stream.AuthenticateAsClient(host, null,
#if NET8_0_OR_GREATER
                SslProtocols.Tls12 | SslProtocols.Tls13,
#else
                SslProtocols.Tls11 | SslProtocols.Tls12,
#endif
                false);
        }

        internal static void Later()
        {
            // A later branch gets the safe fix it gets outside a group.
            ServicePointManager.SecurityProtocol =
#if NET8_0_OR_GREATER
                SecurityProtocolType.SystemDefault;
#else
                SecurityProtocolType.Tls | SecurityProtocolType.Tls12;
#endif
        }

        internal static void Added()
        {
            // An addition of only legacy versions is deleted outside a group; here the
            // statement holds the other branch too: no fix.
            ServicePointManager.SecurityProtocol |=
#if NET8_0_OR_GREATER
                SecurityProtocolType.Tls13;
#else
                SecurityProtocolType.Tls11;
#endif
        }

        internal static void Around()
        {
            // The build with LEGACY enables TLS 1.0: the statement gets TLS001 only.
            ServicePointManager.SecurityProtocol =
#if LEGACY
                SecurityProtocolType.Tls |
#endif
                SecurityProtocolType.Tls12;
        }
    }
}
