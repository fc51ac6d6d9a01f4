using System.Net;

namespace Sync
{
    // The runtime check of code that runs on .NET Framework 4.0: a runtime without TLS 1.2
    // throws on `Tls12Const`, and the `catch` falls back to what it has.
    internal static class Fallback
    {
        private const SecurityProtocolType Tls12Const = (SecurityProtocolType)3072;

        internal static void Enable()
        {
            try
            {
                // Fixed: the TLS 1.0 part goes, TLS 1.2 stays.
                ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | Tls12Const;
            }
            catch
            {
                // No fix: TLS 1.2 is exactly what this runtime rejected.
                ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls;
            }
        }
    }
}
