using SPT = System.Net.SecurityProtocolType;
using static System.Net.SecurityProtocolType;

namespace Legacy.Http
{
    public static class TlsBootstrap
    {
        private const int Tls11Bits = 0x300;
        private const SecurityProtocolType Modern = (SecurityProtocolType)(0xC00 | 0x3000);

        public static void Enable()
        {
            // Adds TLS 1.1 and 1.2 through the polyfills: the TLS 1.1 constant was reported where it is declared.
            ServicePointManager.SecurityProtocol |= SecurityProtocolTypeExtensions.Tls11 | SecurityProtocolTypeExtensions.Tls12;
        }

        public static void EnableWithAlias() => ServicePointManager.SecurityProtocol = SPT.SystemDefault;

        public static void EnableStatic()
        {
            System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.SystemDefault;
        }

        public static void EnableNumeric()
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
            global::System.Net.ServicePointManager.SecurityProtocol = global::System.Net.SecurityProtocolType.SystemDefault;
        }

        public static void EnableModernOnly()
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
        }
    }
}
