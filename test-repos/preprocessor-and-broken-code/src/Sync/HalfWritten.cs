using System.Net;

namespace Sync
{
    // Work in progress: this file does not compile yet.
    internal static class HalfWritten
    {
        internal static void Setup()
        {
#if OLD_RUNTIME
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3 |
#else
            ServicePointManager.SecurityProtocol =
#endif
                SecurityProtocolType.Tls;
            var options = new Options( { Protocol = SecurityProtocolType.Tls11 ;
            if (ServicePointManager.SecurityProtocol == SecurityProtocolType.Tls11 {
        }
    }
}
