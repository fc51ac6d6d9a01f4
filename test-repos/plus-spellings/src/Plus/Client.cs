using System.Net;

namespace Plus
{
    public static class Client
    {
        public static void Configure()
        {
            // An enum plus its underlying type is the enum: 3072 + 768 is TLS 1.2 and TLS 1.1.
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 + 768;
        }

        public static void Odd()
        {
            // 768 + 768 = 1536: not TLS 1.1 twice, another number.
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11 + 768;
        }

        public static string Describe()
        {
            var next = SecurityProtocolType.Tls + 1;
            return "protocols: " + SecurityProtocolType.Tls11 + next;
        }

        public static int Timeout() => 3072 + 768;
    }
}
