using System.Collections.Generic;
using System.Net;
using System.Net.Security;
using Proto = System.Security.Authentication.SslProtocols;

namespace Sync
{
    // `#if` inside expressions: each branch is the value one build compiles.
    internal sealed class Branches
    {
        public List<Proto> Order { get; set; } = new List<Proto> {
#if NET7_0_OR_GREATER
            Proto.Tls12,
#else
            Proto.Tls11 | Proto.Tls12,
#endif
        };

        public Proto[] Fallbacks = {
#if NET45
            Proto.Tls12,
#elif NET40
            Proto.Tls,
#endif
            Proto.Tls13,
        };

        // The first branch is compiled by no build (no `;`): it is linted all the same.
#if NET_4_5
        private static SecurityProtocolType Tls11 => SecurityProtocolType.Tls11
#else
        private static SecurityProtocolType Tls11 => (SecurityProtocolType)0x300;
#endif

        internal static void Connect(SslStream stream, string host)
        {
            stream.AuthenticateAsClient(host, null,
#if NET40
                Proto.Tls | Proto.Tls12,
#else
                Proto.None,
#endif
                false);
        }

        // Branches that only compare are reads: no finding.
        internal static bool IsLegacy(Proto negotiated) =>
            negotiated ==
#if NET40
                Proto.Tls;
#else
                Proto.Tls11;
#endif

        internal static bool Allows(Proto p) => p.HasFlag(
#if NET40
            Proto.Ssl3
#else
            Proto.Tls11
#endif
        );
    }
}
