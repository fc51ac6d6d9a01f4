using System.Net;

namespace Startup
{
    public static class Tls
    {
        // Issue 16's repro: the TLS 1.2 opt-in must stay unconditional after --fix.
        public static void Configure(bool legacy)
        {
            if (legacy)
                { }
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }

        public static void SameLine(bool legacy)
        {
            if (legacy) { }
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }

        // With LEGACY_PEERS the first addition is the if's body; without it, the second is.
        public static void Conditional(bool legacy)
        {
            if (legacy)
#if LEGACY_PEERS
                { }
#endif
            { }
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }

        public static void InBlock()
        {
#if LEGACY_PEERS
#endif
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }
    }
}
