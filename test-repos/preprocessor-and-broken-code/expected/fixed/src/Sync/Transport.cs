using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace Sync
{
    internal static class Transport
    {
        internal static void Configure(bool legacyPeer)
        {
#if NET40
            // No Tls12 member on .NET 4.0: cast the number.
            ServicePointManager.SecurityProtocol = (SecurityProtocolType)(192 | 768 | 3072);
#elif NET45
#endif
            if (legacyPeer)
            {
                ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
            }
#if DEBUG
            else if (ServicePointManager.SecurityProtocol == SecurityProtocolType.Ssl3) { }
#endif
            else
            {
                ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
            }
        }

        internal static void Authenticate(SslStream stream, string host)
        {
#if NETFRAMEWORK
            stream.AuthenticateAsClient(host, null, SslProtocols.None, false);
#else
            stream.AuthenticateAsClient(host);
#endif
        }
    }
}
